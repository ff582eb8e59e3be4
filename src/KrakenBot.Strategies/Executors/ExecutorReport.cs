using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// An executor's figures now (Hummingbot's executor info): where it is, why it ended, and its P&amp;L in quote after
/// fees, the open position valued at the price it would close at.
/// </summary>
/// <param name="Id">The executor's id (labels its orders).</param>
/// <param name="Type">The executor type, e.g. <c>position_executor</c>.</param>
/// <param name="Pair">Its pair.</param>
/// <param name="Side">Its side (a grid's or DCA's side of entry).</param>
/// <param name="Status">Where it is.</param>
/// <param name="CloseType">Why it ended, once decided.</param>
/// <param name="CloseReason">The close in words (which barrier, at what P&amp;L; or what failed).</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="ClosedAt">When it ended.</param>
/// <param name="Position">Base held from its fills (negative: sold short).</param>
/// <param name="AverageEntryPrice">Average price of its entry side; null before a fill.</param>
/// <param name="FilledAmountQuote">Quote traded both ways.</param>
/// <param name="CumFeesQuote">Fees in quote.</param>
/// <param name="NetPnlQuote">Net P&amp;L in quote after fees.</param>
/// <param name="NetPnlPct">Net P&amp;L as a fraction of the entry's quote value; 0 before a fill.</param>
/// <param name="Info">Executor-specific lines (levels, slices, chases).</param>
public sealed record ExecutorReport(
    string Id,
    string Type,
    TradingPair Pair,
    OrderSide Side,
    ExecutorStatus Status,
    CloseType? CloseType,
    string? CloseReason,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ClosedAt,
    decimal Position,
    decimal? AverageEntryPrice,
    decimal FilledAmountQuote,
    decimal CumFeesQuote,
    decimal NetPnlQuote,
    decimal NetPnlPct,
    IReadOnlyList<string> Info);
