using System.Diagnostics.Metrics;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.PaperTrade;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector;

/// <summary>
/// Everything <see cref="KrakenConnector"/> needs, in one place: where Kraken is (or the sandbox), the account's tier,
/// the API key, where the journal lives, and the .NET services to use (HTTP handler, logging, metrics, clock).
/// Bindable from configuration (<c>services.AddKrakenBot(configuration.GetSection("KrakenBot"))</c>).
/// </summary>
public sealed class KrakenConnectorOptions
{
    /// <summary>The configuration section <see cref="Microsoft.Extensions.DependencyInjection.KrakenBotServiceCollectionExtensions.AddKrakenBot(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/> reads by convention: <c>KrakenBot</c>.</summary>
    public const string SectionName = "KrakenBot";

    /// <summary>Endpoints (REST, public and private WebSocket), tier, timeouts and retries. Kraken's own by default.</summary>
    public KrakenOptions Kraken { get; set; } = new();

    /// <summary>The API key; needed only to trade a real account (<see cref="KrakenConnector.ConnectAsync(CancellationToken)"/>).</summary>
    public KrakenCredentials? Credentials { get; set; }

    /// <summary>The SQLite journal file (orders, fills, nonces, the paper account); null uses the default under the user's data directory.</summary>
    public string? JournalPath { get; set; }

    /// <summary>
    /// The connector's name in a fleet sharing one key through a PostgreSQL <see cref="JournalPath"/> (a bot's id): it
    /// handles only the orders it placed under this name (see <see cref="Kraken.KrakenExchangeOptions.FleetMember"/>).
    /// </summary>
    public string? FleetMember { get; set; }

    /// <summary>Keep Kraken's dead man's switch armed while a live exchange runs (Kraken cancels all orders if the bot goes silent).</summary>
    public bool DeadManSwitch { get; set; }

    /// <summary>How the paper account starts (balances, simulated latency, fee tier) and behaves.</summary>
    public PaperExchangeOptions Paper { get; set; } = new();

    /// <summary>
    /// Sends every REST request (proxies, certificates, test doubles, <c>IHttpClientFactory</c> handlers). Not disposed by
    /// the connector. Null uses a fresh <see cref="SocketsHttpHandler"/> per exchange.
    /// </summary>
    public HttpMessageHandler? HttpMessageHandler { get; set; }

    /// <summary>
    /// The HTTP proxy for REST and both WebSockets (sockets reach it with an HTTP <c>CONNECT</c> tunnel, with its Basic
    /// credentials when it has some). Null, the default, uses the system's proxy as <see cref="HttpClient"/> does
    /// (<see cref="HttpClient.DefaultProxy"/>: <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>ALL_PROXY</c>, with <c>NO_PROXY</c>
    /// bypassed). With a <see cref="HttpMessageHandler"/> set, REST uses that handler's own proxy settings instead.
    /// </summary>
    public System.Net.IWebProxy? Proxy { get; set; }

    /// <summary>Logging; nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Metrics (book, socket and exchange meters); none when null.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Clock for timestamps, timers, rate budgets and simulated latency.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Options pointing every endpoint at a local Kraken-compatible server, such as the embedded sandbox.</summary>
    /// <param name="restBaseUrl">REST base, e.g. <c>http://127.0.0.1:7070</c>.</param>
    /// <param name="webSocketUrl">Public WebSocket v2, e.g. <c>ws://127.0.0.1:7070/v2</c>.</param>
    /// <param name="webSocketAuthUrl">Private WebSocket v2; needed only for live trading.</param>
    public static KrakenConnectorOptions At(Uri restBaseUrl, Uri webSocketUrl, Uri? webSocketAuthUrl = null)
    {
        ArgumentNullException.ThrowIfNull(restBaseUrl);
        ArgumentNullException.ThrowIfNull(webSocketUrl);
        var kraken = new KrakenOptions { RestBaseUrl = restBaseUrl, WebSocketPublicUrl = webSocketUrl };
        if (webSocketAuthUrl is not null) kraken.WebSocketAuthUrl = webSocketAuthUrl;
        return new KrakenConnectorOptions { Kraken = kraken };
    }
}
