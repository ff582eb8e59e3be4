using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.Pnl;

namespace KrakenBot.Strategies.State;

/// <summary>The documents the host keeps per strategy (besides the strategy's own <c>strategy.*</c> values).</summary>
internal static class StrategyDocuments
{
    /// <summary>The run record (<see cref="StrategyRunRecord"/>).</summary>
    public const string Run = "run";

    /// <summary>P&amp;L figures (<see cref="PnlState"/>).</summary>
    public const string Pnl = "pnl";

    /// <summary>The strategy's own orders (<see cref="OwnedOrderRecord"/> list).</summary>
    public const string Orders = "orders";

    /// <summary>When <see cref="Orders"/> was last written: every order placed before then is in it (or was forgotten as
    /// long finished); one placed after it and missing there was lost by a crash before the next write.</summary>
    public const string OrdersSavedAt = "orders_saved_at";
}

/// <summary>One start of a strategy config and what became of it.</summary>
/// <param name="Layout">Version of this document's layout.</param>
/// <param name="StrategyId">The strategy's id (names its state, tags its orders).</param>
/// <param name="Kind">The strategy type, e.g. <c>pure_market_making</c>.</param>
/// <param name="Exchange">The connector name it trades on.</param>
/// <param name="Pair">The pair, e.g. <c>BTC-USD</c>.</param>
/// <param name="StartedAt">When the run began (kept across restarts).</param>
/// <param name="LastStartedAt">When it was last (re)started.</param>
/// <param name="Status">Its status when last saved.</param>
/// <param name="Reason">Why it stopped, paused or failed (the exception message of a failure).</param>
/// <param name="StoppedAt">When it stopped or failed.</param>
public sealed record StrategyRunRecord(int Layout, string StrategyId, string Kind, string Exchange, string Pair,
    DateTimeOffset StartedAt, DateTimeOffset LastStartedAt, StrategyStatus Status, string? Reason, DateTimeOffset? StoppedAt)
{
    /// <summary>The layout this build writes.</summary>
    public const int CurrentLayout = 1;
}

/// <summary>One of the strategy's orders as persisted.</summary>
/// <param name="ClientOrderId">Our client order id.</param>
/// <param name="Label">The strategy's label.</param>
/// <param name="QuotedAt">When it was placed or last amended.</param>
/// <param name="AppliedTrades">Trade ids already counted.</param>
/// <param name="FinishedAt">When it reached a terminal state, if it did.</param>
public sealed record OwnedOrderRecord(string ClientOrderId, string Label, DateTimeOffset QuotedAt, IReadOnlyList<string> AppliedTrades,
    DateTimeOffset? FinishedAt);
