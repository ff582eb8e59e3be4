namespace KrakenBot.Strategies.Arbitrage;

/// <summary>How a fired cycle ended.</summary>
public enum CycleOutcome
{
    /// <summary>Still under way.</summary>
    Running,

    /// <summary>All three legs filled and nothing worth an order was left in another asset.</summary>
    Captured,

    /// <summary>A leg was refused or filled in part, and what it left was sold back to the start asset.</summary>
    Unwound,

    /// <summary>The first leg filled nothing (the liquidity was gone or the order refused): nothing was spent.</summary>
    Missed,

    /// <summary>Something above the minimum order is still held in another asset after every unwind attempt.</summary>
    Stuck,
}

/// <summary>One fired cycle: what the books promised and what the fills brought, in the start asset.</summary>
/// <param name="Number">1, 2, … in this run.</param>
/// <param name="Route">E.g. <c>USD → BTC → ETH → USD</c>.</param>
/// <param name="StartAsset">The asset edges are in.</param>
/// <param name="StartedAt">When the first leg was sent.</param>
/// <param name="EndedAt">When it ended; null while running.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="PlannedSpend">Start asset the plan spent.</param>
/// <param name="ExpectedEdge">The plan's edge, in the start asset.</param>
/// <param name="ExpectedEdgeBps">The plan's edge in bps.</param>
/// <param name="RealizedEdge">Net start asset of every fill of the cycle (legs and unwinds), fees included.</param>
/// <param name="Spent">Start asset the cycle's fills spent (fees included).</param>
/// <param name="Residual">What its fills left in other assets (dust under the minimum order, or stuck), by asset.</param>
/// <param name="Notes">What happened besides the plan (a refused leg, a partial fill, an unwind).</param>
public sealed record CycleRecord(int Number, string Route, string StartAsset, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, CycleOutcome Outcome,
    decimal PlannedSpend, decimal ExpectedEdge, decimal ExpectedEdgeBps, decimal RealizedEdge, decimal Spent,
    IReadOnlyDictionary<string, decimal> Residual, IReadOnlyList<string> Notes)
{
    /// <summary>The realized edge in bps of what the fills spent; null when nothing was spent.</summary>
    public decimal? RealizedEdgeBps => Spent > 0 ? RealizedEdge / Spent * 10_000m : null;
}
