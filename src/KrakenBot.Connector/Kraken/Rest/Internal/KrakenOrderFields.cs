using System.Globalization;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>Checks a <see cref="KrakenOrderRequest"/> and turns it into Kraken's AddOrder fields (shared by AddOrder and AddOrderBatch).</summary>
internal static class KrakenOrderFields
{
    public static void Validate(KrakenOrderRequest order, string paramName)
    {
        ArgumentNullException.ThrowIfNull(order, paramName);
        if (string.IsNullOrWhiteSpace(order.Pair))
            throw new ArgumentException("The order has no pair.", paramName);
        if (order.Volume < 0)
            throw new ArgumentException($"The order volume {order.Volume} is negative.", paramName);
        if (order.ClientOrderId is not null && order.UserRef is not null)
            throw new ArgumentException("Kraken refuses an order with both a client order id and a userref: set only one.", paramName);
        if (order.ClientOrderId is { Length: 0 or > 36 })
            throw new ArgumentException("A Kraken client order id is a UUID or at most 18 ASCII characters.", paramName);
        if (order.TimeInForce == KrakenTimeInForce.GoodTillDate && order.ExpireAt is null)
            throw new ArgumentException("A good-till-date order needs ExpireAt.", paramName);
        if (order.ExpireAt is not null && order.TimeInForce is not (KrakenTimeInForce.GoodTillDate or null))
            throw new ArgumentException("ExpireAt applies only to good-till-date orders.", paramName);
        if (order.OrderType is KrakenOrderType.Limit or KrakenOrderType.Iceberg or KrakenOrderType.StopLoss or KrakenOrderType.TakeProfit
            or KrakenOrderType.StopLossLimit or KrakenOrderType.TakeProfitLimit && order.Price is null)
            throw new ArgumentException($"A {WireOrderType(order.OrderType)} order needs a price.", paramName);
    }

    /// <summary>The order's fields in Kraken's names, values formatted exactly (decimals invariant, unix seconds).</summary>
    public static List<KeyValuePair<string, string>> ToFields(KrakenOrderRequest order, bool includePair)
    {
        var fields = new List<KeyValuePair<string, string>>(12);
        if (includePair) fields.Add(new("pair", order.Pair));
        fields.Add(new("type", order.Side == KrakenSide.Buy ? "buy" : "sell"));
        fields.Add(new("ordertype", WireOrderType(order.OrderType)));
        fields.Add(new("volume", KrakenForm.FormatDecimal(order.Volume)));
        if (order.Price is { } price) fields.Add(new("price", KrakenForm.FormatDecimal(price)));
        if (order.Price2 is { } price2) fields.Add(new("price2", KrakenForm.FormatDecimal(price2)));
        if (order.ClientOrderId is { } clientOrderId) fields.Add(new("cl_ord_id", clientOrderId));
        if (order.UserRef is { } userRef) fields.Add(new("userref", userRef.ToString(CultureInfo.InvariantCulture)));
        if (order.PostOnly) fields.Add(new("oflags", "post"));
        if (order.TimeInForce is { } timeInForce) fields.Add(new("timeinforce", WireTimeInForce(timeInForce)));
        if (order.ExpireAt is { } expireAt) fields.Add(new("expiretm", expireAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return fields;
    }

    public static string WireOrderType(KrakenOrderType type) => type switch
    {
        KrakenOrderType.Market => "market",
        KrakenOrderType.Limit => "limit",
        KrakenOrderType.Iceberg => "iceberg",
        KrakenOrderType.StopLoss => "stop-loss",
        KrakenOrderType.TakeProfit => "take-profit",
        KrakenOrderType.StopLossLimit => "stop-loss-limit",
        KrakenOrderType.TakeProfitLimit => "take-profit-limit",
        KrakenOrderType.TrailingStop => "trailing-stop",
        KrakenOrderType.TrailingStopLimit => "trailing-stop-limit",
        KrakenOrderType.SettlePosition => "settle-position",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown order type."),
    };

    private static string WireTimeInForce(KrakenTimeInForce timeInForce) => timeInForce switch
    {
        KrakenTimeInForce.GoodTillCancelled => "GTC",
        KrakenTimeInForce.ImmediateOrCancel => "IOC",
        KrakenTimeInForce.FillOrKill => "FOK",
        KrakenTimeInForce.GoodTillDate => "GTD",
        _ => throw new ArgumentOutOfRangeException(nameof(timeInForce), timeInForce, "Unknown time in force."),
    };
}
