using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>How an executor's orders take or make liquidity.</summary>
public enum ExecutionMode
{
    /// <summary>Market orders (pays the taker fee, fills now).</summary>
    Taker,

    /// <summary>Resting post-only limit orders (maker fee, may wait or not fill).</summary>
    Maker,
}

/// <summary>Settings of <see cref="TwapExecutor"/> (Hummingbot's TWAPExecutorConfig).</summary>
public sealed record TwapExecutorConfig
{
    /// <summary>The pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Buy or sell.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Quote to buy or sell in all.</summary>
    public required decimal TotalAmountQuote { get; init; }

    /// <summary>Time from the first slice to the last.</summary>
    public required TimeSpan TotalDuration { get; init; }

    /// <summary>Time between slices: there are duration ÷ interval + 1 of them.</summary>
    public required TimeSpan OrderInterval { get; init; }

    /// <summary>Market slices (default) or resting post-only slices.</summary>
    public ExecutionMode Mode { get; init; } = ExecutionMode.Taker;

    /// <summary>Maker mode: a slice rests at mid × (1 − buffer) to buy, mid × (1 + buffer) to sell.</summary>
    public decimal LimitOrderBuffer { get; init; } = 0.0005m;

    /// <summary>Maker mode: a slice not filled after this long is cancelled and re-posted at the price of the moment.</summary>
    public TimeSpan OrderResubmissionTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How many slices: duration ÷ interval + 1.</summary>
    public int Slices => (int)(TotalDuration.Ticks / OrderInterval.Ticks) + 1;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pair);
        if (TotalAmountQuote <= 0) throw new ArgumentException(FormattableString.Invariant($"total_amount_quote must be above 0 {Pair.Quote}; got {TotalAmountQuote}."), nameof(TotalAmountQuote));
        if (OrderInterval <= TimeSpan.Zero) throw new ArgumentException($"order_interval must be above 0 s; got {OrderInterval.TotalSeconds} s.", nameof(OrderInterval));
        if (TotalDuration < TimeSpan.Zero) throw new ArgumentException($"total_duration cannot be negative; got {TotalDuration.TotalSeconds} s.", nameof(TotalDuration));
        if (LimitOrderBuffer is < 0 or >= 1) throw new ArgumentException(FormattableString.Invariant($"limit_order_buffer must be from 0 to below 1 (a fraction); got {LimitOrderBuffer}."), nameof(LimitOrderBuffer));
        if (OrderResubmissionTime <= TimeSpan.Zero) throw new ArgumentException($"order_resubmission_time must be above 0 s; got {OrderResubmissionTime.TotalSeconds} s.", nameof(OrderResubmissionTime));
    }
}
