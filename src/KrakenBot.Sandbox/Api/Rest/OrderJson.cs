using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>Kraken's OrderInfo and TradeInfo objects. Orders are read under their pair's lock.</summary>
internal static class OrderJson
{
    /// <summary>Writes <c>"txid": {OrderInfo}</c>.</summary>
    public static void WriteOrder(Utf8JsonWriter w, ExchangeEngine exchange, Order order, bool withTrades)
    {
        exchange.Engine(order.Pair).Read(_ =>
        {
            var pair = order.Pair;
            w.WriteStartObject(order.Txid);
            w.WriteNull("refid");
            if (order.UserRef is { } userref) w.WriteNumber("userref", userref); else w.WriteNull("userref");
            if (order.ClOrdId is not null) w.WriteString("cl_ord_id", order.ClOrdId);
            w.WriteString("status", order.Status.ToWire());
            w.Time("opentm", order.OpenTime);
            w.WriteNumber("starttm", 0);
            if (order.ExpireTime is { } expire) w.Time("expiretm", expire); else w.WriteNumber("expiretm", 0);
            if (!order.IsOpen)
            {
                w.Time("closetm", order.CloseTime ?? order.OpenTime);
                if (order.Reason is null) w.WriteNull("reason"); else w.WriteString("reason", order.Reason);
            }
            w.WriteStartObject("descr");
            w.WriteString("pair", pair.AltName);
            w.WriteString("type", order.Side.ToWire());
            w.WriteString("ordertype", order.Kind.ToWire());
            if (order.Trigger is { } trigger) w.WriteString("price", trigger.Format(pair.PairDecimals));
            else w.Amount("price", order.LimitPrice, pair.PairDecimals);
            if (order.TriggeredLimit is { } limit) w.WriteString("price2", limit.Format(pair.PairDecimals));
            else w.Amount("price2", 0m, pair.PairDecimals);
            w.WriteString("leverage", "none");
            w.WriteString("order", Describe(order));
            w.WriteString("close", "");
            w.WriteEndObject();
            w.Amount("vol", order.Volume, pair.LotDecimals);
            w.Amount("vol_exec", order.Filled, pair.LotDecimals);
            w.Amount("cost", order.Cost, pair.CostDecimals);
            w.Amount("fee", order.Fee, order.FeeInBase ? pair.LotDecimals : pair.CostDecimals);
            w.Amount("price", order.AveragePrice, pair.PairDecimals);
            w.Amount("stopprice", 0m, pair.PairDecimals);
            w.Amount("limitprice", 0m, pair.PairDecimals);
            if (order.Kind.IsTriggered()) w.WriteString("trigger", order.TriggerReference ?? "last");
            w.WriteString("misc", Misc(order));
            w.WriteString("oflags", Flags(order));
            w.WriteString("timeinforce", order.TimeInForce.ToWire());
            if (withTrades && order.TradeIds is { Count: > 0 } trades)
            {
                w.WriteStartArray("trades");
                foreach (var t in trades) w.WriteStringValue(t);
                w.WriteEndArray();
            }
            w.WriteEndObject();
            return 0;
        });
    }

    /// <summary>Kraken's human description, e.g. <c>buy 1.25000000 XBTUSD @ limit 27500.0</c>.</summary>
    public static string Describe(Order order)
    {
        var pair = order.Pair;
        var text = new StringBuilder(64)
            .Append(order.Side.ToWire()).Append(' ')
            .Append(Money.Format(order.Volume, order.VolumeInQuote && order.Filled == 0m ? pair.Quote.Decimals : pair.LotDecimals)).Append(' ')
            .Append(pair.AltName).Append(" @ ").Append(order.Kind.ToWire());
        if (order.Kind == OrderKind.Limit) text.Append(' ').Append(Money.Format(order.LimitPrice, pair.PairDecimals));
        if (order.Trigger is { } trigger)
        {
            // As Kraken words it: "sell 1.00000000 XBTUSD @ trailing stop +50.0000%", "... @ stop loss 60000.0 -> limit 59900.0".
            text.Length -= order.Kind.ToWire().Length;
            text.Append(order.Kind.IsTrailing() ? "trailing stop" : order.Kind is OrderKind.StopLoss or OrderKind.StopLossLimit ? "stop loss" : "take profit")
                .Append(' ').Append(trigger.Format(pair.PairDecimals));
            if (order.TriggeredLimit is { } limit) text.Append(" -> limit ").Append(limit.Format(pair.PairDecimals));
        }
        return text.ToString();
    }

    private static string Misc(Order order)
    {
        var partial = !order.IsOpen && order.Filled > 0m && order.Filled < order.Volume;
        return (partial, order.Amended) switch
        {
            (true, true) => "partial,amended",
            (true, false) => "partial",
            (false, true) => "amended",
            _ => "",
        };
    }

    private static string Flags(Order order)
    {
        var flags = new List<string>(4) { order.FeeInBase ? "fcib" : "fciq" };
        if (order.PostOnly) flags.Add("post");
        if (order.NoMarketPriceProtection) flags.Add("nompp");
        if (order.VolumeInQuote) flags.Add("viqc");
        return string.Join(',', flags);
    }

    /// <summary>Writes <c>"txid": {TradeInfo}</c>. Trades are immutable, so no lock is needed.</summary>
    public static void WriteTrade(Utf8JsonWriter w, Trade trade)
    {
        var pair = trade.Pair;
        w.WriteStartObject(trade.Txid);
        w.WriteString("ordertxid", trade.OrderTxid);
        w.WriteString("postxid", "TKH2SE-M7IF5-CFI7LT");
        w.WriteString("pair", pair.Id);
        w.Time("time", trade.Time);
        w.WriteString("type", trade.Side.ToWire());
        w.WriteString("ordertype", trade.OrderKind.ToWire());
        w.Amount("price", trade.Price, pair.PairDecimals);
        w.Amount("cost", trade.Cost, pair.CostDecimals);
        w.Amount("fee", trade.Fee, ReferenceEquals(trade.FeeAsset, pair.Base) ? pair.LotDecimals : pair.CostDecimals);
        w.Amount("vol", trade.Volume, pair.LotDecimals);
        w.Amount("margin", 0m, pair.CostDecimals);
        w.WriteString("leverage", "0");
        w.WriteString("misc", "");
        w.WriteNumber("trade_id", trade.TradeNumber);
        w.WriteBoolean("maker", trade.Maker);
        w.WriteEndObject();
    }
}
