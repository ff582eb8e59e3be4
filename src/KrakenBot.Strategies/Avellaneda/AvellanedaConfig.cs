using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// Avellaneda–Stoikov market making, with Hummingbot's parameter meanings (research §2.1). Fractions are fractions
/// here (0.01 = 1 %); a config file would hold percents, as for pure market making.
/// </summary>
public sealed record AvellanedaConfig
{
    /// <summary>The pair to quote.</summary>
    public required TradingPair Market { get; init; }

    /// <summary>Base amount of each quote before η shaping.</summary>
    public required decimal OrderAmount { get; init; }

    /// <summary>Risk aversion γ (Hummingbot's <c>risk_factor</c>, default 1).</summary>
    public double RiskFactor { get; init; } = 1.0;

    /// <summary>η of the order-size shaping (Hummingbot's <c>order_amount_shape_factor</c>, 0 = off).</summary>
    public double OrderAmountShapeFactor { get; init; }

    /// <summary>Smallest total spread as a fraction of the mid (Hummingbot's <c>min_spread</c>, in percent there).</summary>
    public decimal MinSpread { get; init; }

    /// <summary>How often the quotes are recomputed and moved (Hummingbot's <c>order_refresh_time</c>).</summary>
    public TimeSpan OrderRefreshTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A quote moves only when its price is off by more than this fraction (0 = always).</summary>
    public decimal OrderRefreshTolerance { get; init; }

    /// <summary>No new quotes for this long after a fill.</summary>
    public TimeSpan FilledOrderDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Target share of the portfolio's value in the base asset (Hummingbot's <c>inventory_target_base_pct</c>).</summary>
    public decimal InventoryTargetBase { get; init; } = 0.5m;

    /// <summary>Ticks of mid-price changes σ is estimated over (Hummingbot's <c>volatility_buffer_size</c>, 200).</summary>
    public int VolatilityBufferSize { get; init; } = 200;

    /// <summary>Ticks with trades κ and α are fitted over (Hummingbot's <c>trading_intensity_buffer_size</c>, 200).</summary>
    public int TradingIntensityBufferSize { get; init; } = 200;

    /// <summary>σ² as in the paper (default) or σ as in Hummingbot (its issues #5677, #6059).</summary>
    public SigmaConvention Sigma { get; init; } = SigmaConvention.PaperExact;

    /// <summary>When it trades: always, between two dates, or in a daily window (the horizon T of the model).</summary>
    public ExecutionTimeframe Timeframe { get; init; } = ExecutionTimeframe.Infinite;

    /// <summary>Orders per side (Hummingbot's <c>order_levels</c>; 1 is its <c>single</c> mode).</summary>
    public int OrderLevels { get; init; } = 1;

    /// <summary>Distance between levels as a fraction of the optimal half-spread δ*/2 (Hummingbot's <c>level_distances</c>, in
    /// percent there): level i sits i·(δ*/2)·this beyond level 0.</summary>
    public decimal LevelDistance { get; init; }

    /// <summary>Keep the other side of a level when one side fills (Hummingbot's <c>track_hanging_orders</c>).</summary>
    public bool HangingOrdersEnabled { get; init; }

    /// <summary>A hanging order is cancelled once its price is this fraction away from the mid (<c>hanging_orders_cancel_pct</c>).</summary>
    public decimal HangingOrdersCancel { get; init; } = 0.1m;

    /// <summary>Checks the values; throws naming the first bad one.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (OrderAmount <= 0) throw new ArgumentException($"order_amount is {OrderAmount}: it must be above 0.");
        if (RiskFactor <= 0) throw new ArgumentException($"risk_factor is {RiskFactor}: it must be above 0.");
        if (OrderAmountShapeFactor < 0) throw new ArgumentException($"order_amount_shape_factor is {OrderAmountShapeFactor}: it cannot be negative.");
        if (MinSpread is < 0 or >= 1) throw new ArgumentException($"min_spread is {MinSpread * 100} %: it must be at least 0 and below 100 %.");
        if (InventoryTargetBase is < 0 or > 1) throw new ArgumentException($"inventory_target_base_pct is {InventoryTargetBase * 100} %: it must be between 0 and 100 %.");
        if (OrderRefreshTime <= TimeSpan.Zero) throw new ArgumentException("order_refresh_time must be above 0 s.");
        if (VolatilityBufferSize is < 1 or > 10_000) throw new ArgumentException($"volatility_buffer_size is {VolatilityBufferSize}: it must be 1 to 10,000.");
        if (OrderLevels is < 1 or > 100) throw new ArgumentException($"order_levels is {OrderLevels}: it must be 1 to 100.");
        if (LevelDistance < 0) throw new ArgumentException($"level_distances is {LevelDistance * 100} %: it cannot be negative.");
        if (HangingOrdersCancel is <= 0 or >= 1) throw new ArgumentException($"hanging_orders_cancel_pct is {HangingOrdersCancel * 100} %: it must be above 0 and below 100 %.");
        if (TradingIntensityBufferSize is < 1 or > 10_000) throw new ArgumentException($"trading_intensity_buffer_size is {TradingIntensityBufferSize}: it must be 1 to 10,000.");
    }
}
