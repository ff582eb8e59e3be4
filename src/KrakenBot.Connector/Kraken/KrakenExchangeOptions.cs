using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken;

/// <summary>Everything <see cref="KrakenSpotExchange"/> needs: where Kraken is, who we are, where the journal lives.</summary>
public sealed class KrakenExchangeOptions
{
    /// <summary>URLs (point them at the sandbox to test), tier (sizes the rate budgets), timeouts.</summary>
    public KrakenOptions Kraken { get; init; } = new();

    /// <summary>API key and secret. Required: the spot exchange trades a real account.</summary>
    public KrakenCredentials? Credentials { get; init; }

    /// <summary>The SQLite journal file; null uses the default under the user's data directory.</summary>
    public string? JournalPath { get; init; }

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

    /// <summary>Reconnect, liveness and buffer settings of the private socket.</summary>
    public SocketTransportOptions SocketTransport { get; init; } = new();

    /// <summary>How long a WebSocket order request may wait for its answer before its outcome counts as unknown. Default 10 s.</summary>
    public TimeSpan SocketRequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many events one reader of <see cref="KrakenSpotExchange.Events"/> (and the <c>EventRaised</c> handlers,
    /// together) may fall behind before it misses some and gets <see cref="Trading.Events.EventsOverflowed"/> instead.
    /// Default 10,000.
    /// </summary>
    public int EventCapacityPerReader { get; init; } = Streams.ExchangeEventHub.DefaultCapacityPerReader;

    /// <summary>New client order ids (UUIDs). Injected for tests; default <see cref="Guid.NewGuid"/>.</summary>
    internal Func<Guid> NewClientOrderId { get; init; } = Guid.NewGuid;

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
    }
}
