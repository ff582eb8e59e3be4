using System.Text.Json;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>Kraken's order and trade queries (OpenOrders, ClosedOrders, QueryOrders, TradesHistory, QueryTrades).</summary>
internal static class OrderQueryHandlers
{
    private const int PageSize = 50;

    public static string? OpenOrders(RestCall call, Utf8JsonWriter w)
    {
        var error = Filters(call, out var trades, out var userref, out var clOrdId);
        if (error is not null) return error;
        w.WriteStartObject();
        w.WriteStartObject("open");
        foreach (var order in call.Exchange.OpenOrdersOf(call.Owner))
            if (Matches(order, userref, clOrdId)) OrderJson.WriteOrder(w, call.Exchange, order, trades);
        w.WriteEndObject();
        w.WriteEndObject();
        return null;
    }

    public static string? ClosedOrders(RestCall call, Utf8JsonWriter w)
    {
        if (Filters(call, out var trades, out var userref, out var clOrdId) is { } error) return error;
        if (Offset(call, out var ofs) is { } ofsError) return ofsError;
        if (Bound(call, "start", out var start) is { } startError) return startError;
        if (Bound(call, "end", out var end) is { } endError) return endError;
        var closetime = call.Args.Get("closetime") ?? "both";
        if (closetime is not ("open" or "close" or "both")) return KrakenErrors.InvalidArgument("closetime");

        var account = call.Owner;
        var matching = new List<Order>();
        lock (account.Gate)
        {
            for (var i = account.ClosedOrders.Count - 1; i >= 0; i--)
            {
                var order = account.ClosedOrders[i];
                if (!Matches(order, userref, clOrdId)) continue;
                var time = closetime == "open" ? order.OpenTime : order.CloseTime ?? order.OpenTime;
                var seconds = JsonOut.UnixSeconds(time);
                if (start is { } s && seconds <= s) continue;
                if (end is { } e && seconds > e) continue;
                matching.Add(order);
            }
        }
        w.WriteStartObject();
        w.WriteStartObject("closed");
        for (var i = ofs; i < Math.Min(matching.Count, ofs + PageSize); i++)
            OrderJson.WriteOrder(w, call.Exchange, matching[i], trades);
        w.WriteEndObject();
        w.WriteNumber("count", matching.Count);
        w.WriteEndObject();
        return null;
    }

    public static string? QueryOrders(RestCall call, Utf8JsonWriter w)
    {
        var error = Filters(call, out var trades, out var userref, out _);
        if (error is not null) return error;
        var ids = call.Args.Strings("txid");
        if (ids is null || ids.Count == 0 || ids.Count > 50) return KrakenErrors.InvalidArgument("txid");
        var orders = new List<Order>(ids.Count);
        foreach (var id in ids)
        {
            if (!call.Exchange.TryGetOrder(id, out var order) || !ReferenceEquals(order.Account, call.Owner)) return KrakenErrors.InvalidOrder;
            if (userref is null || order.UserRef == userref) orders.Add(order);
        }
        w.WriteStartObject();
        foreach (var order in orders) OrderJson.WriteOrder(w, call.Exchange, order, trades);
        w.WriteEndObject();
        return null;
    }

    public static string? TradesHistory(RestCall call, Utf8JsonWriter w)
    {
        if (Offset(call, out var ofs) is { } error) return error;
        if (Bound(call, "start", out var start) is { } startError) return startError;
        if (Bound(call, "end", out var end) is { } endError) return endError;
        var type = call.Args.Get("type") ?? "all";
        if (type is not ("all" or "any position" or "closed position" or "closing position" or "no position")) return KrakenErrors.InvalidArgument("type");
        var account = call.Owner;
        var matching = new List<Trade>();
        lock (account.Gate)
        {
            // Spot trades never open positions: "any/closed/closing position" match nothing.
            if (type is "all" or "no position")
            {
                for (var i = account.Trades.Count - 1; i >= 0; i--)
                {
                    var trade = account.Trades[i];
                    var seconds = JsonOut.UnixSeconds(trade.Time);
                    if (start is { } s && seconds <= s) continue;
                    if (end is { } e && seconds > e) continue;
                    matching.Add(trade);
                }
            }
        }
        w.WriteStartObject();
        w.WriteStartObject("trades");
        for (var i = ofs; i < Math.Min(matching.Count, ofs + PageSize); i++) OrderJson.WriteTrade(w, matching[i]);
        w.WriteEndObject();
        w.WriteNumber("count", matching.Count);
        w.WriteEndObject();
        return null;
    }

    public static string? QueryTrades(RestCall call, Utf8JsonWriter w)
    {
        var ids = call.Args.Strings("txid");
        if (ids is null || ids.Count == 0 || ids.Count > 20) return KrakenErrors.InvalidArgument("txid");
        var account = call.Owner;
        var found = new List<Trade>(ids.Count);
        lock (account.Gate)
        {
            foreach (var id in ids)
            {
                Trade? match = null;
                for (var i = account.Trades.Count - 1; i >= 0 && match is null; i--)
                    if (account.Trades[i].Txid == id) match = account.Trades[i];
                if (match is null) return KrakenErrors.UnknownOrder;
                found.Add(match);
            }
        }
        w.WriteStartObject();
        foreach (var trade in found) OrderJson.WriteTrade(w, trade);
        w.WriteEndObject();
        return null;
    }

    private static bool Matches(Order order, int? userref, string? clOrdId) =>
        (userref is null || order.UserRef == userref) && (clOrdId is null || order.ClOrdId == clOrdId);

    private static string? Filters(RestCall call, out bool trades, out int? userref, out string? clOrdId)
    {
        clOrdId = call.Args.Get("cl_ord_id");
        userref = null;
        return ArgParser.OptionalBool(call.Args, "trades", out trades) ?? ArgParser.OptionalInt(call.Args, "userref", out userref);
    }

    private static string? Offset(RestCall call, out int ofs)
    {
        ofs = 0;
        if (!call.Args.TryGet("ofs", out var text)) return null;
        return ArgParser.TryParseInt(text, out ofs) && ofs >= 0 ? null : KrakenErrors.InvalidArgument("ofs");
    }

    /// <summary><c>start</c>/<c>end</c>: unix seconds, or an order/trade id (resolved to its time).</summary>
    private static string? Bound(RestCall call, string name, out decimal? bound)
    {
        bound = null;
        if (!call.Args.TryGet(name, out var text) || text.Length == 0) return null;
        if (ArgParser.TryParseDecimal(text, out var seconds)) { bound = seconds; return null; }
        if (call.Exchange.TryGetOrder(text, out var order)) { bound = JsonOut.UnixSeconds(order.OpenTime); return null; }
        return KrakenErrors.InvalidArgument(name);
    }
}
