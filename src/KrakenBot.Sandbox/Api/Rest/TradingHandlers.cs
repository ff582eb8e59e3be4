using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Limits;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>Kraken's trading endpoints: add, batch add, amend, edit, cancel (one, all, batch, after).</summary>
internal static class TradingHandlers
{
    public static string? AddOrder(RestCall call, Utf8JsonWriter w)
    {
        if (OrderArgs.Pair(call.Args, call.Exchange.Markets, out var pair) is { } error) return error;
        if (ArgParser.OptionalBool(call.Args, "validate", out var validate) is { } validateError) return validateError;
        if (OrderArgs.Parse(call.Args, call.Owner, call.Now, validate, out var request) is { } orderError) return orderError;
        if (OrderArgs.CheckDeadline(call.Args, call.Now) is { } deadlineError) return deadlineError;
        if (Charge(call.Owner, pair!, 1m) is { } rateError) return rateError;

        var result = call.Exchange.Engine(pair!).Submit(request);
        if (result.Error is not null) return result.Error;
        w.WriteStartObject();
        w.WriteStartObject("descr");
        w.WriteString("order", OrderJson.Describe(result.Order!));
        w.WriteEndObject();
        if (!validate)
        {
            w.WriteStartArray("txid");
            w.WriteStringValue(result.Order!.Txid);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        return null;
    }

    public static string? AddOrderBatch(RestCall call, Utf8JsonWriter w)
    {
        if (OrderArgs.Pair(call.Args, call.Exchange.Markets, out var pair) is { } pairError) return pairError;
        if (ArgParser.OptionalBool(call.Args, "validate", out var validate) is { } validateError) return validateError;
        if (OrderArgs.CheckDeadline(call.Args, call.Now) is { } deadlineError) return deadlineError;
        string? error;
        var items = call.Args.Objects("orders");
        if (items is null || items.Count < 2 || items.Count > 15) return KrakenErrors.InvalidArgument("orders");

        // The whole batch is validated first: one bad order rejects them all.
        var requests = new OrderRequest[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            error = OrderArgs.Parse(items[i], call.Owner, call.Now, validate, out requests[i]);
            if (error is not null) return error;
        }
        error = Charge(call.Owner, pair!, items.Count / 2m);
        if (error is not null) return error;

        var engine = call.Exchange.Engine(pair!);
        w.WriteStartObject();
        w.WriteStartArray("orders");
        foreach (var request in requests)
        {
            var result = engine.Submit(request);
            w.WriteStartObject();
            if (result.Error is not null) w.WriteString("error", result.Error);
            else
            {
                w.WriteStartObject("descr");
                w.WriteString("order", OrderJson.Describe(result.Order!));
                w.WriteEndObject();
                if (!validate) w.WriteString("txid", result.Order!.Txid);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        return null;
    }

    public static string? AmendOrder(RestCall call, Utf8JsonWriter w)
    {
        if (FindOne(call, out var order) is { } error) return error;
        if (ArgParser.OptionalDecimal(call.Args, "order_qty", out var quantity) is { } qtyError) return qtyError;
        if (ArgParser.OptionalDecimal(call.Args, "limit_price", out var price) is { } priceError) return priceError;
        if (ArgParser.OptionalBool(call.Args, "post_only", out var postOnly) is { } postError) return postError;
        if (OrderArgs.CheckDeadline(call.Args, call.Now) is { } deadlineError) return deadlineError;
        if (call.Args.Has("trigger_price")) return KrakenErrors.InvalidArgument("trigger_price");
        if (call.Args.Has("display_qty")) return KrakenErrors.InvalidArgument("display_qty");
        if (quantity is null && price is null) return KrakenErrors.InvalidArgument("order_qty");
        if (Charge(call.Owner, order!.Pair, TradingCounters.AmendCost(call.Now - order.PriorityTime)) is { } rateError) return rateError;

        var result = call.Exchange.Engine(order.Pair).Amend(order, quantity, price, postOnly);
        if (result.Error is not null) return result.Error;
        w.WriteStartObject();
        w.WriteString("amend_id", result.AmendId);
        w.WriteEndObject();
        return null;
    }

    public static string? EditOrder(RestCall call, Utf8JsonWriter w)
    {
        if (OrderArgs.Pair(call.Args, call.Exchange.Markets, out var pair) is { } error) return error;
        if (ArgParser.OptionalDecimal(call.Args, "volume", out var volume) is { } volumeError) return volumeError;
        if (ArgParser.OptionalDecimal(call.Args, "price", out var price) is { } priceError) return priceError;
        if (ArgParser.OptionalInt(call.Args, "userref", out var newUserRef) is { } userrefError) return userrefError;
        if (ArgParser.OptionalBool(call.Args, "validate", out var validate) is { } validateError) return validateError;
        if (OrderArgs.CheckDeadline(call.Args, call.Now) is { } deadlineError) return deadlineError;
        if (call.Args.Has("cl_ord_id")) return KrakenErrors.InvalidArgument("cl_ord_id");
        bool? postOnly = null;
        if (call.Args.TryGet("oflags", out var flags))
        {
            if (flags is not ("" or "post")) return KrakenErrors.InvalidArgument("oflags");
            postOnly = flags == "post";
        }
        if (!call.Args.TryGet("txid", out var id)) return KrakenErrors.InvalidArgument("txid");
        Order? order;
        if (ArgParser.TryParseInt(id, out var userref))
        {
            var matches = call.Exchange.OpenOrdersOf(call.Owner).FindAll(o => o.UserRef == userref);
            if (matches.Count != 1) return matches.Count == 0 ? KrakenErrors.UnknownOrder : KrakenErrors.InvalidArgument("txid");
            order = matches[0];
        }
        else if (!call.Exchange.TryGetOrder(id, out order) || !ReferenceEquals(order.Account, call.Owner)) return KrakenErrors.UnknownOrder;
        if (!ReferenceEquals(order.Pair, pair)) return KrakenErrors.UnknownOrder;
        var oldUserRef = order.UserRef;
        var originalTxid = order.Txid;
        if (Charge(call.Owner, order.Pair, TradingCounters.EditCost(call.Now - order.PriorityTime)) is { } rateError) return rateError;

        var result = call.Exchange.Engine(order.Pair).Edit(order, volume, price, postOnly, newUserRef, validate);
        if (result.Error is not null) return result.Error;
        var replacement = result.Order!;
        w.WriteStartObject();
        w.WriteString("status", "ok");
        w.WriteStartObject("descr");
        w.WriteString("order", OrderJson.Describe(replacement));
        w.WriteEndObject();
        if (!validate) w.WriteString("txid", replacement.Txid);
        w.WriteString("originaltxid", originalTxid);
        w.Amount("volume", replacement.Volume, pair!.LotDecimals);
        w.Amount("price", replacement.LimitPrice, pair.PairDecimals);
        w.Amount("price2", 0m, pair.PairDecimals);
        w.WriteNumber("orders_cancelled", validate ? 0 : 1);
        if (newUserRef is { } nu) w.WriteNumber("newuserref", nu);
        if (oldUserRef is { } ou) w.WriteNumber("olduserref", ou);
        w.WriteEndObject();
        return null;
    }

    public static string? CancelOrder(RestCall call, Utf8JsonWriter w)
    {
        var hasTxid = call.Args.TryGet("txid", out var id);
        var hasClientId = call.Args.TryGet("cl_ord_id", out var clientId);
        if (hasTxid == hasClientId) return KrakenErrors.InvalidArgument(hasTxid ? "cl_ord_id" : "txid");
        var (orders, error) = hasTxid ? ByTxidOrUserRef(call, id!) : ByClientId(call, clientId!);
        if (error is not null) return error;
        var count = 0;
        foreach (var order in orders)
        {
            var result = Cancel(call, order);
            if (result is not null && orders.Count == 1) return result;
            if (result is null) count++;
        }
        WriteCount(w, count);
        return null;
    }

    public static string? CancelAll(RestCall call, Utf8JsonWriter w)
    {
        if (call.Exchange.SystemStatus == TradingStatus.Maintenance) return KrakenErrors.ServiceUnavailable;
        WriteCount(w, call.Exchange.CancelAll(call.Owner));
        return null;
    }

    public static string? CancelOrderBatch(RestCall call, Utf8JsonWriter w)
    {
        var ids = new List<string>();
        if (call.Args.Strings("orders") is { } plain) ids.AddRange(plain);
        if (call.Args.Objects("orders") is { } objects)
            foreach (var o in objects) if (o.Get("txid") is { } txid) ids.Add(txid);
        var clientIds = call.Args.Strings("cl_ord_ids") ?? [];
        if (ids.Count + clientIds.Count is 0 or > 50) return KrakenErrors.InvalidArgument("orders");

        var targets = new List<Order>();
        foreach (var id in ids)
            if (ByTxidOrUserRef(call, id) is { Error: null } found) targets.AddRange(found.Orders);
        foreach (var id in clientIds)
            if (ByClientId(call, id) is { Error: null } found) targets.AddRange(found.Orders);
        var count = 0;
        foreach (var order in targets.Distinct()) if (Cancel(call, order) is null) count++;
        WriteCount(w, count);
        return null;
    }

    public static string? CancelAllOrdersAfter(RestCall call, Utf8JsonWriter w)
    {
        if (!call.Args.TryGet("timeout", out var text) || !ArgParser.TryParseInt(text, out var seconds) || seconds is < 0 or >= 86400)
            return KrakenErrors.InvalidArgument("timeout");
        var trigger = ArmDeadManSwitch(call.Sandbox, call.Owner, seconds, call.Now);
        w.WriteStartObject();
        w.WriteString("currentTime", JsonOut.Rfc3339(call.Now));
        w.WriteString("triggerTime", trigger is { } t ? JsonOut.Rfc3339(t) : "0");
        w.WriteEndObject();
        return null;
    }

    /// <summary>Arms (or with 0 disarms) the account's dead man's switch; returns when it fires. Shared with WS v2.</summary>
    internal static DateTimeOffset? ArmDeadManSwitch(SandboxContext sandbox, Account account, int seconds, DateTimeOffset now)
    {
        var exchange = sandbox.Exchange;
        DateTimeOffset? trigger = null;
        lock (account.Gate)
        {
            account.CancelAfterTimer?.Dispose();
            account.CancelAfterTimer = null;
            account.CancelAfterTrigger = null;
            if (seconds > 0)
            {
                trigger = now.AddSeconds(seconds);
                account.CancelAfterTrigger = trigger;
                account.CancelAfterTimer = sandbox.Time.CreateTimer(_ => FireDeadManSwitch(exchange, account), null,
                    TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
            }
        }
        return trigger;
    }

    /// <summary>The dead man's switch fired: cancel everything and disarm until re-armed.</summary>
    private static void FireDeadManSwitch(ExchangeEngine exchange, Account account)
    {
        lock (account.Gate)
        {
            account.CancelAfterTimer?.Dispose();
            account.CancelAfterTimer = null;
            account.CancelAfterTrigger = null;
        }
        exchange.CancelAll(account);
    }

    private static string? Cancel(RestCall call, Order order)
    {
        var age = call.Now - order.PriorityTime;
        var result = call.Exchange.Engine(order.Pair).Cancel(order);
        if (result.Error is null) call.Owner.TradingCounters?.Charge(order.Pair, TradingCounters.CancelPenalty(age));
        return result.Error;
    }

    /// <summary>A txid, or an integer userref matching every open order with it.</summary>
    private static (List<Order> Orders, string? Error) ByTxidOrUserRef(RestCall call, string id)
    {
        if (ArgParser.TryParseInt(id, out var userref))
            return (call.Exchange.OpenOrdersOf(call.Owner).FindAll(o => o.UserRef == userref), null);
        if (!call.Exchange.TryGetOrder(id, out var order) || !ReferenceEquals(order.Account, call.Owner)) return ([], KrakenErrors.UnknownOrder);
        return ([order], null);
    }

    private static (List<Order> Orders, string? Error) ByClientId(RestCall call, string clientId)
    {
        var account = call.Owner;
        lock (account.Gate)
        {
            return account.OpenByClientId.TryGetValue(clientId, out var order) ? ([order], null) : ([], KrakenErrors.UnknownOrder);
        }
    }

    private static string? FindOne(RestCall call, out Order? order)
    {
        order = null;
        var hasTxid = call.Args.TryGet("txid", out var id);
        var hasClientId = call.Args.TryGet("cl_ord_id", out var clientId);
        if (hasTxid == hasClientId) return KrakenErrors.InvalidArgument(hasTxid ? "cl_ord_id" : "txid");
        var (orders, error) = hasTxid
            ? (call.Exchange.TryGetOrder(id, out var byId) && ReferenceEquals(byId.Account, call.Owner) ? ([byId], null) : (new List<Order>(), KrakenErrors.UnknownOrder))
            : ByClientId(call, clientId!);
        if (error is not null) return error;
        order = orders[0];
        return null;
    }

    /// <summary>Applies the per-pair trading counter; refuses with Kraken's error when it would overflow.</summary>
    internal static string? Charge(Account account, PairInfo pair, decimal points)
    {
        if (account.TradingCounters is not { } counters || counters.TryCharge(pair, points)) return null;
        account.Refused(KrakenErrors.OrderRateLimit);
        return KrakenErrors.OrderRateLimit;
    }

    private static void WriteCount(Utf8JsonWriter w, int count)
    {
        w.WriteStartObject();
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }
}
