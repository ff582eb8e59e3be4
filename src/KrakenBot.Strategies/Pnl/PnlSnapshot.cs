namespace KrakenBot.Strategies.Pnl;

/// <summary>
/// A strategy's profit and loss at one moment, in the quote asset. Fees are counted once: they are in the average cost
/// of what was bought and taken off what sells brought in, so <see cref="Total"/> = <see cref="Realized"/> +
/// <see cref="Unrealized"/> = <see cref="Equity"/> − <see cref="StartEquity"/> exactly. <see cref="Fees"/> and
/// <see cref="FeesInQuote"/> say how much of that went to fees; they are not subtracted again.
/// </summary>
public sealed record PnlSnapshot
{
    /// <summary>The persisted figures this snapshot is computed from.</summary>
    public required PnlState State { get; init; }

    /// <summary>Start balances valued at the start mark; null until a mark is known.</summary>
    public decimal? StartEquity => State.StartMark is { } mark ? State.StartQuote + State.StartBase * mark : null;

    /// <summary>Current balances (start plus own fills) valued at the latest mark; null until a mark is known.</summary>
    public decimal? Equity => State.Mark is { } mark ? State.Quote + State.Base * mark : null;

    /// <summary>What the start balances would be worth now (just holding).</summary>
    public decimal? HoldValue => State.Mark is { } mark ? State.StartQuote + State.StartBase * mark : null;

    /// <summary>Realized P&amp;L in quote, fees included.</summary>
    public decimal Realized => State.Realized;

    /// <summary>Unrealized P&amp;L in quote: the position valued at mark against its average cost.</summary>
    public decimal? Unrealized => State.Mark is { } mark ? State.Base * mark - State.CostBasis : null;

    /// <summary>Realized plus unrealized.</summary>
    public decimal? Total => Unrealized is { } u ? State.Realized + u : null;

    /// <summary>Equity change since start as a fraction of start equity (0.01 = 1 %).</summary>
    public decimal? Return => Equity is { } e && StartEquity is { } s && s != 0 ? (e - s) / s : null;

    /// <summary>Trading result against just holding the start balances (Hummingbot's "trade P&amp;L"), in quote.</summary>
    public decimal? VersusHold => Equity is { } e && HoldValue is { } h ? e - h : null;

    /// <summary>Fall from the highest equity seen, as a fraction of that peak (0 at a new high).</summary>
    public decimal? Drawdown => Equity is { } e && State.PeakEquity is { } p && p > 0 && e < p ? (p - e) / p : Equity is null ? null : 0m;

    /// <summary>Fees paid per asset.</summary>
    public IReadOnlyDictionary<string, decimal> Fees => State.Fees;

    /// <summary>Fees valued in quote at each fill's price.</summary>
    public decimal FeesInQuote => State.FeesInQuote;
}
