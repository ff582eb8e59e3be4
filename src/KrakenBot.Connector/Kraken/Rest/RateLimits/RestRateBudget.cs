using KrakenBot.Connector.Diagnostics;

namespace KrakenBot.Connector.Kraken.Rest.RateLimits;

/// <summary>
/// The REST call counter of one API key (API.md §3.1): Starter max 15, decaying 0.33/s; Intermediate 20, 0.5/s;
/// Pro 20, 1/s. A call of cost c waits until counter + c ≤ max, then is charged. Calls are served in arrival order.
/// Use one instance per API key (master and subaccounts share the master's tier but not this object: give them one
/// instance together). The counter starts empty; if Kraken disagrees (<c>EAPI:Rate limit exceeded</c>) call
/// <see cref="OnRateLimitExceeded"/>. Thread-safe.
/// </summary>
internal sealed class RestRateBudget : IRestCallBudget
{
    private static readonly HashSet<string> CostTwo = new(StringComparer.Ordinal) { "Ledgers", "QueryLedgers", "TradesHistory" };

    // Order placement and cancellation count against the per-pair trading counter instead (API.md §3.1).
    private static readonly HashSet<string> TradingMethods = new(StringComparer.Ordinal)
    {
        "AddOrder", "AddOrderBatch", "AmendOrder", "EditOrder", "CancelOrder", "CancelOrderBatch", "CancelAll",
        "CancelAllOrdersAfter",
    };

    private readonly DecayingCounter _counter;

    /// <summary>Creates the budget for a key of the given tier.</summary>
    public RestRateBudget(KrakenTier tier, TimeProvider timeProvider)
        : this(tier, timeProvider, null)
    {
    }

    private RestRateBudget(KrakenTier tier, TimeProvider timeProvider, CounterStore? store)
    {
        var (max, decay) = Limits(tier);
        _counter = new DecayingCounter(max, decay, timeProvider, store)
        {
            Booked = (wait, headroom) => Metrics.RateLimitBooked("rest", null, wait, headroom),
        };
        Tier = tier;
    }

    /// <summary>
    /// The budget of a key that a fleet shares through its PostgreSQL journal: every process (on any machine) books on
    /// one counter kept in <paramref name="account"/>'s journal, so together they stay under Kraken's limit.
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal is a SQLite file or read-only.</exception>
    internal static RestRateBudget Shared(KrakenTier tier, TimeProvider timeProvider, Storage.AccountJournal account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new RestRateBudget(tier, timeProvider, account.CreateSharedCounterStore("rest"));
    }

    /// <summary>Where waits and headroom are measured.</summary>
    internal ConnectorMetrics Metrics { get; set; } = ConnectorMetrics.Default;

    /// <summary>The tier the limits come from.</summary>
    public KrakenTier Tier { get; }

    /// <summary>Counter maximum for the tier.</summary>
    public decimal Max => _counter.Max;

    /// <summary>How much the counter falls per second.</summary>
    public decimal DecayPerSecond => _counter.DecayPerSecond;

    /// <summary>The modelled counter: now, or, while calls wait, right after the last waiting call is sent.</summary>
    public decimal Level => _counter.Level;

    /// <summary>The counter maximum and decay per second for a tier (API.md §3.1).</summary>
    public static (decimal Max, decimal DecayPerSecond) Limits(KrakenTier tier) => tier switch
    {
        KrakenTier.Starter => (15m, 0.33m),
        KrakenTier.Intermediate => (20m, 0.5m),
        KrakenTier.Pro => (20m, 1m),
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown Kraken tier."),
    };

    /// <summary>
    /// What a private REST method costs on this counter: 2 for <c>Ledgers</c>, <c>QueryLedgers</c> and
    /// <c>TradesHistory</c>; 0 for order placement/amend/cancel methods (they use the trading counter,
    /// <see cref="TradingRateBudget"/>); 1 for every other private method. Public methods are limited per IP, not here.
    /// </summary>
    public static int CostOf(string method)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        return CostTwo.Contains(method) ? 2 : TradingMethods.Contains(method) ? 0 : 1;
    }

    /// <inheritdoc />
    public ValueTask WaitAsync(int cost, CancellationToken cancellationToken) => _counter.WaitAsync(cost, cancellationToken);

    /// <inheritdoc />
    public void OnRateLimitExceeded() => _counter.Fill();

    /// <inheritdoc />
    void IRestCallBudget.OnReplied() => _counter.Settle();

    /// <inheritdoc />
    /// <remarks>No call is sent before <paramref name="until"/>, including calls already waiting.</remarks>
    public void OnThrottled(DateTimeOffset until) => _counter.BlockUntil(until);
}
