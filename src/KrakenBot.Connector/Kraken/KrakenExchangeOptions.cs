using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Microsoft.Extensions.Logging;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Kraken;

/// <summary>Everything <see cref="KrakenSpotExchange"/> needs: where Kraken is, who we are, where the journal lives.</summary>
internal sealed class KrakenExchangeOptions
{
    /// <summary>URLs (point them at the sandbox to test), tier (sizes the rate budgets), timeouts.</summary>
    public KrakenOptions Kraken { get; init; } = new();

    /// <summary>API key and secret. Required: the spot exchange trades a real account.</summary>
    public KrakenCredentials? Credentials { get; init; }

    /// <summary>
    /// The journal: a SQLite file (null uses the default under the user's data directory), or a PostgreSQL connection
    /// string (<c>postgres://…</c> or <c>Host=…</c>) shared by a fleet on one key, whose nonces then come from it.
    /// </summary>
    public string? JournalPath { get; init; }

    /// <summary>
    /// This connector's name among the connectors that share one key through a PostgreSQL journal (a bot's id): its
    /// client order ids are derived from it, and it reconciles, adopts and cancels only those orders, never another
    /// member's. Starting again under the same name takes its orders back. Null gives a name for this run only.
    /// Ignored with a SQLite journal (one connector per key owns every order on it).
    /// </summary>
    public string? FleetMember { get; init; }

    /// <summary>Keep Kraken's dead man's switch armed while running (Kraken cancels all orders if the bot goes silent).</summary>
    public bool DeadManSwitch { get; init; }

    /// <summary>The dead man's switch timeout; re-armed every third of it. Default 60 s.</summary>
    public TimeSpan DeadManSwitchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often reconciliation runs even when all looks healthy (fills can be missed on a live socket). Default 60 s.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The permissions checked at start; each missing one is named. Default: everything trading needs.</summary>
    public KrakenPermissions RequiredPermissions { get; init; } = KrakenPermissions.Trading;

    /// <summary>Clock for timestamps, timers and rate budgets.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logging; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>
    /// Creates the connector's meter (<see cref="Diagnostics.ConnectorMeter.Name"/>); without one its instruments are
    /// on a process-wide meter of that name.
    /// </summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>Sends every REST request (not disposed by the exchange); a fresh handler when null. Set through <see cref="KrakenConnectorOptions"/>.</summary>
    internal HttpMessageHandler? HttpMessageHandler { get; init; }

    /// <summary>The proxy for REST (without a <see cref="HttpMessageHandler"/>) and both WebSockets; null uses the system's. Set through <see cref="KrakenConnectorOptions"/>.</summary>
    internal System.Net.IWebProxy? Proxy { get; init; }

    /// <summary>Reconnect, liveness and buffer settings of the private socket.</summary>
    public SocketTransportOptions SocketTransport { get; init; } = new();

    /// <summary>How long a WebSocket order request may wait for its answer before its outcome counts as unknown. Default 10 s.</summary>
    public TimeSpan SocketRequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Opens both WebSockets (benchmarks wrap the real one to time frames); <see cref="KrakenWebSocketConnector"/> when null.</summary>
    internal IWebSocketConnector? WebSocketConnector { get; init; }

    /// <summary>
    /// The <c>deadline</c> every new order is sent with, over the socket and over REST: Kraken refuses an order that
    /// reaches its matching engine later. An order whose reply is lost is settled by a lookup once this has passed, so
    /// shorter means quicker certainty, longer means fewer refusals on a slow link. 2 to 60 s (Kraken's range); 10 s.
    /// </summary>
    public TimeSpan OrderDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many events one reader of <see cref="KrakenSpotExchange.Events"/> (and the <c>EventRaised</c> handlers,
    /// together) may fall behind before it misses some and gets <see cref="Trading.Events.EventsOverflowed"/> instead.
    /// Default 10,000.
    /// </summary>
    public int EventCapacityPerReader { get; init; } = Streams.ExchangeEventHub.DefaultCapacityPerReader;

    /// <summary>New client order ids (UUIDs). Injected for tests; default <see cref="Guid.NewGuid"/>.</summary>
    internal Func<Guid> NewClientOrderId { get; init; } = Guid.NewGuid;

    /// <summary>
    /// Least time between two <c>BalanceEx</c> reads; null sizes it from the tier's REST budget. Tests lengthen it so
    /// that no read runs while they trade.
    /// </summary>
    internal TimeSpan? BalanceRefreshGap { get; init; }

    internal void Validate()
    {
        Kraken.Validate();
        if (Credentials is null)
            throw new InvalidOperationException("KrakenSpotExchange needs API credentials (KrakenExchangeOptions.Credentials): it trades a real account. Use paper trading without keys.");
        if (ReconcileInterval < TimeSpan.FromSeconds(1))
            throw new InvalidOperationException($"ReconcileInterval is {ReconcileInterval}: it must be at least 1 second.");
        if (EventCapacityPerReader < 1)
            throw new InvalidOperationException($"EventCapacityPerReader is {EventCapacityPerReader}: a reader needs room for at least 1 event.");
        if (SocketRequestTimeout <= TimeSpan.Zero)
            throw new InvalidOperationException($"SocketRequestTimeout is {SocketRequestTimeout}: it must be positive.");
        if (OrderDeadline < TimeSpan.FromSeconds(2) || OrderDeadline > TimeSpan.FromSeconds(60))
            throw new InvalidOperationException($"OrderDeadline is {OrderDeadline}: Kraken accepts 2 to 60 seconds.");
    }
}
