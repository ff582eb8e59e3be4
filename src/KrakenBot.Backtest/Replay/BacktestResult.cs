using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Pnl;

namespace KrakenBot.Backtest.Replay;

/// <summary>What a backtest did: the replay, the strategy's P&amp;L and risk figures, and the series for pictures.</summary>
public sealed record BacktestResult
{
    /// <summary>The strategy's id.</summary>
    public required string StrategyId { get; init; }

    /// <summary>The strategy type, e.g. <c>pure_market_making</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The traded pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Arrival time of the first record replayed.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>Arrival time of the last record replayed.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>Records replayed (book frames, trade messages, gaps).</summary>
    public required long Records { get; init; }

    /// <summary>Book frames replayed.</summary>
    public required long BookMessages { get; init; }

    /// <summary>Trade messages replayed.</summary>
    public required long TradeMessages { get; init; }

    /// <summary>Gaps in the recording (each starts a book afresh).</summary>
    public required long Gaps { get; init; }

    /// <summary>The strategy's P&amp;L at the end (after its orders were cancelled), marked at the last mid.</summary>
    public required PnlSnapshot Pnl { get; init; }

    /// <summary>Orders the strategy placed.</summary>
    public required int OrdersPlaced { get; init; }

    /// <summary>Orders that filled completely.</summary>
    public required int OrdersFilled { get; init; }

    /// <summary>Completely filled orders per order placed (0 when none was placed).</summary>
    public decimal FillRatio => OrdersPlaced == 0 ? 0m : (decimal)OrdersFilled / OrdersPlaced;

    /// <summary>Largest fall of sampled equity from its running peak, as a fraction of the peak.</summary>
    public required decimal MaxDrawdown { get; init; }

    /// <summary>Annualized Sharpe ratio of the sampled equity's returns (risk-free rate 0); null with fewer than two samples or no variation.</summary>
    public required double? Sharpe { get; init; }

    /// <summary>How the strategy ended: running to the end of the data, or stopped/failed on the way (with why).</summary>
    public required string Outcome { get; init; }

    /// <summary>Every fill of the strategy, in order.</summary>
    public required IReadOnlyList<Fill> Fills { get; init; }

    /// <summary>Equity, mid and inventory at each sample time.</summary>
    public required IReadOnlyList<BacktestSample> Samples { get; init; }
}

/// <summary>One sample of the run.</summary>
/// <param name="Time">Simulated time.</param>
/// <param name="Mid">Mid price of the pair (null while the book is not ready).</param>
/// <param name="Equity">Strategy equity in quote at that mid (start balances plus own fills).</param>
/// <param name="Base">Strategy inventory in the base asset.</param>
public sealed record BacktestSample(DateTimeOffset Time, decimal? Mid, decimal? Equity, decimal Base);
