using System.Collections.Concurrent;
using System.Threading.Channels;
using KrakenBot.Connector.Kraken.Catalog;
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
    private readonly IPaperMarketData _market;
    private readonly IPaperAccountStore _store;
    private readonly PaperExchangeOptions _options;
    private readonly TimeProvider _time;
    private readonly Func<string> _newId;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ExchangeEventHub _events;
    private readonly Channel<PaperWork> _work = Channel.CreateUnbounded<PaperWork>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<TradingPair, Task<IOrderBookView>> _books = new();
    private readonly ConcurrentDictionary<string, ITimer> _expiryTimers = new(StringComparer.Ordinal);
    private readonly LatencyQueue _latency;
    private readonly BookScratch _bookScratch;
    private readonly PaperMatcher _matcher;
    private readonly Kraken.Rest.RateLimits.TradingRateBudget _counter;
    // The account, changed in place by one change at a time (under _gate); readers take _stateLock, which a change
    // holds while it writes, so they see the state before a change or after it, never a part of one.
    private PaperState _state = PaperState.Empty();
    private readonly Lock _stateLock = new();
    private readonly PaperChange _change = new(PaperState.Empty(), default); // reused by every change (under _gate); see Build
    private long _orderChanges;
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
    /// <exception cref="ExchangeValidationException">An option is out of range.</exception>
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
        _bookScratch = new BookScratch(options.BookDepth);
        _matcher = new PaperMatcher(this, _bookScratch, options, _newId, _logger);
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
            // Built once per state that is read (a strategy reads them on every cycle): every change counts in
            // OrderChanges, under the state lock.
            if (_balances is { } known && known.Version == Volatile.Read(ref _orderChanges))
            {
                return known.Balances;
            }

            lock (_stateLock)
            {
                var ledger = _state.Ledger;
                var previous = _balances?.Balances;
                // Most changes leave every balance as it was (a queue estimate moved, a sell re-priced at the same size):
                // the snapshot already handed out is still the state's, and handed out again.
                if (previous is null || !LedgerBalances.Shows(previous, ledger))
                {
                    var balances = new Dictionary<string, Balance>(StringComparer.Ordinal);
                    foreach (string asset in ledger.Assets)
                    {
                        // A balance the change left alone keeps its (immutable) object.
                        balances[asset] = previous is not null && previous.TryGetValue(asset, out var kept) && LedgerBalances.Shows(kept, ledger)
                            ? kept
                            : ledger.BalanceOf(asset);
                    }

                    previous = balances.AsReadOnly();
                }

                var view = new LedgerBalances(_orderChanges, previous);
                _balances = view;
                return view.Balances;
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrackedOrder> OpenOrders
    {
        get
        {
            var open = new List<TrackedOrder>();
            lock (_stateLock)
            {
                foreach (var order in _state.Orders.Values)
                {
                    if (!order.IsTerminal)
                    {
                        open.Add(order);
                    }
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

            SetState(Restore(snapshot));
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
                    _latency.Schedule(PaperWork.Activate(id));
                    break;
                case OrderState.PendingCancel:
                    _latency.Schedule(PaperWork.CompleteCancel(id));
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
        throw new ExchangeValidationException(close.Count == 0
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
    public IReadOnlyList<TrackedOrder> OrdersTagged(string clientTag)
    {
        lock (_stateLock)
        {
            return [.. _state.Orders.Values.Where(o => o.Request.ClientTag == clientTag).OrderBy(o => o.CreatedAt)];
        }
    }

    /// <inheritdoc />
    public TrackedOrder? GetOrder(string clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        lock (_stateLock)
        {
            return _state.Orders.GetValueOrDefault(clientOrderId);
        }
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

    /// <summary>Order requests (place, amend, cancel) taken and put in the latency queue so far.</summary>
    internal long RequestsTaken => _latency.Scheduled;

    /// <inheritdoc />
    /// <remarks>Counts every new state of the account (orders are read from it): a few changes that touch no order count too.</remarks>
    public long? OrderChanges => Volatile.Read(ref _orderChanges);

    // The account restored from the store replaces the empty one (under both locks), counted like a change.
    private void SetState(PaperState next)
    {
        lock (_stateLock)
        {
            _state = next;
            Interlocked.Increment(ref _orderChanges);
        }
    }

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

    private long NextPriority() => Interlocked.Increment(ref _priority);

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

    // The balances of the state as it was after change number Version.
    private sealed record LedgerBalances(long Version, IReadOnlyDictionary<string, Balance> Balances)
    {
        /// <summary>Whether <paramref name="balances"/> shows every asset of <paramref name="ledger"/> as it stands.</summary>
        public static bool Shows(IReadOnlyDictionary<string, Balance> balances, PaperLedger ledger)
        {
            if (balances.Count != ledger.Assets.Count)
            {
                return false;
            }

            foreach (string asset in ledger.Assets)
            {
                if (!balances.TryGetValue(asset, out var balance) || !Shows(balance, ledger))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether <paramref name="balance"/> shows its asset as the ledger holds it, to the digit (same scale too).</summary>
        public static bool Shows(Balance balance, PaperLedger ledger)
        {
            decimal held = ledger.Held(balance.Asset);
            decimal available = ledger.Total(balance.Asset) - held;
            return Same(balance.Held, held) && Same(balance.Available, available);
        }

        private static bool Same(decimal a, decimal b) => a == b && a.Scale == b.Scale;
    }
}
