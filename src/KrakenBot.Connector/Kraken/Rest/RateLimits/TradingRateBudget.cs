using System.Collections.Concurrent;
using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Rest.RateLimits;

/// <summary>
/// The trading-engine counters of one account (API.md §3.2): one counter per pair, shared by REST, WebSocket and FIX.
/// Starter max 60, decaying 1/s; Intermediate 125, 2.34/s; Pro 180, 3.75/s. Costs come from <see cref="TradingCost"/>
/// (fixed part plus a penalty that falls with the order's age). A transaction waits until it fits instead of
/// tripping <c>EOrder:Rate limit exceeded</c>; transactions on one pair are served in arrival order. Counters start
/// empty. Thread-safe.
/// </summary>
internal sealed class TradingRateBudget
{
    private readonly ConcurrentDictionary<TradingPair, PairCounter> _counters = new();
    private readonly TimeProvider _timeProvider;
    private readonly Storage.AccountJournal? _shared;

    // The counter found last, matched by the reference of the pair it was made for: the connector passes the catalog's
    // own pair object (placer, amender, strategy reading), and a requote asks for it several times; hashing the pair's
    // names is most of a look-up. Counters are never removed, so the entry never goes stale.
    private PairCounter? _last;

    /// <summary>Creates the budget for an account of the given tier.</summary>
    public TradingRateBudget(KrakenTier tier, TimeProvider timeProvider)
        : this(tier, timeProvider, null)
    {
    }

    private TradingRateBudget(KrakenTier tier, TimeProvider timeProvider, Storage.AccountJournal? shared)
    {
        _shared = shared;
        ArgumentNullException.ThrowIfNull(timeProvider);
        (Max, DecayPerSecond) = Limits(tier);
        Tier = tier;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// The budget of an account that a fleet shares through its PostgreSQL journal: every process (on any machine) books
    /// on one counter per pair kept in <paramref name="account"/>'s journal, so together they stay under Kraken's limit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal is a SQLite file or read-only.</exception>
    internal static TradingRateBudget Shared(KrakenTier tier, TimeProvider timeProvider, Storage.AccountJournal account)
    {
        ArgumentNullException.ThrowIfNull(account);
        account.CreateSharedCounterStore("trading"); // refuses a journal that cannot be shared now, not at the first order
        return new TradingRateBudget(tier, timeProvider, account);
    }

    /// <summary>Where waits and headroom are measured.</summary>
    internal ConnectorMetrics Metrics { get; set; } = ConnectorMetrics.Default;

    /// <summary>The tier the limits come from.</summary>
    public KrakenTier Tier { get; }

    /// <summary>Counter maximum per pair.</summary>
    public decimal Max { get; }

    /// <summary>How much each pair's counter falls per second.</summary>
    public decimal DecayPerSecond { get; }

    /// <summary>The counter maximum and decay per second for a tier (API.md §3.2).</summary>
    public static (decimal Max, decimal DecayPerSecond) Limits(KrakenTier tier) => tier switch
    {
        KrakenTier.Starter => (60m, 1m),
        KrakenTier.Intermediate => (125m, 2.34m),
        KrakenTier.Pro => (180m, 3.75m),
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown Kraken tier."),
    };

    /// <summary>The modelled counter: now, or, while calls wait, right after the last waiting call is sent.</summary>
    public decimal LevelOf(TradingPair pair) => CounterOf(pair).Level;

    /// <summary>Waits until a transaction of <paramref name="cost"/> (see <see cref="TradingCost"/>) fits on the pair's counter, then charges it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cost is negative.</exception>
    public ValueTask WaitAsync(TradingPair pair, decimal cost, CancellationToken cancellationToken) =>
        CounterOf(pair).WaitAsync(cost, cancellationToken);

    /// <summary>
    /// The pair's counter as a strategy reads it: level, maximum and decay. A shared counter whose journal cannot be
    /// reached reads as full: nothing may be sent that cannot be booked, so a strategy holds its changes until it can.
    /// </summary>
    public TradingCounterReading Reading(TradingPair pair)
    {
        decimal level;
        try
        {
            level = LevelOf(pair);
        }
        catch (Storage.JournalUnavailableException)
        {
            level = Max;
        }

        return new(level, Max, DecayPerSecond);
    }

    /// <summary>
    /// Books a transaction that was sent without waiting (paper trading's model of the counter): the level may go over
    /// the maximum, which is what Kraken would have refused.
    /// </summary>
    internal void Charge(TradingPair pair, decimal cost) => CounterOf(pair).Charge(cost);

    /// <summary>Kraken answered <c>EOrder:Rate limit exceeded</c> for this pair anyway: treat its counter as full.</summary>
    public void OnRateLimitExceeded(TradingPair pair) => CounterOf(pair).Fill();

    private DecayingCounter CounterOf(TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (_last is { } last && ReferenceEquals(last.Pair, pair))
        {
            return last.Counter;
        }

        var found = _counters.GetOrAdd(pair, static (pair, budget) =>
        {
            string name = pair.ToString();
            return new PairCounter(pair, new DecayingCounter(budget.Max, budget.DecayPerSecond, budget._timeProvider,
                budget._shared?.CreateSharedCounterStore("trading:" + name))
            {
                Booked = (wait, headroom) => budget.Metrics.RateLimitBooked("trading", name, wait, headroom),
            });
        }, this);
        _last = found;
        return found.Counter;
    }

    // A counter with the pair object it was made for (kept once per pair: setting the last one found allocates nothing).
    private sealed record PairCounter(TradingPair Pair, DecayingCounter Counter);
}
