using System.Text.Json;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// Writes one <c>executions</c> entry in Kraken's sparse shape: which fields appear depends on
/// <c>exec_type</c> (API-addendum §2.1). Quantities use the pair's lot decimals, prices the pair's
/// price decimals, costs and fees the quote (or fee) asset's decimals.
/// </summary>
internal static class ExecutionReport
{
    /// <summary>What the order looked like when the event happened (the order object keeps changing).</summary>
    public readonly record struct OrderState(decimal Volume, decimal LimitPrice, bool PostOnly, bool Amended);

    public static void Write(Utf8JsonWriter w, in OrderEvent e, in OrderState state, decimal? feeUsd)
    {
        var order = e.Order;
        var pair = order.Pair;
        w.WriteStartObject();
        w.WriteString("order_id", order.Txid);
        Ids(w, order);
        w.WriteString("exec_type", e.Type.ToWire());
        w.WriteString("order_status", Status(e));
        switch (e.Type)
        {
            case ExecType.PendingNew:
                Describe(w, order, state);
                w.Number("cum_qty", 0m, pair.LotDecimals);
                w.Number("cum_cost", 0m, pair.Quote.Decimals);
                w.Number("fee_usd_equiv", 0m, 4);
                w.WriteString("fee_ccy_pref", order.FeeInBase ? "fcib" : "fciq");
                break;
            case ExecType.New:
                break;
            case ExecType.Trade:
                var t = e.Trade!;
                w.WriteString("symbol", pair.Symbol);
                w.WriteString("side", order.Side.ToWire());
                w.WriteString("order_type", order.Kind.ToWire());
                w.WriteString("exec_id", t.Txid);
                w.WriteNumber("trade_id", t.TradeNumber);
                w.Number("last_qty", t.Volume, pair.LotDecimals);
                w.Number("last_price", t.Price, pair.PairDecimals);
                w.WriteString("liquidity_ind", t.Maker ? "m" : "t");
                w.Number("cost", t.Cost, pair.Quote.Decimals);
                Cumulative(w, e, pair, feeUsd);
                w.WriteStartArray("fees");
                w.WriteStartObject();
                w.WriteString("asset", t.FeeAsset.WsName);
                w.Number("qty", t.Fee, t.FeeAsset.Decimals);
                w.WriteEndObject();
                w.WriteEndArray();
                break;
            case ExecType.Amended:
                w.Number("order_qty", state.Volume, pair.LotDecimals);
                if (order.Kind == OrderKind.Limit) w.Number("limit_price", state.LimitPrice, pair.PairDecimals);
                w.WriteBoolean("post_only", state.PostOnly);
                w.WriteBoolean("amended", true);
                w.WriteString("reason", "User requested");
                Cumulative(w, e, pair, feeUsd);
                break;
            default: // filled, canceled, expired
                Cumulative(w, e, pair, feeUsd);
                if (e.Reason is not null)
                {
                    w.WriteString("reason", e.Reason);
                    w.WriteString("cancel_reason", e.Reason);
                }
                break;
        }
        w.Time("timestamp", e.Time);
        w.WriteEndObject();
    }

    /// <summary>A snapshot entry for an open order: its full description and progress so far.</summary>
    public static void WriteOpen(Utf8JsonWriter w, Order order, decimal? feeUsd)
    {
        var pair = order.Pair;
        w.WriteStartObject();
        w.WriteString("order_id", order.Txid);
        Ids(w, order);
        w.WriteString("exec_type", order.Filled > 0m ? "trade" : "new");
        w.WriteString("order_status", order.Filled > 0m ? "partially_filled" : "new");
        Describe(w, order, new OrderState(order.Volume, order.LimitPrice, order.PostOnly, order.Amended));
        if (order.Amended) w.WriteBoolean("amended", true);
        w.Number("cum_qty", order.Filled, pair.LotDecimals);
        w.Number("cum_cost", order.Cost, pair.Quote.Decimals);
        w.Number("avg_price", order.AveragePrice, pair.PairDecimals);
        w.Number("fee_usd_equiv", feeUsd ?? 0m, 4);
        w.Time("timestamp", order.OpenTime);
        w.WriteEndObject();
    }

    /// <summary>A snapshot entry for a past fill (<c>snap_trades</c>).</summary>
    public static void WriteTrade(Utf8JsonWriter w, Trade t, decimal? feeUsd)
    {
        var pair = t.Pair;
        w.WriteStartObject();
        w.WriteString("order_id", t.OrderTxid);
        w.WriteString("exec_type", "trade");
        w.WriteString("exec_id", t.Txid);
        w.WriteNumber("trade_id", t.TradeNumber);
        w.WriteString("symbol", pair.Symbol);
        w.WriteString("side", t.Side.ToWire());
        w.WriteString("order_type", t.OrderKind.ToWire());
        w.Number("last_qty", t.Volume, pair.LotDecimals);
        w.Number("last_price", t.Price, pair.PairDecimals);
        w.WriteString("liquidity_ind", t.Maker ? "m" : "t");
        w.Number("cost", t.Cost, pair.Quote.Decimals);
        w.Number("fee_usd_equiv", feeUsd ?? 0m, 4);
        w.WriteStartArray("fees");
        w.WriteStartObject();
        w.WriteString("asset", t.FeeAsset.WsName);
        w.Number("qty", t.Fee, t.FeeAsset.Decimals);
        w.WriteEndObject();
        w.WriteEndArray();
        w.Time("timestamp", t.Time);
        w.WriteEndObject();
    }

    private static void Ids(Utf8JsonWriter w, Order order)
    {
        if (order.ClOrdId is not null) w.WriteString("cl_ord_id", order.ClOrdId);
        if (order.UserRef is { } userref) w.WriteNumber("order_userref", userref);
    }

    private static void Describe(Utf8JsonWriter w, Order order, in OrderState state)
    {
        var pair = order.Pair;
        w.WriteString("symbol", pair.Symbol);
        w.WriteString("side", order.Side.ToWire());
        w.WriteString("order_type", order.Kind.ToWire());
        if (order.VolumeInQuote) w.Number("cash_order_qty", state.Volume, pair.Quote.Decimals);
        else w.Number("order_qty", state.Volume, pair.LotDecimals);
        if (order.Kind == OrderKind.Limit)
        {
            w.Number("limit_price", state.LimitPrice, pair.PairDecimals);
            w.WriteString("limit_price_type", "static");
        }
        if (order.TriggeredLimit is { } limit)
        {
            w.Number("limit_price", Signed(limit), limit.IsPercent ? 4 : pair.PairDecimals);
            w.WriteString("limit_price_type", limit.WireType);
        }
        if (order.Trigger is { } trigger)
        {
            w.WriteStartObject("triggers");
            w.WriteString("reference", order.TriggerReference ?? "last");
            w.Number("price", Signed(trigger), trigger.IsPercent ? 4 : pair.PairDecimals);
            w.WriteString("price_type", trigger.WireType);
            w.WriteString("status", "untriggered");
            w.WriteEndObject();
        }
        w.WriteString("time_in_force", order.TimeInForce.ToWire());
        if (order.ExpireTime is { } expire) w.Time("expire_time", expire);
        w.WriteBoolean("post_only", state.PostOnly);
    }

    // v2 carries an offset as a signed number: +50 % is 50, -2 % is -2.
    private static decimal Signed(TriggerPrice price) => price.Sign == '-' ? -price.Value : price.Value;

    private static void Cumulative(Utf8JsonWriter w, in OrderEvent e, PairInfo pair, decimal? feeUsd)
    {
        w.Number("cum_qty", e.CumQty, pair.LotDecimals);
        w.Number("cum_cost", e.CumCost, pair.Quote.Decimals);
        w.Number("avg_price", e.AvgPrice, pair.PairDecimals);
        w.Number("fee_usd_equiv", feeUsd ?? 0m, 4);
    }

    /// <summary>
    /// Kraken's v2 <c>order_status</c>. A trade says <c>partially_filled</c> even when it completes
    /// the order: completion is the separate <c>filled</c> event (API-addendum §2.1).
    /// </summary>
    private static string Status(in OrderEvent e) => e.Type switch
    {
        ExecType.PendingNew => "pending_new",
        ExecType.New => "new",
        ExecType.Trade => "partially_filled",
        ExecType.Filled => "filled",
        ExecType.Canceled => "canceled",
        ExecType.Expired => "expired",
        _ => e.CumQty > 0m ? "partially_filled" : "new",
    };
}
