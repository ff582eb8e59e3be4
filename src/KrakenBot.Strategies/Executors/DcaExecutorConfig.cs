using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>Settings of <see cref="DcaExecutor"/> (Hummingbot's DCAExecutorConfig, spot).</summary>
public sealed record DcaExecutorConfig
{
    /// <summary>The pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Buy (average down into a long) or sell (average up into a short).</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Quote to spend at each level, in level order.</summary>
    public required IReadOnlyList<decimal> AmountsQuote { get; init; }

    /// <summary>Price of each level, in level order (for a buy, usually falling).</summary>
    public required IReadOnlyList<decimal> Prices { get; init; }

    /// <summary>Close when the net P&amp;L fraction on the average entry reaches this; null: none.</summary>
    public decimal? TakeProfit { get; init; }

    /// <summary>Close when the net P&amp;L fraction is at or below minus this (maker mode: only once every level filled); null: none.</summary>
    public decimal? StopLoss { get; init; }

    /// <summary>Trailing stop on the net P&amp;L fraction; null: none.</summary>
    public TrailingStop? TrailingStop { get; init; }

    /// <summary>Close at market this long after the start; null: none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Maker (default): each level rests as a post-only limit at its price. Taker: a market order when the price reaches the level.</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Maker;

    /// <summary>A level is placed only while its price is within this fraction of the mid (0.01 = 1 %); null: at once.</summary>
    public decimal? ActivationBounds { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the lists differ in length.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pair);
        ArgumentNullException.ThrowIfNull(AmountsQuote);
        ArgumentNullException.ThrowIfNull(Prices);
        if (AmountsQuote.Count == 0 || AmountsQuote.Count != Prices.Count)
            throw new ArgumentException($"amounts_quote and prices need one entry per level, as many of each; got {AmountsQuote.Count} and {Prices.Count}.", nameof(Prices));
        if (AmountsQuote.Any(a => a <= 0) || Prices.Any(p => p <= 0)) throw new ArgumentException("Every level's amount and price must be above 0.", nameof(AmountsQuote));
        if (TakeProfit is <= 0 || StopLoss is <= 0) throw new ArgumentException("take_profit and stop_loss must be above 0 (fractions: 0.02 = 2 %).", nameof(TakeProfit));
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentException($"time_limit must be above 0 s; got {limit.TotalSeconds} s.", nameof(TimeLimit));
        if (ActivationBounds is <= 0) throw new ArgumentException(FormattableString.Invariant($"activation_bounds must be above 0 (a fraction); got {ActivationBounds}."), nameof(ActivationBounds));
        new TripleBarrier { TrailingStop = TrailingStop }.Validate();
    }
}
