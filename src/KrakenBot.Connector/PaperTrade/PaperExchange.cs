using System.Collections.Concurrent;
using System.Threading.Channels;
using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Paper trading (<c>kraken_paper_trade</c>): the <see cref="IExchange"/> a strategy uses live, simulated on the real
/// market's books and trades. Orders obey the pair's trading rules and the account's available balance; market
/// orders walk the book level by level; resting orders fill when public trades print through them, limited by the
/// traded amount and the estimated queue ahead; maker and taker fees come from the pair's schedule. The account
/// (balances, orders, fills) is kept in an <see cref="IPaperAccountStore"/> and restored on start, open orders
/// resting again. Every trade id and exchange order id starts with <see cref="PaperExchangeOptions.IdPrefix"/>.
/// </summary>
/// <remarks>
/// <para>Requests take effect after <see cref="PaperExchangeOptions.Latency"/> on the injected clock, as on a real
/// exchange: <see cref="PlaceOrderAsync"/> returns once the order is stored (with its hold applied), and the outcome
/// arrives as events. One instance runs once: after <see cref="StopAsync"/>, create a new one over the same store.</para>
/// <para>The model, and where it is simpler than the real market: our orders never reach the real book, so a resting
/// order fills only from public trades (a visible book that crosses it does not fill it); the queue ahead is the
/// book's amount at the price on arrival, reduced only by trades at that price (cancellations ahead are not seen);
/// liquidity our taker fills used is not offered again until that book level changes; fees are exact percentages,
/// not rounded; our own paper orders never trade with each other.</para>
/// </remarks>
public sealed partial class PaperExchange : IExchange
{
    // Finished orders kept in memory for GetOrder; older ones are only in the store (trade history).
    private const int FinishedOrdersKept = 1_000;

    private readonly IPaperMarketData _market;
    private readonly IPaperAccountStore _store;
    private readonly PaperExchangeOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string> _newId;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ExchangeEventHub _events;
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<TradingPair, Task<IOrderBookView>> _books = new();
    private readonly ConcurrentDictionary<string, ITimer> _expiryTimers = new(StringComparer.Ordinal);
    private readonly LatencyQueue _latency;
    private readonly BookScratch _bookScratch;
    private readonly Kraken.Rest.RateLimits.TradingRateBudget _counter;
    private volatile PaperState _state = PaperState.Empty();
    private volatile LedgerBalances? _balances;
    private volatile string? _failure;
    private Task? _loop;
    private long _priority;
    private int _lifecycle; // 0 new, 1 started, 2 stopped
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>Builds a paper exchange; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="marketData">Books, public trades and trading rules of the real (or sandbox) market.</param>
    /// <param name="store">Where the account is kept across restarts.</param>
    /// <param name="options">Starting balances, latency, fee tier, book depth.</param>
    /// <param name="timeProvider">The clock (latency, GTD expiry, timestamps); the system clock when null.</param>
    /// <param name="newId">Source of unique ids (client order ids; the rest of paper trade and order ids); GUIDs when null.</param>
    /// <param name="logger">Where failures of background work are logged.</param>
    /// <exception cref="ValidationException">An option is out of range.</exception>
    internal PaperExchange(IPaperMarketData marketData, IPaperAccountStore store, PaperExchangeOptions options,
        TimeProvider? timeProvider = null, Func<string>? newId = null, ILogger<PaperExchange>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(marketData);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _market = marketData;
        _store = store;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _newId = newId ?? (static () => Guid.NewGuid().ToString("D"));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _latency = new LatencyQueue(_time, options.Latency, Post);
        _counter = new Kraken.Rest.RateLimits.TradingRateBudget(options.Tier, _time);
        _bookScratch = new BookScratch(options.BookDepth, _time);
        _events = new ExchangeEventHub(this, _logger, _time, options.EventCapacityPerReader);
    }

    /// <inheritdoc />
    public string Name => PaperExchangeOptions.ConnectorName;

    /// <inheritdoc />
    public bool IsPaper => true;

    /// <inheritdoc />
    public ExchangeReadiness Readiness
    {
        get
        {
            var rules = _market.TradingRules;
            var notReady = new List<string>();
            foreach (var (pair, book) in _books)
            {
                if (book.IsFaulted)
                {
                    // WatchAsync wraps the feed's own error: show that one.
                    var error = book.Exception!.InnerException;
                    notReady.Add($"{pair} (feed failed: {(error?.InnerException ?? error)?.Message})");
                }
                else if (!book.IsCompletedSuccessfully || !book.Result.IsReady)
                {
                    notReady.Add(pair.ToString());
                }
            }

            notReady.Sort(StringComparer.Ordinal);
            string? failure = _failure;
            return new ExchangeReadiness(
            [
                new ComponentReadiness("markets", rules.Count > 0, rules.Count > 0 ? null : "no trading rules loaded yet"),
                new ComponentReadiness("books", notReady.Count == 0,
                    notReady.Count == 0 ? null : $"not ready yet: {string.Join(", ", notReady)}"),
                new ComponentReadiness("account", _lifecycle == 1 && failure is null,
                    _lifecycle switch
                    {
                        0 => "not started: call StartAsync",
                        2 => "stopped",
                        _ => failure is null ? null : $"paper engine failure: {failure}",
                    }),
            ]);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TradingRule> TradingRules => _market.TradingRules;

    /// <inheritdoc />
    public IReadOnlyDictionary<string, Balance> Balances
    {
        get
        {
            // A published ledger never changes (each change works on a copy), so its balances are built once: a
            // strategy reads them on every cycle.
            var ledger = _state.Ledger;
            if (_balances is { } known && ReferenceEquals(known.Ledger, ledger))
            {
                return known.Balances;
            }

            var balances = new Dictionary<string, Balance>(StringComparer.Ordinal);
            foreach (string asset in ledger.Assets)
            {
                balances[asset] = ledger.BalanceOf(asset);
            }

            var view = new LedgerBalances(ledger, balances.AsReadOnly());
            _balances = view;
            return view.Balances;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrackedOrder> OpenOrders
    {
        get
        {
            var open = new List<TrackedOrder>();
            foreach (var order in _state.Orders.Values)
            {
                if (!order.IsTerminal)
                {
                    open.Add(order);
                }
            }

            open.Sort(static (a, b) => a.CreatedAt != b.CreatedAt
                ? a.CreatedAt.CompareTo(b.CreatedAt)
                : string.CompareOrdinal(a.ClientOrderId, b.ClientOrderId));
            return open;
        }
    }

    /// <inheritdoc />
    public event EventHandler<ExchangeEvent>? EventRaised
    {
        add => _events.EventRaised += value;
        remove => _events.EventRaised -= value;
    }

    /// <summary>
    /// Loads the account (starting it from <see cref="PaperExchangeOptions.StartingBalances"/> the first time), puts
    /// open orders back on the simulated book and starts following their markets.
    /// </summary>
    /// <exception cref="InvalidOperationException">The exchange was stopped, or the stored account is inconsistent.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        List<TrackedOrder> restored;
        try
        {
            if (_lifecycle == 2)
            {
                throw new InvalidOperationException("This paper exchange was stopped: create a new one over the same store to resume.");
            }

            if (_lifecycle == 1)
            {
                return;
            }

            var snapshot = await _store.LoadAsync(cancellationToken).ConfigureAwait(false);
            if (snapshot is null)
            {
                var starting = StartingTotals();
                await _store.ResetAsync(starting, cancellationToken).ConfigureAwait(false);
                snapshot = new PaperAccountSnapshot(starting, []);
            }

            _state = Restore(snapshot);
            restored = [.. snapshot.OpenOrders];
            _market.TradePrinted += OnTradePrinted;
            _loop = RunsWorkInline ? Task.CompletedTask : Task.Run(RunWorkAsync, CancellationToken.None);
            _lifecycle = 1;
        }
        finally
        {
            _gate.Release();
        }

        foreach (var order in restored)
        {
            try
            {
                _ = await EnsureWatchingAsync(order.Request.Pair, cancellationToken).ConfigureAwait(false);
            }
            catch (NetworkException)
            {
                // Logged, and shown in Readiness ("books"); the order still rests and fills once the feed is back.
            }

            string id = order.ClientOrderId;
            switch (order.State)
            {
                case OrderState.PendingCreate:
                    _latency.Schedule(() => ActivateAsync(id));
                    break;
                case OrderState.PendingCancel:
                    _latency.Schedule(() => CompleteCancelAsync(id));
                    break;
            }

            if (order.State != OrderState.PendingCreate && order.Request.ExpireTime is { } expiry)
            {
                ArmExpiry(id, expiry);
            }
        }
    }

    /// <summary>Stops following the market and drops timers; open orders stay in the store and rest again on the next start.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _lifecycle, 2) != 1)
        {
            return;
        }

        _market.TradePrinted -= OnTradePrinted;
        _latency.Dispose();
        foreach (var timer in _expiryTimers.Values)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }

        _work.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _events.Complete();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        IAsyncDisposable[] owned;
        lock (_owned)
        {
            owned = [.. _owned];
            _owned.Clear();
        }

        // Last taken first: what was opened for this exchange closes in reverse order (market data before its journal).
        for (int i = owned.Length - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes ownership of <paramref name="resource"/> (what <see cref="KrakenConnector"/> opened for this exchange): disposed with it.</summary>
    internal void Own(IAsyncDisposable resource)
    {
        lock (_owned) _owned.Add(resource);
    }

    /// <inheritdoc />
    public TradingRule GetTradingRule(TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (TryGetRule(pair) is { } rule)
        {
            return rule;
        }

        var close = NameSuggestions.Closest(pair.ToString(), _market.TradingRules,
            static r => [r.Pair.ToString()], static r => r.Pair.ToString());
        throw new ValidationException(close.Count == 0
            ? $"{pair} is not a tradable pair on {Name}."
            : $"{pair} is not a tradable pair on {Name}; did you mean {string.Join(", ", close)}?");
    }

    /// <inheritdoc />
    public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        return EnsureWatchingAsync(pair, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Open orders and the 1,000 most recently finished ones; older fills stay in <see cref="GetTradeHistoryAsync"/>.</remarks>
    public IReadOnlyList<TrackedOrder> OrdersTagged(string clientTag) =>
        [.. _state.Orders.Values.Where(o => o.Request.ClientTag == clientTag).OrderBy(o => o.CreatedAt)];

    /// <inheritdoc />
    public TrackedOrder? GetOrder(string clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        return _state.Orders.GetValueOrDefault(clientOrderId);
    }

    /// <inheritdoc />
    public Task<FeeEstimate> GetFeeEstimateAsync(TradingPair pair, CancellationToken cancellationToken = default)
    {
        var rule = GetTradingRule(pair);
        decimal volume = _options.ThirtyDayVolume;
        return Task.FromResult(new FeeEstimate(pair, PaperPricing.FeePercent(rule, volume, isMaker: true),
            PaperPricing.FeePercent(rule, volume, isMaker: false), volume));
    }

    /// <summary>The paper account's most recent fills, newest first (trade history, kept across restarts).</summary>
    public Task<IReadOnlyList<Fill>> GetTradeHistoryAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _store.GetRecentFillsAsync(max, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ExchangeEvent> Events(CancellationToken cancellationToken = default) =>
        _events.Subscribe(cancellationToken);

    /// <summary>Sees each event synchronously as it is delivered (the backtester; see <see cref="Streams.ExchangeEventHub.Observer"/>).</summary>
    internal Action<ExchangeEvent>? EventObserver
    {
        get => _events.Observer;
        set => _events.Observer = value;
    }

    /// <summary>
    /// Completes once every request, timer and trade print handed to the engine so far has been processed, and the
    /// <see cref="EventRaised"/> handlers have been handed the events it raised.
    /// </summary>
    internal async Task FlushAsync()
    {
        // Nothing queued or running: no round trip through the work loop (the backtester flushes after every record).
        if (Volatile.Read(ref _unfinishedWork) == 0)
        {
            await WhenEventsDeliveredAsync().ConfigureAwait(false);
            return;
        }

        await WorkDoneAsync().ConfigureAwait(false);
        await WhenEventsDeliveredAsync().ConfigureAwait(false);
    }

    // Apart from FlushAsync so that its fast path does not allocate the closure this needs.
    private Task WorkDoneAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!TryPost(() =>
            {
                done.TrySetResult();
                return Task.CompletedTask;
            }))
        {
            done.TrySetResult();
        }

        return done.Task;
    }

    /// <summary>Completes once the <see cref="EventRaised"/> handlers have been handed every event raised so far.</summary>
    internal Task WhenEventsDeliveredAsync() => _events.WhenDeliveredAsync();

    private TradingRule? TryGetRule(TradingPair pair)
    {
        var rules = _market.TradingRules;
        for (int i = 0; i < rules.Count; i++)
        {
            if (rules[i].Pair == pair)
            {
                return rules[i];
            }
        }

        return null;
    }

    private List<Balance> StartingTotals()
    {
        var totals = new List<Balance>(_options.StartingBalances.Count);
        foreach (var (asset, total) in _options.StartingBalances)
        {
            totals.Add(new Balance(asset, total, 0m));
        }

        return totals;
    }

    private PaperState Restore(PaperAccountSnapshot snapshot)
    {
        var state = PaperState.Empty();
        foreach (var balance in snapshot.Totals)
        {
            state.Ledger.SetTotal(balance.Asset, balance.Total);
        }

        foreach (var order in snapshot.OpenOrders)
        {
            string id = order.ClientOrderId;
            state.Orders[id] = order;
            var rule = TryGetRule(order.Request.Pair);
            var hold = rule is null
                ? PaperPricing.HoldFor(order, FeeFreeRule(order.Request.Pair), 0m)
                : PaperPricing.HoldFor(order, rule, _options.ThirtyDayVolume);
            state.Ledger.SetHold(id, hold.Asset, hold.Amount);
            if (order.State is OrderState.Open or OrderState.PartiallyFilled or OrderState.PendingCancel)
            {
                // The queue ahead was not kept: it is estimated again from the first ready book.
                state.Resting[id] = new RestingPosition(NextPriority(), null);
            }
        }

        foreach (string asset in state.Ledger.Assets)
        {
            try
            {
                _ = state.Ledger.BalanceOf(asset);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(
                    $"The stored paper account does not add up ({e.Message}). Reset the paper account to start again.", e);
            }
        }

        return state;
    }

    // A pair that lost its rule still holds what it needs, without fees (it cannot trade until the rule is back).
    private static TradingRule FeeFreeRule(TradingPair pair) =>
        new(pair, 1m, 0, 0, 0, 0m, null, MarketStatus.Online, FeeSchedule.Empty, FeeSchedule.Empty);

    private long NextPriority() => Interlocked.Increment(ref _priority);

    // Work handed to the loop and not finished yet (FlushAsync's fast path).
    private long _unfinishedWork;

    private void Post(Func<Task> work) => TryPost(work);

    private bool TryPost(Func<Task> work)
    {
        Interlocked.Increment(ref _unfinishedWork);
        if (!_work.Writer.TryWrite(work))
        {
            Interlocked.Decrement(ref _unfinishedWork);
            return false;
        }

        if (RunsWorkInline)
        {
            DrainInline();
        }

        return true;
    }

    /// <summary>
    /// For the backtester, set before <see cref="StartAsync"/>: work runs on the thread that hands it over, in the
    /// same order as on the work loop, instead of one thread hop per trade print and request (most of a replay's time).
    /// </summary>
    internal bool RunsWorkInline { get; set; }

    // 1 while a thread drains the queue: work handed over meanwhile (also from inside a work item) waits its turn.
    private int _draining;

    private void DrainInline()
    {
        do
        {
            if (Interlocked.Exchange(ref _draining, 1) == 1)
            {
                return;
            }

            try
            {
                while (_work.Reader.TryRead(out var work))
                {
                    RunOneAsync(work).GetAwaiter().GetResult();
                }
            }
            finally
            {
                Volatile.Write(ref _draining, 0);
            }
        }
        while (_work.Reader.TryPeek(out _)); // handed over between the last read and the release
    }

    private async Task RunWorkAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await RunOneAsync(work).ConfigureAwait(false);
        }
    }

    private async Task RunOneAsync(Func<Task> work)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failure = e.Message;
            PaperLog.WorkFailed(_logger, work.Method.Name, e);
        }
        finally
        {
            Interlocked.Decrement(ref _unfinishedWork);
        }
    }

    private Task<IOrderBookView> EnsureWatchingAsync(TradingPair pair, CancellationToken cancellationToken)
    {
        bool created = false;
        var watch = _books.GetOrAdd(pair, p =>
        {
            created = true;
            return WatchAsync(p);
        });
        if (!created && (watch.IsFaulted || watch.IsCanceled))
        {
            // An earlier attempt failed (and stays visible in Readiness until now): try again.
            var retry = WatchAsync(pair);
            watch = _books.TryUpdate(pair, retry, watch) ? retry : _books[pair];
        }

        return watch.WaitAsync(cancellationToken);
    }

    private async Task<IOrderBookView> WatchAsync(TradingPair pair)
    {
        try
        {
            await _market.WatchTradesAsync(pair).ConfigureAwait(false);
            return await _market.WatchOrderBookAsync(pair, _options.BookDepth).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PaperLog.WatchFailed(_logger, pair.ToString(), e.Message);
            throw new NetworkException(
                $"Paper trading cannot follow the {pair} market ({e.Message}); check the market-data connection and retry.", e);
        }
    }

    /// <summary>The pair's book when it is being watched and exact now; otherwise null.</summary>
    private IOrderBookView? ReadyBook(TradingPair pair) =>
        _books.TryGetValue(pair, out var watch) && watch.IsCompletedSuccessfully && watch.Result.IsReady ? watch.Result : null;

    private void OnTradePrinted(object? sender, PublicTrade trade)
    {
        if (trade is not null)
        {
            Post(() => ProcessTradeAsync(trade));
        }
    }

    private void ArmExpiry(string clientOrderId, DateTimeOffset expiry)
    {
        var due = expiry - _time.GetUtcNow();
        if (due <= TimeSpan.Zero)
        {
            Post(() => ExpireAsync(clientOrderId));
            return;
        }

        var timer = _time.CreateTimer(_ => Post(() => ExpireAsync(clientOrderId)), null, due, Timeout.InfiniteTimeSpan);
        if (_expiryTimers.TryRemove(clientOrderId, out var old))
        {
            old.Dispose();
        }

        _expiryTimers[clientOrderId] = timer;
    }

    /// <summary>Builds a change on a copy of the state, stores it, then makes it visible and raises its events.</summary>
    private async Task ChangeAsync(Action<PaperChange> build, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var change = new PaperChange(_state, _time.GetUtcNow());
            build(change);
            await CommitAsync(change, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Caller holds the gate: events are published in the order their changes were stored.
    private async Task CommitAsync(PaperChange change, CancellationToken cancellationToken)
    {
        if (change.IsEmpty)
        {
            _state = change.Next; // only queue estimates moved: nothing to store or tell
            return;
        }

        var before = _state.Ledger;
        var balances = new List<Balance>(change.TouchedAssets.Count);
        var balanceEvents = new List<ExchangeEvent>(change.TouchedAssets.Count);
        foreach (string asset in change.TouchedAssets)
        {
            var balance = change.Next.Ledger.BalanceOf(asset);
            balances.Add(balance);
            if (balance.Available != before.Available(asset) || balance.Held != before.Held(asset))
            {
                balanceEvents.Add(new BalanceChanged(change.At, balance));
            }
        }

        balances.Sort(static (a, b) => string.CompareOrdinal(a.Asset, b.Asset));
        balanceEvents.Sort(static (a, b) => string.CompareOrdinal(((BalanceChanged)a).Balance.Asset, ((BalanceChanged)b).Balance.Asset));
        if (change.Steps.Count > 0 || balances.Count > 0)
        {
            await _store.SaveAsync(new PaperAccountChange([.. change.Steps], balances), cancellationToken).ConfigureAwait(false);
        }

        ForgetOldFinishedOrders(change.Next);
        _state = change.Next;
        foreach (var e in change.Events)
        {
            _events.Publish(e);
        }

        foreach (var e in balanceEvents)
        {
            _events.Publish(e);
        }
    }

    // Keeps every state copy small in a long session: once twice the limit is reached, the oldest finished orders go.
    private static void ForgetOldFinishedOrders(PaperState state)
    {
        int finished = 0;
        foreach (var order in state.Orders.Values)
        {
            finished += order.IsTerminal ? 1 : 0;
        }

        if (finished < 2 * FinishedOrdersKept)
        {
            return;
        }

        var oldest = new List<TrackedOrder>(finished);
        foreach (var order in state.Orders.Values)
        {
            if (order.IsTerminal)
            {
                oldest.Add(order);
            }
        }

        oldest.Sort(static (a, b) => a.UpdatedAt.CompareTo(b.UpdatedAt));
        for (int i = 0; i < finished - FinishedOrdersKept; i++)
        {
            state.Orders.Remove(oldest[i].ClientOrderId);
        }
    }

    private void EnsureStarted()
    {
        switch (_lifecycle)
        {
            case 0:
                throw new ServiceUnavailableException("The paper exchange is not started: call StartAsync first.", isRetrySafe: true);
            case 2:
                throw new ServiceUnavailableException("The paper exchange was stopped: create a new one over the same store.", isRetrySafe: true);
        }
    }

    private sealed record LedgerBalances(PaperLedger Ledger, IReadOnlyDictionary<string, Balance> Balances);
}
