namespace KrakenBot.Connector.Trading;

/// <summary>
/// What each trading transaction adds to a pair's trading counter (API.md §3.2; Kraken's "Spot Trading Limits"
/// page, docs.kraken.com/api/docs/guides/spot-ratelimits): a fixed part, plus a penalty for
/// touching an order that has rested only briefly. The order's age counts from its creation or last amend. Brackets
/// are half-open: an age of exactly 5 s is in the "under 10 s" bracket, and a cancel at exactly 300 s costs 0.
/// </summary>
public static class TradingCost
{
    // Upper bounds (exclusive) of the age brackets, in seconds, and the penalty in each; older orders pay 0.
    private static readonly int[] BracketEnds = [5, 10, 15, 45, 90, 300];
    private static readonly decimal[] AmendPenalty = [3, 2, 1, 0, 0, 0];
    private static readonly decimal[] EditPenalty = [6, 5, 4, 2, 1, 0];
    private static readonly decimal[] CancelPenalty = [8, 6, 5, 4, 2, 1];

    /// <summary>A new order: +1.</summary>
    public const decimal AddOrder = 1m;

    /// <summary>
    /// <c>cancel_all</c>: +1 on each pair with affected orders (Kraken SDK documentation; not on Kraken's rate-limit page).
    /// </summary>
    public const decimal CancelAllPerPair = 1m;

    /// <summary>Amending an order of this age: +1, plus 3 / 2 / 1 under 5 / 10 / 15 s.</summary>
    public static decimal AmendOrder(TimeSpan orderAge) => 1m + Penalty(AmendPenalty, orderAge);

    /// <summary>Editing an order of this age: +1, plus 6 / 5 / 4 / 2 / 1 under 5 / 10 / 15 / 45 / 90 s.</summary>
    public static decimal EditOrder(TimeSpan orderAge) => 1m + Penalty(EditPenalty, orderAge);

    /// <summary>Cancelling an order of this age: 8 / 6 / 5 / 4 / 2 / 1 under 5 / 10 / 15 / 45 / 90 / 300 s, then 0.</summary>
    public static decimal CancelOrder(TimeSpan orderAge) => Penalty(CancelPenalty, orderAge);

    /// <summary>A batch of <paramref name="orderCount"/> new orders (all on one pair): n / 2.</summary>
    public static decimal AddOrderBatch(int orderCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(orderCount);
        return orderCount / 2m;
    }

    /// <summary>
    /// A batch cancel on one pair: each order costs what its own cancel would. Kraken accepts a batch cancel even when
    /// this takes the counter over its maximum; the connector's trading budget then waits for an empty counter.
    /// </summary>
    public static decimal CancelOrderBatch(IEnumerable<TimeSpan> orderAges)
    {
        ArgumentNullException.ThrowIfNull(orderAges);
        decimal total = 0;
        foreach (var age in orderAges)
        {
            total += CancelOrder(age);
        }

        return total;
    }

    /// <summary>
    /// How much older an order of <paramref name="orderAge"/> must get before what amending, editing or cancelling it
    /// costs changes (it only falls with age); null once it never will.
    /// </summary>
    public static TimeSpan? UntilPenaltyChanges(TimeSpan orderAge)
    {
        foreach (int end in BracketEnds)
        {
            var bracketEnd = TimeSpan.FromSeconds(end);
            if (orderAge < bracketEnd)
            {
                return bracketEnd - (orderAge < TimeSpan.Zero ? TimeSpan.Zero : orderAge);
            }
        }

        return null;
    }

    // A negative age (clocks disagree) is treated as brand new: the dearest bracket, the safe side.
    private static decimal Penalty(decimal[] penalties, TimeSpan orderAge)
    {
        for (int i = 0; i < BracketEnds.Length; i++)
        {
            if (orderAge < TimeSpan.FromSeconds(BracketEnds[i]))
            {
                return penalties[i];
            }
        }

        return 0m;
    }
}
