namespace KrakenBot.Connector.Trading;

/// <summary>
/// Order types. KrakenBot places <see cref="Limit"/>, <see cref="LimitMaker"/> and <see cref="Market"/> orders; the
/// others describe orders a trader placed elsewhere (Kraken's website, another tool) that the connector finds on the
/// account and follows read-only (see <see cref="TrackedOrder.IsReadOnly"/>).
/// </summary>
public enum OrderType
{
    /// <summary>Rests at a limit price; may take liquidity when it crosses the book.</summary>
    Limit,

    /// <summary>A post-only limit order: the exchange refuses it rather than let it take liquidity.</summary>
    LimitMaker,

    /// <summary>Takes liquidity at whatever price the book offers; carries no price.</summary>
    Market,

    /// <summary>A market order once the price reaches the trigger against the position (Kraken <c>stop-loss</c>).</summary>
    StopLoss,

    /// <summary>A market order once the price reaches the trigger in favour of the position (<c>take-profit</c>).</summary>
    TakeProfit,

    /// <summary>A limit order once the stop-loss trigger is reached (<c>stop-loss-limit</c>).</summary>
    StopLossLimit,

    /// <summary>A limit order once the take-profit trigger is reached (<c>take-profit-limit</c>).</summary>
    TakeProfitLimit,

    /// <summary>A market order once the price retraces by an offset from its best since placement (<c>trailing-stop</c>).</summary>
    TrailingStop,

    /// <summary>A limit order once the trailing trigger is reached (<c>trailing-stop-limit</c>).</summary>
    TrailingStopLimit,

    /// <summary>A limit order that shows only part of its amount on the book (<c>iceberg</c>).</summary>
    Iceberg,

    /// <summary>Settles a margin position (<c>settle-position</c>).</summary>
    SettlePosition,
}

/// <summary>Facts about <see cref="OrderType"/> values.</summary>
public static class OrderTypes
{
    /// <summary>True for the types KrakenBot places: limit, limit-maker, market.</summary>
    public static bool IsPlaceable(this OrderType type) => type is OrderType.Limit or OrderType.LimitMaker or OrderType.Market;

    /// <summary>True for the types that wait for a trigger price before they trade.</summary>
    public static bool IsTriggered(this OrderType type) => type is OrderType.StopLoss or OrderType.TakeProfit or OrderType.StopLossLimit
        or OrderType.TakeProfitLimit or OrderType.TrailingStop or OrderType.TrailingStopLimit;

    /// <summary>Kraken's name of the type: <c>limit</c>, <c>stop-loss-limit</c>, <c>trailing-stop</c>… (limit-maker is a post-only <c>limit</c>).</summary>
    public static string ToKrakenName(this OrderType type) => type switch
    {
        OrderType.Limit or OrderType.LimitMaker => "limit",
        OrderType.Market => "market",
        OrderType.StopLoss => "stop-loss",
        OrderType.TakeProfit => "take-profit",
        OrderType.StopLossLimit => "stop-loss-limit",
        OrderType.TakeProfitLimit => "take-profit-limit",
        OrderType.TrailingStop => "trailing-stop",
        OrderType.TrailingStopLimit => "trailing-stop-limit",
        OrderType.Iceberg => "iceberg",
        OrderType.SettlePosition => "settle-position",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The type Kraken names <paramref name="krakenName"/>; <paramref name="postOnly"/> makes a limit a limit-maker.</summary>
    public static bool TryFromKrakenName(string? krakenName, bool postOnly, out OrderType type)
    {
        foreach (var candidate in Enum.GetValues<OrderType>())
        {
            if (candidate == OrderType.LimitMaker || candidate.ToKrakenName() != krakenName) continue;
            type = candidate == OrderType.Limit && postOnly ? OrderType.LimitMaker : candidate;
            return true;
        }
        type = default;
        return false;
    }
}
