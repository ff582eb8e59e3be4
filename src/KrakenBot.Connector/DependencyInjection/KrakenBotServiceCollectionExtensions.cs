using System.Diagnostics.Metrics;
using KrakenBot.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The namespace of the extended type, as .NET's own registrations do: AddKrakenBot shows up next to AddLogging.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="KrakenConnector"/> in a generic-host (or any Microsoft.Extensions.DependencyInjection) app.</summary>
public static class KrakenBotServiceCollectionExtensions
{
    /// <summary>
    /// Adds a singleton <see cref="KrakenConnector"/> whose <see cref="KrakenConnectorOptions"/> are bound from
    /// <paramref name="configuration"/> (e.g. <c>configuration.GetSection("KrakenBot")</c>: <c>Kraken:RestBaseUrl</c>,
    /// <c>Kraken:Tier</c>, <c>JournalPath</c>, <c>Paper:StartingBalances:USD</c>, and <c>ApiKey</c>/<c>ApiSecret</c>
    /// for the credentials). The container's <see cref="ILoggerFactory"/>, <see cref="IMeterFactory"/> and
    /// <see cref="TimeProvider"/> are used when registered.
    /// </summary>
    public static IServiceCollection AddKrakenBot(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddKrakenBot(options => Bind(configuration, options));
    }

    /// <summary>Adds a singleton <see cref="KrakenConnector"/> with options set by <paramref name="configure"/>; see <see cref="AddKrakenBot(IServiceCollection, IConfiguration)"/>.</summary>
    public static IServiceCollection AddKrakenBot(this IServiceCollection services, Action<KrakenConnectorOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<KrakenConnectorOptions>().Configure(configure);
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<KrakenConnectorOptions>>().Value;
            options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
            options.MeterFactory ??= provider.GetService<IMeterFactory>();
            if (ReferenceEquals(options.TimeProvider, TimeProvider.System) && provider.GetService<TimeProvider>() is { } time)
                options.TimeProvider = time;
            return new KrakenConnector(options);
        });
        return services;
    }

    private static void Bind(IConfiguration configuration, KrakenConnectorOptions options)
    {
        configuration.Bind(options);
        string? key = configuration["ApiKey"], secret = configuration["ApiSecret"];
        if (string.IsNullOrWhiteSpace(key) && string.IsNullOrWhiteSpace(secret)) return;
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret))
            throw new InvalidOperationException("KrakenBot configuration has only one of ApiKey and ApiSecret: give both, or neither for market data and paper trading.");
        options.Credentials = new KrakenCredentials(key, secret);
    }
}
