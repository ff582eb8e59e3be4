using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Connector.Kraken;

/// <summary>
/// Trades a Kraken spot account through <see cref="IExchange"/>: every order is validated, journaled (SQLite) before it
/// is sent, sent over the private WebSocket (REST when the socket is down) with a UUID client order id, and tracked to a
/// terminal state from the <c>executions</c> channel; fills count once by trade id; balances follow the
/// <c>balances</c> channel and <c>BalanceEx</c>; reconciliation runs at start, after every reconnect and on an interval.
/// Open it with <see cref="KrakenConnector.ConnectAsync(CancellationToken)"/>, which starts it; dispose it to stop.
/// </summary>
public sealed partial class KrakenSpotExchange : IExchange
{
    private readonly KrakenExchangeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ExchangeEventHub _events;
    private readonly ConnectorMetrics _metrics;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Parts? _parts;
    private bool _disposed;

    private KrakenSpotExchange(KrakenExchangeOptions options)
    {
        _options = options;
        _time = options.TimeProvider;
        _loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("KrakenBot.Connector.Kraken.Exchange");
        _metrics = ConnectorMetrics.For(options.MeterFactory);
        _events = new ExchangeEventHub(this, _logger, _time, options.EventCapacityPerReader, _metrics);
    }

    /// <summary>Creates an exchange (not yet started). Options are checked here.</summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid; the message names it.</exception>
    internal static KrakenSpotExchange Create(KrakenExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new KrakenSpotExchange(options);
    }

    /// <inheritdoc />
    public string Name => "kraken";

    /// <inheritdoc />
    public bool IsPaper => false;

    /// <summary>The journal file in use, once started.</summary>
    public string? JournalPath => _parts?.Journal.FilePath;

    /// <summary>
    /// The journal in use, once started: layers above the connector (e.g. a strategy's state) keep their records in the
    /// same file through it. It closes when the exchange stops.
    /// </summary>
    public TradingJournal? Journal => _parts?.Journal;

    /// <inheritdoc />
    public event EventHandler<ExchangeEvent>? EventRaised
    {
        add => _events.EventRaised += value;
        remove => _events.EventRaised -= value;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ExchangeEvent> Events(CancellationToken cancellationToken = default) => _events.Subscribe(cancellationToken);

    /// <summary>Completes once the <see cref="EventRaised"/> handlers have been handed every event raised so far.</summary>
    internal Task WhenEventsDeliveredAsync() => _events.WhenDeliveredAsync();

    /// <inheritdoc />
    public ExchangeReadiness Readiness
    {
        get
        {
            var parts = _parts;
            if (parts is null)
                return new ExchangeReadiness([new ComponentReadiness("markets", false, "not started: call StartAsync")]);
            bool socketUp = parts.Socket.Session.IsReady;
            return new ExchangeReadiness(
            [
                new ComponentReadiness("markets", true),
                new ComponentReadiness("user_stream", socketUp, socketUp ? null : "private WebSocket reconnecting; orders go over REST meanwhile"),
                new ComponentReadiness("balances", parts.Balances.IsKnown, parts.Balances.IsKnown ? null : "no balance snapshot yet"),
                .. parts.Subscriptions.Readiness,
                BooksReadiness(parts),
            ]);
        }
    }

    /// <inheritdoc />
    /// <remarks>AssetPairs at start, then every change the <c>instrument</c> channel reports (raised as <see cref="TradingRuleChanged"/>).</remarks>
    public IReadOnlyList<TradingRule> TradingRules => Started.MarketData.TradingRules;

    /// <inheritdoc />
    public TradingRule GetTradingRule(TradingPair pair)
    {
        var parts = Started;
        return parts.MarketData.GetTradingRule(parts.Catalog.GetPair(pair));
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Balance> Balances => Started.Balances.Current;

    /// <inheritdoc />
    public IReadOnlyList<TrackedOrder> OpenOrders => Started.Tracker.Open;

    /// <inheritdoc />
    public IReadOnlyList<TrackedOrder> OrdersTagged(string clientTag) => Started.Tracker.Tagged(clientTag);

    /// <inheritdoc />
    public TrackedOrder? GetOrder(string clientOrderId) => Started.Tracker.Get(clientOrderId);

    /// <inheritdoc />
    /// <remarks>Counts every change the order tracker made visible (placed, acknowledged, amended, filled, cancelled);
    /// null until started.</remarks>
    public long? OrderChanges => _parts?.Tracker.Changes;

    /// <summary>
    /// Orders open on the account that are not tracked (a pair outside the loaded markets, a report that could not be
    /// read), with why; as of the last reconciliation.
    /// </summary>
    public IReadOnlyList<UntrackedOrder> UntrackedOrders => Started.Adopter.LeftAlone;

    /// <summary>Runs reconciliation now and returns what it recovered (it also runs by itself).</summary>
    public Task<ReconciliationCompleted> ReconcileAsync(CancellationToken cancellationToken = default) =>
        Started.Reconciler.RunAsync("requested", cancellationToken);

    /// <summary>The REST client in use (shares the key's nonce source): for tests and tools in this assembly's circle.</summary>
    internal KrakenRestClient Rest => Started.Rest;

    /// <summary>The executions mapper (its frame timestamp feeds the latency benchmark).</summary>
    internal ExecutionMapper ExecutionMapper => Started.Mapper;

    /// <summary>True while the private WebSocket is connected and subscribed.</summary>
    internal bool UserStreamReady => Started.Socket.Session.IsReady;

    /// <summary>How many <c>BalanceEx</c> reads the balances have taken in (tests wait on it so no read overlaps a fill).</summary>
    internal long BalanceReads => Started.Balances.Reads;

    /// <summary>How many times Kraken's <c>cum_qty</c> showed a fill we had not recorded (each one reconciled).</summary>
    public long CumulativeQuantityMismatches => Started.Mapper.CumulativeMismatches;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_parts is not null) return;
            _parts = await Parts.StartAsync(this, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var parts = _parts;
            DeadManSwitch? leased;
            lock (_deadManGate)
            {
                leased = _leasedDeadMan;
                _leasedDeadMan = null;
                _deadManLeases = 0;
            }
            if (leased is not null) await leased.DisposeAsync().ConfigureAwait(false);
            _parts = null;
            if (parts is not null) await parts.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _events.Complete();
        _lifecycle.Dispose();
    }

    private static ComponentReadiness BooksReadiness(Parts parts)
    {
        foreach (var book in parts.Books.Views)
            if (!book.IsReady) return new ComponentReadiness("books", false, $"book {book.Pair} is being rebuilt (waiting for its snapshot)");
        return new ComponentReadiness("books", true);
    }

    private Parts Started => _parts ?? throw NotStarted();

    private static InvalidOperationException NotStarted() => new("The Kraken exchange is not started: call StartAsync first.");
}
