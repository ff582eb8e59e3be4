using System.Diagnostics.Metrics;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Kraken's public WebSocket v2 market data on one self-healing connection: trades, tickers, live candles,
/// instruments and system status. Subscriptions survive reconnects. Books are routed raw to the book tracker.
/// </summary>
internal sealed class KrakenMarketDataSocket : IAsyncDisposable
{
    private readonly SocketSession _session;

    /// <summary>Creates the socket; call <see cref="Start"/> to connect.</summary>
    /// <param name="options">Endpoint and connection settings.</param>
    /// <param name="time">Clock for timeouts, backoff and candle closes (tests pass a fake one).</param>
    /// <param name="loggerFactory">Logging; nothing is logged when null.</param>
    /// <param name="meterFactory">Metrics (<c>KrakenBot.Connector.Socket</c> meter).</param>
    public KrakenMarketDataSocket(SocketSessionOptions options, TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null)
        : this(options, new KrakenWebSocketConnector(), time ?? TimeProvider.System, Random.Shared, loggerFactory, meterFactory)
    {
    }

    internal KrakenMarketDataSocket(SocketSessionOptions options, IWebSocketConnector connector, TimeProvider time,
        Random random, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("KrakenBot.Connector.Kraken.Socket.Channels");
        _session = new SocketSession(options, connector, time, random, loggerFactory, meterFactory);
        _session.SubscriptionFailed += error => HandlerInvoker.Raise(SubscriptionFailed, error, logger, nameof(SubscriptionFailed));
        _session.Ready += () => HandlerInvoker.Raise(Ready, logger, nameof(Ready));
        _session.Disconnected += reason => HandlerInvoker.Raise(Disconnected, reason, logger, nameof(Disconnected));
        Trades = new TradeFeed(_session, logger, options.FeedCapacityPerReader);
        Tickers = new TickerFeed(_session, logger, options.FeedCapacityPerReader);
        Candles = new LiveCandleFeed(_session, time, logger, options.FeedCapacityPerReader);
        Instruments = new InstrumentFeed(_session, logger);
        Status = new SystemStatusFeed(_session, logger);
    }

    /// <summary>Public trades.</summary>
    public TradeFeed Trades { get; }

    /// <summary>Level 1 tickers.</summary>
    public TickerFeed Tickers { get; }

    /// <summary>Live candles with close events.</summary>
    public LiveCandleFeed Candles { get; }

    /// <summary>Pairs and assets with their trading rules, kept current.</summary>
    public InstrumentFeed Instruments { get; }

    /// <summary>Kraken's system status.</summary>
    public SystemStatusFeed Status { get; }

    /// <summary>True when connected and every subscription is replayed.</summary>
    public bool IsReady => _session.IsReady;

    /// <summary>Connected and every subscription replayed (after the first connect and after every reconnect).</summary>
    public event Action? Ready;

    /// <summary>The connection was lost; it is re-established by itself. Data may have been missed meanwhile.</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>A symbol's subscription ended with an error (refused by Kraken, or never answered); other symbols are unaffected.</summary>
    public event Action<ExchangeException>? SubscriptionFailed;

    internal SocketSession Session => _session;

    /// <summary>Starts connecting; reconnects by itself until disposed.</summary>
    public void Start() => _session.Start();

    /// <summary>Waits until connected and every subscription is replayed.</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken = default) => _session.WaitReadyAsync(cancellationToken);

    /// <summary>Routes raw <c>book</c> messages to the book tracker (one consumer).</summary>
    internal void SetBookSink(ChannelMessageSink sink) => _session.SetSink(KrakenChannel.Book, sink);

    /// <summary>Subscribes to books of <paramref name="symbols"/> at <paramref name="depth"/> (10, 25, 100, 500, 1000).</summary>
    internal Task<SubscriptionResult> SubscribeBookAsync(IEnumerable<string> symbols, int depth, TimeSpan? silenceTimeout,
        CancellationToken cancellationToken)
    {
        if (depth is not (10 or 25 or 100 or 500 or 1000))
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "Kraken book depth must be 10, 25, 100, 500 or 1000.");
        var subscription = new SocketSubscription(KrakenChannel.Book, symbols, w => w.WriteNumber("depth"u8, depth),
            requestSnapshot: true, silenceTimeout: silenceTimeout);
        return _session.SubscribeAsync(subscription, cancellationToken);
    }

    /// <summary>
    /// Renews the book subscription of one symbol (Kraken then sends a new snapshot), e.g. after a checksum
    /// mismatch. Other symbols are not touched.
    /// </summary>
    internal Task<bool> ResubscribeBookAsync(string symbol, CancellationToken cancellationToken) =>
        _session.ResubscribeAsync(KrakenChannel.Book, symbol, cancellationToken);

    /// <summary>Closes the connection cleanly and stops the feeds.</summary>
    public async ValueTask DisposeAsync()
    {
        await _session.DisposeAsync().ConfigureAwait(false);
        Candles.Dispose();
    }
}
