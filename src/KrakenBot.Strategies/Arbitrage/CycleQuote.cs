using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>One leg as planned from the books: what to send and what it should spend and bring.</summary>
/// <param name="Leg">The leg.</param>
/// <param name="Amount">Base amount of the order, on the lot grid.</param>
/// <param name="LimitPrice">The worst level the walk reached: the IOC order's limit, so it never fills worse than planned.</param>
/// <param name="AveragePrice">Average price of the walk.</param>
/// <param name="Spend">What the leg spends, in <see cref="CycleLeg.From"/>, fee included.</param>
/// <param name="Receive">What the leg brings, in <see cref="CycleLeg.To"/>, fee deducted.</param>
internal sealed record LegPlan(CycleLeg Leg, decimal Amount, decimal LimitPrice, decimal AveragePrice, decimal Spend, decimal Receive);

/// <summary>
/// A cycle priced on the books at one moment: each leg walked through the visible depth with its taker fee, its lot
/// and minimums, and the edge of the round trip in the start asset. <see cref="Problem"/> says why it cannot be fired
/// as it stands (thin depth, under a minimum, a market not tradable); the legs are then those priced so far.
/// </summary>
/// <param name="Cycle">The cycle.</param>
/// <param name="Legs">The legs priced.</param>
/// <param name="Spent">Start asset the first leg spends, fee included.</param>
/// <param name="Received">Start asset the last leg brings, fee deducted.</param>
/// <param name="Problem">Why it cannot be fired; null when it can.</param>
internal sealed record CycleQuote(TriangleCycle Cycle, IReadOnlyList<LegPlan> Legs, decimal Spent, decimal Received, string? Problem)
{
    /// <summary>True when every leg could be priced within the rules.</summary>
    public bool IsExecutable => Problem is null;

    /// <summary>Received − spent, in the start asset (0 when not executable).</summary>
    public decimal Edge => IsExecutable ? Received - Spent : 0m;

    /// <summary>The edge in basis points of what was spent.</summary>
    public decimal EdgeBps => IsExecutable && Spent > 0 ? Edge / Spent * 10_000m : 0m;

    /// <inheritdoc />
    public override string ToString() => IsExecutable
        ? FormattableString.Invariant($"{Cycle.Route}: spend {Spent} {Cycle.StartAsset}, get {Received} (edge {Edge} {Cycle.StartAsset}, {EdgeBps:0.##} bps)")
        : $"{Cycle.Route}: {Problem}";
}
