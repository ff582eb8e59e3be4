using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>Reads orders and own trades (<c>OpenOrders</c>, <c>ClosedOrders</c>, <c>QueryOrders</c>, <c>TradesHistory</c>, <c>QueryTrades</c>).</summary>
internal static class KrakenOrderParser
{
    public static IReadOnlyList<KrakenOrder> ParseOpenOrders(KrakenJsonNode result) => ParseOrderMap(result.Get("open"));

    public static KrakenClosedOrdersPage ParseClosedOrders(KrakenJsonNode result)
        => new(ParseOrderMap(result.Get("closed")), result.Int32("count"));

    /// <summary>A map of txid → order, as in <c>QueryOrders</c>'s result and inside open/closed.</summary>
    public static IReadOnlyList<KrakenOrder> ParseOrderMap(KrakenJsonNode orders)
    {
        var list = new List<KrakenOrder>();
        foreach (var (txid, order) in orders.Members())
        {
            try
            {
                list.Add(ParseOrder(txid, order));
            }
            catch (UnexpectedResponseException ex)
            {
                // One order this client cannot read must not hide the others: it is listed as unreadable, with its reason.
                string status = order.Kind == System.Text.Json.JsonValueKind.Object && order.OptionalStringOrNull("status") is { } known ? known : "unknown";
                list.Add(KrakenOrder.Unreadable(txid, status, ex.Message));
            }
        }
        return list;
    }

    public static KrakenTradesPage ParseTradesHistory(KrakenJsonNode result)
        => new(ParseTradeMap(result.Get("trades")), result.Int32("count"));

    public static IReadOnlyList<KrakenTrade> ParseTradeMap(KrakenJsonNode trades)
    {
        var list = new List<KrakenTrade>();
        foreach (var (txid, trade) in trades.Members())
            list.Add(ParseTrade(txid, trade));
        return list;
    }

    private static KrakenOrder ParseOrder(string txid, KrakenJsonNode order)
    {
        IReadOnlyList<string> tradeIds = [];
        if (order.TryGet("trades", out KrakenJsonNode trades))
        {
            var ids = new string[trades.Length];
            for (int i = 0; i < ids.Length; i++) ids[i] = trades.StringAt(i);
            tradeIds = ids;
        }

        return new KrakenOrder(
            TxId: txid,
            Status: order.String("status"),
            ClientOrderId: EmptyAsNull(order.OptionalString("cl_ord_id")),
            // Kraken has been seen to send userref as "" (OpenOrders example): treat as not set.
            UserRef: order.OptionalInt64("userref"),
            RefId: EmptyAsNull(order.OptionalString("refid")),
            OpenTime: order.UnixTime("opentm"),
            StartTime: order.OptionalUnixTime("starttm"),
            ExpireTime: order.OptionalUnixTime("expiretm"),
            CloseTime: order.OptionalUnixTime("closetm"),
            Reason: EmptyAsNull(order.OptionalString("reason")),
            Description: ParseDescription(order.Get("descr")),
            Volume: order.Decimal("vol"),
            VolumeExecuted: order.Decimal("vol_exec"),
            Cost: order.Decimal("cost"),
            Fee: order.Decimal("fee"),
            AveragePrice: order.Decimal("price"),
            StopPrice: order.OptionalDecimal("stopprice"),
            LimitPrice: order.OptionalDecimal("limitprice"),
            Misc: order.OptionalString("misc") ?? "",
            OrderFlags: order.OptionalString("oflags") ?? "",
            TradeIds: tradeIds)
        {
            Trigger = EmptyAsNull(order.OptionalStringOrNull("trigger")),
        };
    }

    private static KrakenOrderDescription ParseDescription(KrakenJsonNode descr) => new(
        Pair: descr.OptionalString("pair"),
        Side: descr.OptionalString("type") is { } side ? ParseSide(side, descr.Get("type")) : null,
        OrderType: descr.OptionalString("ordertype"),
        Price: OrderPrice(descr, "price"),
        Price2: OrderPrice(descr, "price2"),
        Leverage: descr.OptionalStringOrNull("leverage"),
        Text: descr.String("order"),
        Close: EmptyAsNull(descr.OptionalString("close")));

    private static KrakenTrade ParseTrade(string txid, KrakenJsonNode trade) => new(
        TradeTxId: txid,
        OrderTxId: trade.String("ordertxid"),
        PositionTxId: EmptyAsNull(trade.OptionalString("postxid")),
        PairId: trade.String("pair"),
        Time: trade.UnixTime("time"),
        Side: ParseSide(trade.String("type"), trade.Get("type")),
        OrderType: trade.String("ordertype"),
        Price: trade.Decimal("price"),
        Cost: trade.Decimal("cost"),
        Fee: trade.Decimal("fee"),
        Volume: trade.Decimal("vol"),
        Margin: trade.OptionalDecimal("margin"),
        Misc: trade.OptionalString("misc") ?? "",
        TradeId: trade.OptionalInt64("trade_id"),
        IsMaker: trade.OptionalBoolean("maker"));

    internal static KrakenSide ParseSide(string text, KrakenJsonNode node) => text switch
    {
        "buy" => KrakenSide.Buy,
        "sell" => KrakenSide.Sell,
        _ => throw node.Fail("is not 'buy' or 'sell'"),
    };

    // A descr price: a plain price, an offset ("+50.0000%", "#5", "-100.0"), or "0"/"" for none; sent as text or number.
    private static KrakenOrderPrice? OrderPrice(KrakenJsonNode descr, string name)
    {
        if (!descr.TryGet(name, out KrakenJsonNode node) || node.IsNull) return null;
        string text = node.Kind == System.Text.Json.JsonValueKind.Number ? node.Element.GetRawText() : node.AsString();
        return KrakenOrderPrice.TryParse(text, out var price) ? price : throw node.Fail($"'{text}' is neither a price nor an offset (+, -, # or %)");
    }

    private static string? EmptyAsNull(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
