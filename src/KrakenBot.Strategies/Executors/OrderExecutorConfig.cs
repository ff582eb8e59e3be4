using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>How an <see cref="OrderExecutor"/> works its order.</summary>
public enum ExecutionStrategy
{
    /// <summary>A limit order at the given price.</summary>
    Limit,

    /// <summary>A post-only limit order at the given price.</summary>
    LimitMaker,

    /// <summary>A market order.</summary>
    Market,

    /// <summary>A post-only limit that follows the best price of its side at a distance.</summary>
    LimitChaser,
}

/// <summary>A limit chaser: rest at <see cref="Distance"/> behind the best price of the order's side; re-price when the target moved more than <see cref="RefreshThreshold"/>.</summary>
/// <param name="Distance">Fraction behind the best bid (buy) or ask (sell): 0.001 = 0.1 %.</param>
/// <param name="RefreshThreshold">Fraction the target may drift from the order's price before it is re-priced.</param>
public sealed record LimitChaserConfig(decimal Distance, decimal RefreshThreshold);

/// <summary>Settings of <see cref="OrderExecutor"/> (Hummingbot's OrderExecutorConfig, spot).</summary>
public sealed record OrderExecutorConfig
{
    /// <summary>The pair.</summary>
    public required TradingPair Pair { get; init; }

    /// <summary>Buy or sell.</summary>
    public required OrderSide Side { get; init; }

    /// <summary>Base amount.</summary>
    public required decimal Amount { get; init; }

    /// <summary>How the order is worked.</summary>
    public ExecutionStrategy ExecutionStrategy { get; init; } = ExecutionStrategy.Limit;

    /// <summary>Limit price for <see cref="Executors.ExecutionStrategy.Limit"/> and <see cref="Executors.ExecutionStrategy.LimitMaker"/>.</summary>
    public decimal? Price { get; init; }

    /// <summary>The chaser's settings for <see cref="Executors.ExecutionStrategy.LimitChaser"/>.</summary>
    public LimitChaserConfig? Chaser { get; init; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pair);
        if (Amount <= 0) throw new ArgumentException(FormattableString.Invariant($"amount must be above 0 {Pair.Base}; got {Amount}."), nameof(Amount));
        bool limit = ExecutionStrategy is ExecutionStrategy.Limit or ExecutionStrategy.LimitMaker;
        if (limit && Price is not > 0) throw new ArgumentException($"A {ExecutionStrategy} order needs a price above 0.", nameof(Price));
        if (!limit && Price is not null) throw new ArgumentException($"A {ExecutionStrategy} order takes no price: remove it.", nameof(Price));
        if (ExecutionStrategy == ExecutionStrategy.LimitChaser && Chaser is not { Distance: >= 0, RefreshThreshold: > 0 })
            throw new ArgumentException("limit_chaser needs distance (0 or more) and refresh_threshold (above 0), fractions.", nameof(Chaser));
    }
}
