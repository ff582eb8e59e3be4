namespace KrakenBot.Strategies.Arbitrage;

/// <summary>What <see cref="TriangularArbitrage"/> shows in status: its tally, the books' best quotes now, the cycle under way and the last ones.</summary>
/// <param name="StartAsset">The asset edges are counted in.</param>
/// <param name="Tally">Cycles found, fired, captured, unwound; expected and realized edge.</param>
/// <param name="Quotes">Both directions as priced on the last look at the books.</param>
/// <param name="Active">The cycle under way (its number, route and stage), or null.</param>
/// <param name="Recent">The last cycles, newest last.</param>
public sealed record TriangularArbitrageStatus(string StartAsset, ArbitrageTally Tally, IReadOnlyList<QuoteView> Quotes, string? Active,
    IReadOnlyList<CycleRecord> Recent);

/// <summary>One direction as last priced.</summary>
/// <param name="Route">E.g. <c>USD → BTC → ETH → USD</c>.</param>
/// <param name="Edge">Edge in the start asset, after fees (0 when it cannot be fired).</param>
/// <param name="EdgeBps">Edge in bps.</param>
/// <param name="Problem">Why it cannot be fired, or null.</param>
public sealed record QuoteView(string Route, decimal Edge, decimal EdgeBps, string? Problem);

/// <summary>Counts and sums over a run (kept across restarts).</summary>
public sealed record ArbitrageTally
{
    /// <summary>Profitable cycles seen (each fired, or skipped for want of the start asset).</summary>
    public int Found { get; init; }

    /// <summary>Cycles whose first leg was sent.</summary>
    public int Fired { get; init; }

    /// <summary>Cycles that went round.</summary>
    public int Captured { get; init; }

    /// <summary>Cycles brought back to the start asset after a refused or partial leg.</summary>
    public int Unwound { get; init; }

    /// <summary>Cycles whose first leg filled nothing.</summary>
    public int Missed { get; init; }

    /// <summary>Cycles that left something above the minimum in another asset.</summary>
    public int Stuck { get; init; }

    /// <summary>Sum of the fired cycles' expected edges, in the start asset.</summary>
    public decimal ExpectedEdge { get; init; }

    /// <summary>Sum of the fired cycles' realized edges, in the start asset.</summary>
    public decimal RealizedEdge { get; init; }

    /// <summary>The tally with one more ended cycle.</summary>
    public ArbitrageTally With(CycleRecord cycle)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        return this with
        {
            Captured = Captured + (cycle.Outcome == CycleOutcome.Captured ? 1 : 0),
            Unwound = Unwound + (cycle.Outcome == CycleOutcome.Unwound ? 1 : 0),
            Missed = Missed + (cycle.Outcome == CycleOutcome.Missed ? 1 : 0),
            Stuck = Stuck + (cycle.Outcome == CycleOutcome.Stuck ? 1 : 0),
            ExpectedEdge = ExpectedEdge + cycle.ExpectedEdge,
            RealizedEdge = RealizedEdge + cycle.RealizedEdge,
        };
    }
}
