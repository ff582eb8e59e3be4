using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Storage;
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
/// Create it with <see cref="Create"/>, then <see cref="StartAsync"/>.
/// </summary>
public sealed partial class KrakenSpotExchange : IExchange
{
    private readonly KrakenExchangeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ExchangeEventHub _events;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private Parts? _parts;
    private bool _disposed;

    private KrakenSpotExchange(KrakenExchangeOptions options)
    {
        _options = options;
        _time = options.TimeProvider;
        _loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger("KrakenBot.Connector.Kraken.Exchange");
        _events = new ExchangeEventHub(this, _logger);
    }

    /// <summary>Creates an exchange (not yet started). Options are checked here.</summary>
    /// <exception cref="InvalidOperationException">An option is missing or invalid; the message names it.</exception>
    public static KrakenSpotExchange Create(KrakenExchangeOptions options)
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

    /// <inheritdoc />
    public event EventHandler<ExchangeEvent>? EventRaised
    {
        add => _events.EventRaised += value;
        remove => _events.EventRaised -= value;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ExchangeEvent> Events(CancellationToken cancellationToken = default) => _events.Subscribe(cancellationToken);

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
                BooksReadiness(parts),
            ]);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TradingRule> TradingRules
    {
        get
        {
            var catalog = Started.Catalog;
            var rules = new List<TradingRule>(catalog.Pairs.Count);
            foreach (var pair in catalog.Pairs) rules.Add(pair.Rule);
            return rules;
        }
    }

    /// <inheritdoc />
    public TradingRule GetTradingRule(TradingPair pair) => Started.Catalog.GetPair(pair).Rule;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Balance> Balances => Started.Balances.Current;

    /// <inheritdoc />
    public IReadOnlyList<TrackedOrder> OpenOrders => Started.Tracker.Open;

    /// <inheritdoc />
    public TrackedOrder? GetOrder(string clientOrderId) => Started.Tracker.Get(clientOrderId);

    /// <summary>Runs reconciliation now and returns what it recovered (it also runs by itself).</summary>
    public Task<ReconciliationCompleted> ReconcileAsync(CancellationToken cancellationToken = default) =>
        Started.Reconciler.RunAsync("requested", cancellationToken);

    /// <summary>The REST client in use (shares the key's nonce source): for tests and tools in this assembly's circle.</summary>
    internal KrakenRestClient Rest => Started.Rest;

    /// <summary>The executions mapper (its frame timestamp feeds the latency benchmark).</summary>
    internal ExecutionMapper ExecutionMapper => Started.Mapper;

    /// <summary>True while the private WebSocket is connected and subscribed.</summary>
    internal bool UserStreamReady => Started.Socket.Session.IsReady;

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
        lock (parts.Books)
        {
            foreach (var book in parts.Books.Values)
                if (!book.IsReady) return new ComponentReadiness("books", false, $"book {book.Pair} not ready (last depth poll failed)");
        }
        return new ComponentReadiness("books", true);
    }

    private Parts Started => _parts ?? throw new InvalidOperationException("The Kraken exchange is not started: call StartAsync first.");

    /// <summary>The running components, built at start (they need the market catalog and the journal).</summary>
    private sealed class Parts : IAsyncDisposable
    {
        public required TradingJournal Journal { get; init; }
        public required HttpClient Http { get; init; }
        public required KrakenRestClient Rest { get; init; }
        public required MarketCatalog Catalog { get; init; }
        public required TradingRateBudget TradingBudget { get; init; }
        public required OrderTracker Tracker { get; init; }
        public required ExecutionMapper Mapper { get; init; }
        public required BalanceTracker Balances { get; init; }
        public required KrakenPrivateSocket Socket { get; init; }
        public required TradingChannel Channel { get; init; }
        public required OrderPlacer Placer { get; init; }
        public required Reconciler Reconciler { get; init; }
        public required CoalescingWorker ReconcileWorker { get; init; }
        public required CoalescingWorker BalanceWorker { get; init; }
        public required FeeBook Fees { get; init; }
        public DeadManSwitch? DeadMan { get; set; }
        public Dictionary<TradingPair, PolledDepthBook> Books { get; } = [];

        public static async Task<Parts> StartAsync(KrakenSpotExchange owner, CancellationToken cancellationToken)
        {
            var options = owner._options;
            var time = owner._time;
            var logger = owner._logger;
            var credentials = options.Credentials!;
            var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = options.JournalPath, TimeProvider = time },
                cancellationToken).ConfigureAwait(false);
            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            KrakenPrivateSocket? socket = null;
            try
            {
                var account = await journal.OpenAccountAsync(JournalAccount.Kraken(credentials.ApiKey), cancellationToken).ConfigureAwait(false);
                var nonces = new NonceSource(time, account.CreateNonceStore());
                var rest = new KrakenRestClient(http, options.Kraken, nonces, new RestRateBudget(options.Kraken.Tier, time), time,
                    owner._loggerFactory.CreateLogger("KrakenBot.Connector.Kraken.Rest"), credentials);

                var assets = await rest.GetAssetsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var pairs = await rest.GetAssetPairsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var catalog = new MarketCatalog(assets, pairs);
                await new ConnectCheck(rest, catalog).VerifyAsync(options.RequiredPermissions, cancellationToken).ConfigureAwait(false);

                var tracker = new OrderTracker(account, owner._events, time, logger);
                tracker.Load(await account.Orders.GetOpenAsync(cancellationToken).ConfigureAwait(false));
                var mapper = new ExecutionMapper(tracker, catalog, time, logger);
                var balances = new BalanceTracker(catalog, owner._events, time, logger);
                var queries = new RestOrderQueries(rest);
                var fees = new FeeBook(rest, catalog);

                socket = new KrakenPrivateSocket(
                    new SocketSessionOptions
                    {
                        Endpoint = options.Kraken.WebSocketAuthUrl,
                        Name = "private",
                        RequestTimeout = options.SocketRequestTimeout,
                        Transport = options.SocketTransport,
                    },
                    new RestWebSocketTokenProvider(rest), new ClientWebSocketConnector(), time, Random.Shared, owner._loggerFactory);
                socket.SetExecutionsSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => mapper.OnFrame(utf8.Span));
                socket.SetBalancesSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => balances.OnFrame(utf8.Span));

                var channel = new TradingChannel(socket, rest);
                var budget = new TradingRateBudget(options.Kraken.Tier, time);
                var placer = new OrderPlacer(catalog, tracker, balances, channel, budget, queries, fees.TakerPercent,
                    options.NewClientOrderId, time, logger);
                var reconciler = new Reconciler(tracker, queries, account, owner._events, time, logger, placer.IsBeingSent);

                var reconcileWorker = new CoalescingWorker("Reconciliation",
                    (reason, ct) => reconciler.RunAsync(reason, ct), TimeSpan.FromMilliseconds(250), options.ReconcileInterval, time, logger);
                var balanceWorker = new CoalescingWorker("Balance refresh",
                    (_, ct) => RefreshBalancesAsync(rest, tracker, balances, ct), TimeSpan.FromMilliseconds(20), options.ReconcileInterval, time, logger);

                var parts = new Parts
                {
                    Journal = journal, Http = http, Rest = rest, Catalog = catalog, TradingBudget = budget, Tracker = tracker,
                    Mapper = mapper, Balances = balances, Socket = socket, Channel = channel, Placer = placer,
                    Reconciler = reconciler, ReconcileWorker = reconcileWorker, BalanceWorker = balanceWorker, Fees = fees,
                };
                mapper.ReconciliationNeeded += reconcileWorker.Request;
                placer.ReconciliationNeeded += reconcileWorker.Request;
                // Kraken changes holds when it acknowledges, fills or closes an order: read the exact figures then.
                tracker.OrderChanged += order =>
                {
                    if (order.ExchangeOrderId is not null) balanceWorker.Request("order change");
                };
                bool firstConnect = true;
                socket.Session.Ready += () =>
                {
                    if (!firstConnect) reconcileWorker.Request("reconnect");
                    firstConnect = false;
                };

                socket.Start();
                _ = socket.SubscribeExecutionsAsync(snapshotOrders: true, cancellationToken: CancellationToken.None);
                _ = socket.SubscribeBalancesAsync(CancellationToken.None);
                try
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    wait.CancelAfter(options.SocketRequestTimeout);
                    await socket.WaitReadyAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("The private WebSocket is not up yet; orders go over REST until it is, and reconciliation covers the gap.");
                }

                await RefreshBalancesAsync(rest, tracker, balances, cancellationToken).ConfigureAwait(false);
                await reconciler.RunAsync("start", cancellationToken).ConfigureAwait(false);
                reconcileWorker.Start();
                balanceWorker.Start();
                if (options.DeadManSwitch)
                {
                    parts.DeadMan = new DeadManSwitch(channel, options.DeadManSwitchTimeout, time, logger);
                    await parts.DeadMan.StartAsync(cancellationToken).ConfigureAwait(false);
                }
                return parts;
            }
            catch
            {
                if (socket is not null) await socket.DisposeAsync().ConfigureAwait(false);
                http.Dispose();
                await journal.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        private static async Task RefreshBalancesAsync(KrakenRestClient rest, OrderTracker tracker, BalanceTracker balances,
            CancellationToken cancellationToken)
        {
            // Orders Kraken has not acknowledged before the read: their holds are not in hold_trade yet.
            var pending = new HashSet<string>(StringComparer.Ordinal);
            foreach (var order in tracker.Open)
                if (order.ExchangeOrderId is null) pending.Add(order.ClientOrderId);
            var result = await rest.GetBalanceExAsync(cancellationToken).ConfigureAwait(false);
            balances.OnBalanceEx(result, pending);
        }

        public async ValueTask DisposeAsync()
        {
            if (DeadMan is not null) await DeadMan.DisposeAsync().ConfigureAwait(false);
            PolledDepthBook[] books;
            lock (Books) books = [.. Books.Values];
            foreach (var book in books) await book.DisposeAsync().ConfigureAwait(false);
            await ReconcileWorker.DisposeAsync().ConfigureAwait(false);
            await BalanceWorker.DisposeAsync().ConfigureAwait(false);
            await Placer.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Socket.DisposeAsync().ConfigureAwait(false);
            Http.Dispose();
            await Journal.DisposeAsync().ConfigureAwait(false);
        }
    }
}
