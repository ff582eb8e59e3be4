using System.Net;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Api.Rest;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Limits;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;
using KrakenBot.Sandbox.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Sandbox;

/// <summary>
/// A running sandbox exchange on 127.0.0.1: Kraken's spot REST API (and WebSocket v2 endpoints),
/// a matching engine, optional synthetic market and persistence. Start it with
/// <see cref="StartAsync"/>, read its URLs, and stop it with <c>await using</c>.
/// </summary>
public sealed partial class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxContext _context;
    private readonly IMarketSimulation? _market;
    private readonly SqliteJournal? _journal;
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;

    private SandboxHost(WebApplication app, SandboxContext context, IMarketSimulation? market, SqliteJournal? journal)
    {
        _app = app;
        _context = context;
        _market = market;
        _journal = journal;
        RestUri = new Uri($"http://127.0.0.1:{context.Listeners.MainPort}");
        WebSocketUri = new Uri($"ws://127.0.0.1:{context.Listeners.MainPort}/v2");
        WebSocketAuthUri = new Uri($"ws://127.0.0.1:{context.Listeners.AuthPort}/v2");
        WebSocketAuthPathUri = new Uri($"ws://127.0.0.1:{context.Listeners.MainPort}/v2-auth");
    }

    /// <summary>REST base URL, e.g. <c>http://127.0.0.1:7070</c> (paths start at <c>/0/…</c>).</summary>
    public Uri RestUri { get; }

    /// <summary>Public WebSocket v2 URL (<c>ws://127.0.0.1:PORT/v2</c>).</summary>
    public Uri WebSocketUri { get; }

    /// <summary>
    /// Private WebSocket v2 URL on its own port, shaped like Kraken's <c>wss://ws-auth.kraken.com/v2</c>
    /// (<c>ws://127.0.0.1:AUTH_PORT/v2</c>): a client that appends <c>/v2</c> to the auth host reaches it.
    /// </summary>
    public Uri WebSocketAuthUri { get; }

    /// <summary>The same private WebSocket on the main port (<c>ws://127.0.0.1:PORT/v2-auth</c>).</summary>
    public Uri WebSocketAuthPathUri { get; }

    /// <summary>Fault injection: everything is off until asked for.</summary>
    public SandboxFaults Faults => _context.Faults;

    /// <summary>The line the program prints when it is ready.</summary>
    public string ReadyLine =>
        $"sandbox ready rest={RestUri.GetLeftPart(UriPartial.Authority)} ws={WebSocketUri} ws-auth={WebSocketAuthUri} ws-auth-path={WebSocketAuthPathUri}";

    internal SandboxContext Context => _context;
    internal ExchangeEngine Exchange => _context.Exchange;

    /// <summary>Starts a sandbox and returns once it accepts connections.</summary>
    /// <exception cref="ArgumentException">An account has a bad secret, a duplicate key or an unknown asset.</exception>
    public static async Task<SandboxHost> StartAsync(SandboxOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!MarketPresets.IsKnown(options.Market))
            throw new ArgumentException($"Unknown market preset '{options.Market}'. Known: {string.Join(", ", MarketPresets.Names)}.", nameof(options));
        var journal = options.DataDirectory is { } dir ? SqliteJournal.Open(dir) : null;
        // A fresh data directory (or none) runs exactly as the seed says; a restart continues with new ids.
        var seed = journal is null || journal.Run == 1 ? options.Seed : HashCode.Combine(options.Seed, journal.Run);
        var exchange = new ExchangeEngine(MarketCatalog.CreateDefault(), options.TimeProvider, seed);
        IMarketSimulation? market = null;
        WebApplication? app = null;
        try
        {
            if (journal is not null)
            {
                journal.Load(exchange, options.Accounts, options.Tier);
                exchange.Journal = journal;
            }
            foreach (var account in options.Accounts) AddAccount(exchange, account, options.Tier);

            var context = new SandboxContext
            {
                Exchange = exchange,
                Faults = new SandboxFaults(exchange),
                Tokens = new WebSocketTokens(options.TimeProvider),
                Options = options,
                Log = options.LoggerFactory?.CreateLogger("KrakenBot.Sandbox") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
            };

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                ApplicationName = typeof(SandboxHost).Assembly.GetName().Name,
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            // The host must not take over the embedding process's Ctrl+C: the program handles signals itself.
            builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = Math.Max(1024 * 1024, options.MaxRequestBodyBytes * 2L);
                kestrel.Listen(IPAddress.Loopback, options.Port, context.Listeners.UseMain);
                kestrel.Listen(IPAddress.Loopback, options.WebSocketAuthPort, context.Listeners.UseAuth);
            });
            app = builder.Build();
            app.UseWebSockets();
            app.Use(OnlyPrivateSocketOnAuthPort(context.Listeners));
            RestEndpoints.Map(app, context);
            AdminEndpoints.Map(app, context);
            MapWebSocketEndpoints(app, context);
            app.MapFallback(RestEndpoints.UnknownMethod);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            if (options.MarketActivity)
            {
                market = MarketPresets.Create(options.Market, exchange, options.Seed, journal?.Run ?? 1, options.TimeProvider, options.MarketActivityInterval);
                market.Start();
            }
            var host = new SandboxHost(app, context, market, journal);
            context.Stopping = host._stopping.Token;
            return host;
        }
        catch
        {
            market?.Dispose();
            if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
            journal?.Dispose();
            exchange.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Seam for the WebSocket v2 API: implement this partial method (in <c>Api/Socket</c>) to map
    /// <c>/v2</c> and <c>/v2-auth</c> on the same <see cref="SandboxContext"/>. Without an
    /// implementation the call compiles away.
    /// </summary>
    static partial void MapWebSocketEndpoints(WebApplication app, SandboxContext context);

    /// <summary>The private WebSocket port answers <c>/v2</c> only, like Kraken's auth host; anything else is told where to go.</summary>
    private static Func<HttpContext, RequestDelegate, Task> OnlyPrivateSocketOnAuthPort(SandboxListeners listeners) => (http, next) =>
    {
        if (!listeners.IsAuthPort(http) || http.Request.Path == "/v2") return next(http);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return http.Response.WriteAsync(
            $"This port serves only the private WebSocket at /v2 (like wss://ws-auth.kraken.com/v2). REST and the public WebSocket are on port {listeners.MainPort}.",
            http.RequestAborted);
    };

    private static void AddAccount(ExchangeEngine exchange, SandboxAccount options, AccountTier tier)
    {
        if (string.IsNullOrWhiteSpace(options.ApiKey)) throw new ArgumentException("Every sandbox account needs a non-empty API key.", nameof(options));
        byte[] secret;
        try { secret = Convert.FromBase64String(options.ApiSecret); }
        catch (FormatException) { throw new ArgumentException($"The API secret of key '{options.ApiKey}' is not valid base64 (Kraken secrets are base64).", nameof(options)); }
        if (secret.Length == 0) throw new ArgumentException($"The API secret of key '{options.ApiKey}' is empty.", nameof(options));

        if (exchange.Accounts.TryGetByKey(options.ApiKey, out _)) return; // restored from the data directory: balances already there
        var account = exchange.Accounts.Create(options.ApiKey, options.ApiKey, secret, options.Permissions, tier);
        account.RestCounter = new RestCallCounter(tier, exchange.Time);
        account.TradingCounters = new TradingCounters(tier, exchange.Time);
        foreach (var (name, amount) in options.Balances)
        {
            if (!exchange.Markets.TryGetAsset(name, out var asset))
                throw new ArgumentException($"Unknown asset '{name}' in the balances of key '{options.ApiKey}'. Known: {string.Join(", ", exchange.Markets.Assets.Select(a => a.AltName))}.", nameof(options));
            exchange.Deposit(account, asset, amount);
        }
        exchange.Journal?.AccountChanged(account);
    }

    /// <summary>Stops accepting connections, stops the synthetic market and flushes persistence.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _market?.Dispose();
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        _journal?.Dispose();
        _context.Exchange.Dispose();
    }

    /// <summary>Stops the sandbox and releases its port.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
