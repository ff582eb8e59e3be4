namespace KrakenBot.Connector.Kraken.Rest.Internal;

/// <summary>Reads the results of order placement and cancellation calls.</summary>
internal static class KrakenTradingParser
{
    public static KrakenAddOrderResult ParseAddOrder(KrakenJsonNode result)
    {
        KrakenJsonNode descr = result.Get("descr");
        // With validate=true Kraken answers descr only, no txid (API.md §1.3).
        IReadOnlyList<string> txids = [];
        if (result.TryGet("txid", out KrakenJsonNode txidArray))
        {
            var ids = new string[txidArray.Length];
            for (int i = 0; i < ids.Length; i++) ids[i] = txidArray.StringAt(i);
            txids = ids;
        }
        return new KrakenAddOrderResult(txids, descr.String("order"), NullIfEmpty(descr.OptionalString("close")));
    }

    public static IReadOnlyList<KrakenBatchOrderResult> ParseAddOrderBatch(KrakenJsonNode result)
    {
        KrakenJsonNode orders = result.Get("orders");
        var list = new KrakenBatchOrderResult[orders.Length];
        for (int i = 0; i < list.Length; i++)
        {
            KrakenJsonNode order = orders.At(i);
            string? error = NullIfEmpty(order.OptionalString("error"));
            // txid is a scalar per order here (an array in AddOrder).
            string? txid = order.OptionalString("txid");
            string? description = order.TryGet("descr", out KrakenJsonNode descr) ? descr.OptionalString("order") : null;
            // A validate-only batch answers descr without txid; anything with none of the three is unreadable.
            if (error is null && txid is null && description is null) throw order.Fail("has none of 'txid', 'descr' or 'error'");
            list[i] = new KrakenBatchOrderResult(txid, description, error);
        }
        return list;
    }

    public static string ParseAmendOrder(KrakenJsonNode result) => result.String("amend_id");

    public static KrakenEditOrderResult ParseEditOrder(KrakenJsonNode result) => new(
        Status: result.String("status"),
        TxId: result.OptionalString("txid"),
        OriginalTxId: result.OptionalString("originaltxid"),
        Volume: result.OptionalDecimal("volume"),
        Price: result.OptionalDecimal("price"),
        Price2: result.OptionalDecimal("price2"),
        OrdersCancelled: (int)(result.OptionalInt64("orders_cancelled") ?? 0),
        Description: result.TryGet("descr", out KrakenJsonNode descr) ? descr.OptionalString("order") : null,
        ErrorMessage: NullIfEmpty(result.OptionalString("error_message")));

    public static KrakenCancelResult ParseCancelOrder(KrakenJsonNode result)
        => new(result.Int32("count"), result.OptionalBoolean("pending") ?? false);

    public static int ParseCount(KrakenJsonNode result) => result.Int32("count");

    public static KrakenDeadManSwitch ParseCancelAllOrdersAfter(KrakenJsonNode result)
    {
        DateTimeOffset current = KrakenMarketDataParser.ParseRfc3339(result.Get("currentTime"));
        KrakenJsonNode trigger = result.Get("triggerTime");
        // A disarmed switch reports triggerTime "0".
        DateTimeOffset? triggerTime = trigger.AsString() == "0" ? null : KrakenMarketDataParser.ParseRfc3339(trigger);
        return new KrakenDeadManSwitch(current, triggerTime);
    }

    public static KrakenWebSocketToken ParseWebSocketsToken(KrakenJsonNode result)
        => new(result.String("token"), TimeSpan.FromSeconds(result.Int64("expires")));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
