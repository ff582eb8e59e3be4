using System.Net;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KrakenBot.Cli.Metrics;

/// <summary>
/// <c>--metrics-port N</c>: the connector's meter served in Prometheus text format at
/// <c>http://127.0.0.1:N/metrics</c> (OpenTelemetry's exporter), for as long as the process runs. Loopback only: the
/// figures describe a trading account, so nothing outside this machine may read them.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly MeterProvider _provider;

    private MetricsEndpoint(MeterProvider provider, int port)
    {
        _provider = provider;
        Address = new Uri($"http://127.0.0.1:{port}/metrics");
    }

    /// <summary>Where Prometheus scrapes.</summary>
    public Uri Address { get; }

    /// <summary>Starts listening; a bad or busy port is a configuration error that names it.</summary>
    public static MetricsEndpoint Start(int port)
    {
        if (port is < 1 or > 65535)
            throw CliException.Configuration($"--metrics-port {port} is not a TCP port: give a number from 1 to 65535 (e.g. --metrics-port 9464).");
        try
        {
            var provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(ConnectorMeter.Name)
                .AddPrometheusHttpListener(options =>
                {
                    options.Host = "127.0.0.1";
                    options.Port = port;
                })
                .Build();
            return new MetricsEndpoint(provider, port);
        }
        catch (HttpListenerException e)
        {
            throw CliException.Configuration(
                $"--metrics-port {port}: cannot listen on 127.0.0.1:{port} ({e.Message}). Choose a free port, or stop what uses it.");
        }
    }

    public void Dispose() => _provider.Dispose();
}
