using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>A trailing stop: armed once the net P&amp;L reaches <see cref="ActivationPrice"/>, it fires when the P&amp;L falls <see cref="TrailingDelta"/> below its peak.</summary>
/// <param name="ActivationPrice">Net P&amp;L fraction that arms it (0.01 = 1 %); Hummingbot's name.</param>
/// <param name="TrailingDelta">How far (as a P&amp;L fraction) below its peak the P&amp;L may fall once armed.</param>
public sealed record TrailingStop(decimal ActivationPrice, decimal TrailingDelta);

/// <summary>
/// Hummingbot's triple barrier: take profit, stop loss and time limit on the net P&amp;L of a position (fractions:
/// 0.02 = 2 %), plus an optional trailing stop, and the order types to open and take profit with. Stop loss and time
/// limit always close at market.
/// </summary>
public sealed record TripleBarrier
{
    /// <summary>Close when the net P&amp;L fraction is at or below minus this; null: no stop loss.</summary>
    public decimal? StopLoss { get; init; }

    /// <summary>Close when the net P&amp;L fraction reaches this (or rest a limit at entry × (1 ± this)); null: none.</summary>
    public decimal? TakeProfit { get; init; }

    /// <summary>Close at market this long after the start; null: no time limit.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Trailing stop; null: none.</summary>
    public TrailingStop? TrailingStop { get; init; }

    /// <summary>How the entry is opened: <see cref="OrderType.Limit"/> (default), <see cref="OrderType.LimitMaker"/> or <see cref="OrderType.Market"/>.</summary>
    public OrderType OpenOrderType { get; init; } = OrderType.Limit;

    /// <summary>
    /// How take profit closes: <see cref="OrderType.Market"/> (default, when the P&amp;L reaches it) or a resting
    /// <see cref="OrderType.Limit"/> / <see cref="OrderType.LimitMaker"/> at entry × (1 ± take profit) placed once the entry is filled.
    /// </summary>
    public OrderType TakeProfitOrderType { get; init; } = OrderType.Market;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (StopLoss is <= 0) throw new ArgumentException(FormattableString.Invariant($"stop_loss must be above 0 (a fraction: 0.03 = 3 %); got {StopLoss}."), nameof(StopLoss));
        if (TakeProfit is <= 0) throw new ArgumentException(FormattableString.Invariant($"take_profit must be above 0 (a fraction: 0.02 = 2 %); got {TakeProfit}."), nameof(TakeProfit));
        if (TimeLimit is { } limit && limit <= TimeSpan.Zero) throw new ArgumentException($"time_limit must be above 0 s; got {limit.TotalSeconds} s.", nameof(TimeLimit));
        if (TrailingStop is { } trailing && (trailing.ActivationPrice <= 0 || trailing.TrailingDelta <= 0 || trailing.TrailingDelta > trailing.ActivationPrice))
        {
            throw new ArgumentException(FormattableString.Invariant(
                $"trailing_stop needs activation_price above 0 and trailing_delta above 0 and not above it; got {trailing.ActivationPrice} and {trailing.TrailingDelta}."), nameof(TrailingStop));
        }

        if (!OpenOrderType.IsPlaceable()) throw new ArgumentException($"open_order_type must be limit, limit_maker or market; got {OpenOrderType}.", nameof(OpenOrderType));
        if (!TakeProfitOrderType.IsPlaceable()) throw new ArgumentException($"take_profit_order_type must be limit, limit_maker or market; got {TakeProfitOrderType}.", nameof(TakeProfitOrderType));
    }
}
