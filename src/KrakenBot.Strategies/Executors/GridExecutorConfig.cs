using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>Settings of <see cref="GridExecutor"/> (Hummingbot's GridExecutorConfig, spot).</summary>
public sealed record GridExecutorConfig
{
    /// <summary>The pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Buy: each level buys and takes profit above (a long grid). Sell: each level sells and buys back below.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Lowest level price.</summary>
    public required decimal StartPrice { get; init; }

    /// <summary>Highest level price.</summary>
    public required decimal EndPrice { get; init; }

    /// <summary>The grid stops when the mid crosses this (under it for a buy grid, over it for a sell grid).</summary>
    public required decimal LimitPrice { get; init; }

    /// <summary>Quote for all levels together.</summary>
    public required decimal TotalAmountQuote { get; init; }

    /// <summary>Smallest gap between levels as a fraction of the mid at start (0.0005 = 0.05 %).</summary>
    public decimal MinSpreadBetweenOrders { get; init; } = 0.0005m;

    /// <summary>Smallest quote per level (the exchange minimum + 5 % also applies).</summary>
    public decimal MinOrderAmountQuote { get; init; } = 5m;

    /// <summary>Most entry orders resting at once (those nearest the mid first).</summary>
    public int MaxOpenOrders { get; init; } = 5;

    /// <summary>An entry rests only while its level is within this fraction of the mid; null: always.</summary>
    public decimal? ActivationBounds { get; init; }

    /// <summary>An entry never rests closer to the mid than this fraction (a level past the mid enters just inside it).</summary>
    public decimal SafeExtraSpread { get; init; } = 0.0001m;

    /// <summary>Each level's take profit as a fraction of its price; null: one grid step (the next level).</summary>
    public decimal? TakeProfit { get; init; }

    /// <summary>Stop the grid when its net P&amp;L fraction is at or below minus this; null: none.</summary>
    public decimal? StopLoss { get; init; }

    /// <summary>Stop the grid this long after the start; null: none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>On a stop keep what the grid holds instead of closing it at market.</summary>
    public bool KeepPosition { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pair);
        if (StartPrice <= 0 || EndPrice < StartPrice)
            throw new ArgumentException(FormattableString.Invariant($"start_price must be above 0 and end_price at or above it; got {StartPrice} and {EndPrice}."), nameof(EndPrice));
        if (Side == OrderSide.Buy ? LimitPrice >= StartPrice : LimitPrice <= EndPrice)
            throw new ArgumentException(FormattableString.Invariant(
                $"limit_price must be {(Side == OrderSide.Buy ? "under start_price" : "over end_price")} for a {Side.ToString().ToLowerInvariant()} grid; got {LimitPrice}."), nameof(LimitPrice));
        if (TotalAmountQuote <= 0) throw new ArgumentException(FormattableString.Invariant($"total_amount_quote must be above 0; got {TotalAmountQuote}."), nameof(TotalAmountQuote));
        if (MinSpreadBetweenOrders <= 0 || MinOrderAmountQuote <= 0 || SafeExtraSpread < 0)
            throw new ArgumentException("min_spread_between_orders and min_order_amount_quote must be above 0, safe_extra_spread not negative.", nameof(MinSpreadBetweenOrders));
        if (MaxOpenOrders < 1) throw new ArgumentException($"max_open_orders must be at least 1; got {MaxOpenOrders}.", nameof(MaxOpenOrders));
        if (ActivationBounds is <= 0 || TakeProfit is <= 0 || StopLoss is <= 0)
            throw new ArgumentException("activation_bounds, take_profit and stop_loss must be above 0 (fractions) when given.", nameof(TakeProfit));
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentException($"time_limit must be above 0 s; got {limit.TotalSeconds} s.", nameof(TimeLimit));
    }
}
