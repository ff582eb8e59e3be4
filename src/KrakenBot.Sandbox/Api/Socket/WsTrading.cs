using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Api.Rest;
using KrakenBot.Sandbox.Limits;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// WS v2 trading methods on <c>/v2-auth</c>. They go through the same engine, token, permissions
/// and per-pair trading counter as REST; only the wire shapes differ. Replies honour the
/// ack faults (drop, delay) and the "accept an order but never reply" fault.
/// </summary>
internal sealed class WsTrading
{
    private readonly SandboxContext _context;

    public WsTrading(SandboxContext context) => _context = context;

    private ExchangeEngine Exchange => _context.Exchange;
    private DateTimeOffset Now => _context.Time.GetUtcNow();

    public Task HandleAsync(WsRequest r)
    {
        // The same permission rules as the REST equivalents (AddOrder, AddOrderBatch/EditOrder, AmendOrder/Cancel*).
        var modify = ApiPermissions.ModifyTrades;
        var close = ApiPermissions.CloseTrades;
        Func<ApiPermissions, bool>? allowed = r.Method switch
        {
            "add_order" => p => (p & modify) != 0,
            "batch_add" or "edit_order" => p => (p & (modify | close)) == (modify | close),
            "amend_order" or "cancel_order" or "cancel_all" or "cancel_all_orders_after" or "batch_cancel" => p => (p & (modify | close)) != 0,
            _ => null,
        };
        var placesOrders = r.Method is "add_order" or "batch_add" or "edit_order";
        if (allowed is null)
        {
            r.Connection.Send(WsResponse.Error(r, Now, KrakenErrors.UnknownMethod + ": " + r.Method));
            return Task.CompletedTask;
        }
        if (WsAuth.Account(r, _context.Tokens, out var account) is { } authError)
            return Reply(r, WsResponse.Error(r, Now, authError));
        if (!allowed(account!.Permissions))
            return Reply(r, WsResponse.Error(r, Now, KrakenErrors.PermissionDenied));
        if (_context.Faults.TryConsumeForcedRateLimit(r.Method))
            return Reply(r, WsResponse.Error(r, Now, KrakenErrors.OrderRateLimit));

        var replies = r.Method switch
        {
            "add_order" => AddOrder(r, account),
            "batch_add" => BatchAdd(r, account),
            "amend_order" => Amend(r, account),
            "edit_order" => Edit(r, account),
            "cancel_order" => CancelOrders(r, account),
            "cancel_all" => CancelAll(r, account),
            "cancel_all_orders_after" => CancelAfter(r, account),
            _ => BatchCancel(r, account),
        };
        if (placesOrders && replies.Placed && _context.Faults.TryConsumeSwallowedReply()) return Task.CompletedTask;
        foreach (var reply in replies.Messages) _ = Reply(r, reply);
        return Task.CompletedTask;
    }

    /// <summary>What a method produced: its reply messages and whether it placed anything.</summary>
    private readonly record struct Outcome(List<byte[]> Messages, bool Placed)
    {
        public static Outcome One(byte[] message, bool placed = false) => new([message], placed);
    }

    private Task Reply(WsRequest r, byte[] message)
    {
        if (_context.Faults.TryConsumeAckDrop()) return Task.CompletedTask;
        var delay = _context.Faults.AckDelay;
        if (delay <= TimeSpan.Zero)
        {
            r.Connection.Send(message);
            return Task.CompletedTask;
        }
        return DelayedAsync(r.Connection, message, delay);
    }

    private async Task DelayedAsync(WsConnection connection, byte[] message, TimeSpan delay)
    {
        try { await Task.Delay(delay, _context.Time, _context.Stopping).ConfigureAwait(false); }
        catch (OperationCanceledException) { return; }
        if (connection.IsOpen) connection.Send(message);
    }

    private string? Symbol(in WsRequest r, out PairInfo? pair)
    {
        pair = null;
        var symbol = r.String("symbol");
        if (symbol is null) return KrakenErrors.InvalidArgument("symbol");
        return Exchange.Markets.TryGetPair(symbol, out pair) && pair.Symbol == symbol ? null : KrakenErrors.UnknownAssetPair;
    }

    private Outcome AddOrder(in WsRequest r, Account account)
    {
        var now = Now;
        if (WsParams.OptionalBool(r.Params, "validate", out var validate) is { } validateError) return Outcome.One(WsResponse.Error(r, Now, validateError));
        if (Symbol(r, out var pair) is { } pairError) return Outcome.One(WsResponse.Error(r, Now, pairError));
        if (WsOrderParams.Parse(r.Params, account, now, validate ?? false, out var request) is { } error) return Outcome.One(WsResponse.Error(r, Now, error));
        if (WsOrderParams.CheckDeadline(r.Params, now) is { } deadlineError) return Outcome.One(WsResponse.Error(r, Now, deadlineError));
        if (TradingHandlers.Charge(account, pair!, 1m) is { } rateError) return Outcome.One(WsResponse.Error(r, Now, rateError));

        var result = Exchange.Engine(pair!).Submit(request);
        if (result.Error is not null) return Outcome.One(WsResponse.Error(r, Now, result.Error));
        var order = result.Order!;
        return Outcome.One(WsResponse.Ok(r, Now, w => OrderIds(w, order, request.ValidateOnly)), placed: !request.ValidateOnly);
    }

    private Outcome BatchAdd(in WsRequest r, Account account)
    {
        var now = Now;
        if (WsParams.OptionalBool(r.Params, "validate", out var validateOpt) is { } validateError) return Outcome.One(WsResponse.Error(r, Now, validateError));
        var validate = validateOpt ?? false;
        if (Symbol(r, out var pair) is { } pairError) return Outcome.One(WsResponse.Error(r, Now, pairError));
        if (WsOrderParams.CheckDeadline(r.Params, now) is { } deadlineError) return Outcome.One(WsResponse.Error(r, Now, deadlineError));
        if (!r.TryGet("orders", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() is < 2 or > 15)
            return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("orders") + ": give 2 to 15 orders"));

        // The whole batch is validated first: one bad order rejects them all.
        var requests = new List<OrderRequest>();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("orders")));
            if (item.TryGetProperty("symbol", out _)) return Outcome.One(WsResponse.Error(r, Now, "Unsupported field: 'symbol'"));
            if (WsOrderParams.Parse(item, account, now, validate, out var request) is { } error) return Outcome.One(WsResponse.Error(r, Now, error));
            requests.Add(request);
        }
        if (TradingHandlers.Charge(account, pair!, requests.Count / 2m) is { } rateError) return Outcome.One(WsResponse.Error(r, Now, rateError));

        var engine = Exchange.Engine(pair!);
        var results = new List<OrderResult>(requests.Count);
        foreach (var request in requests) results.Add(engine.Submit(request));
        var placed = results.Exists(x => x.Ok) && !validate;
        return Outcome.One(WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartArray();
            foreach (var result in results)
            {
                if (result.Error is not null)
                {
                    // Kraken rejects only the order the engine refused (e.g. funds); the others stand.
                    w.WriteStartObject();
                    w.WriteString("error", result.Error);
                    w.WriteEndObject();
                }
                else OrderIds(w, result.Order!, validate);
            }
            w.WriteEndArray();
        }), placed);
    }

    private Outcome Amend(in WsRequest r, Account account)
    {
        if (FindOne(r, account, out var order) is { } findError) return Outcome.One(WsResponse.Error(r, Now, findError));
        if (WsParams.OptionalDecimal(r.Params, "order_qty", out var quantity) is { } qtyError) return Outcome.One(WsResponse.Error(r, Now, qtyError));
        if (WsParams.OptionalDecimal(r.Params, "limit_price", out var price) is { } priceError) return Outcome.One(WsResponse.Error(r, Now, priceError));
        if (WsParams.OptionalBool(r.Params, "post_only", out var postOnly) is { } postError) return Outcome.One(WsResponse.Error(r, Now, postError));
        foreach (var unsupported in (string[])["trigger_price", "display_qty", "limit_price_type", "trigger_price_type"])
            if (r.TryGet(unsupported, out _)) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument(unsupported)));
        if (WsOrderParams.CheckDeadline(r.Params, Now) is { } deadlineError) return Outcome.One(WsResponse.Error(r, Now, deadlineError));
        if (quantity is null && price is null) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("order_qty")));
        if (TradingHandlers.Charge(account, order!.Pair, TradingCounters.AmendCost(Now - order.PriorityTime)) is { } rateError)
            return Outcome.One(WsResponse.Error(r, Now, rateError));

        var result = Exchange.Engine(order.Pair).Amend(order, quantity, price, postOnly ?? false);
        if (result.Error is not null) return Outcome.One(WsResponse.Error(r, Now, result.Error));
        var byClientId = r.String("cl_ord_id");
        return Outcome.One(WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            w.WriteString("amend_id", result.AmendId);
            if (byClientId is not null) w.WriteString("cl_ord_id", byClientId);
            else w.WriteString("order_id", order.Txid);
            w.WriteEndObject();
        }));
    }

    private Outcome Edit(in WsRequest r, Account account)
    {
        if (Symbol(r, out var pair) is { } pairError) return Outcome.One(WsResponse.Error(r, Now, pairError));
        var id = r.String("order_id");
        if (id is null) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("order_id")));
        if (!Exchange.TryGetOrder(id, out var order) || !ReferenceEquals(order.Account, account) || !ReferenceEquals(order.Pair, pair))
            return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.UnknownOrder));
        // Every field is read, then the first error (in field order) is reported.
        var qtyError = WsParams.OptionalDecimal(r.Params, "order_qty", out var quantity);
        var priceError = WsParams.OptionalDecimal(r.Params, "limit_price", out var price);
        var postError = WsParams.OptionalBool(r.Params, "post_only", out var postOnly);
        var userrefError = WsParams.OptionalInt(r.Params, "order_userref", out var userref);
        var validateError = WsParams.OptionalBool(r.Params, "validate", out var validate);
        var error = qtyError ?? priceError ?? postError ?? userrefError ?? validateError ?? WsOrderParams.CheckDeadline(r.Params, Now);
        if (error is not null) return Outcome.One(WsResponse.Error(r, Now, error));
        foreach (var unsupported in (string[])["display_qty", "triggers", "reduce_only"])
            if (r.TryGet(unsupported, out _)) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument(unsupported)));
        if (TradingHandlers.Charge(account, order.Pair, TradingCounters.EditCost(Now - order.PriorityTime)) is { } rateError)
            return Outcome.One(WsResponse.Error(r, Now, rateError));

        var original = order.Txid;
        var result = Exchange.Engine(order.Pair).Edit(order, quantity, price, postOnly, userref, validate ?? false);
        if (result.Error is not null) return Outcome.One(WsResponse.Error(r, Now, result.Error));
        var replacement = result.Order!;
        return Outcome.One(WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            w.WriteString("order_id", replacement.Txid);
            w.WriteString("original_order_id", original);
            w.WriteEndObject();
        }), placed: validate != true);
    }

    /// <summary>One reply per order, as Kraken: each with the id it was asked by, or an error.</summary>
    private Outcome CancelOrders(in WsRequest r, Account account)
    {
        if (WsParams.OptionalStrings(r.Params, "order_id", out var ids) is { } e1) return Outcome.One(WsResponse.Error(r, Now, e1));
        if (WsParams.OptionalStrings(r.Params, "cl_ord_id", out var clientIds) is { } e2) return Outcome.One(WsResponse.Error(r, Now, e2));
        if (WsParams.OptionalStrings(r.Params, "order_userref", out var userrefs) is { } e3) return Outcome.One(WsResponse.Error(r, Now, e3));
        var given = (ids is null ? 0 : 1) + (clientIds is null ? 0 : 1) + (userrefs is null ? 0 : 1);
        if (given != 1) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("order_id") + ": give exactly one of order_id, cl_ord_id, order_userref"));

        var messages = new List<byte[]>();
        if (ids is not null)
            foreach (var id in ids)
                messages.Add(CancelReply(r, Exchange.TryGetOrder(id, out var o) && ReferenceEquals(o.Account, account) ? [o] : [], "order_id", id));
        if (clientIds is not null)
            foreach (var id in clientIds)
            {
                Order? o;
                lock (account.Gate) account.OpenByClientId.TryGetValue(id, out o);
                messages.Add(CancelReply(r, o is null ? [] : [o], "cl_ord_id", id));
            }
        if (userrefs is not null)
            foreach (var text in userrefs)
            {
                if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var userref))
                {
                    messages.Add(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("order_userref")));
                    continue;
                }
                messages.Add(CancelReply(r, Exchange.OpenOrdersOf(account).FindAll(o => o.UserRef == userref), "order_userref", text));
            }
        return new Outcome(messages, false);
    }

    private byte[] CancelReply(in WsRequest r, List<Order> orders, string field, string id)
    {
        if (orders.Count == 0) return WsResponse.Error(r, Now, KrakenErrors.UnknownOrder);
        string? error = null;
        foreach (var order in orders) error ??= Cancel(order);
        if (error is not null && orders.Count == 1) return WsResponse.Error(r, Now, error);
        return WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            if (field == "order_userref") w.WriteNumber(field, int.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
            else w.WriteString(field, id);
            w.WriteEndObject();
        });
    }

    /// <summary>Cancels through the engine and charges the trading counter's cancel penalty by the order's age.</summary>
    private string? Cancel(Order order)
    {
        var age = Now - order.PriorityTime;
        var result = Exchange.Engine(order.Pair).Cancel(order);
        if (result.Error is null) order.Account.TradingCounters?.Charge(order.Pair, TradingCounters.CancelPenalty(age));
        return result.Error;
    }

    private Outcome CancelAll(in WsRequest r, Account account)
    {
        if (Exchange.SystemStatus == TradingStatus.Maintenance) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.ServiceUnavailable));
        var count = Exchange.CancelAll(account);
        return Outcome.One(WsResponse.Ok(r, Now, w => Count(w, count)));
    }

    private Outcome CancelAfter(in WsRequest r, Account account)
    {
        if (WsParams.OptionalInt(r.Params, "timeout", out var timeout) is { } error || timeout is null or < 0 or >= 86400)
            return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("timeout") + ": whole seconds from 0 (off) to 86399"));
        var now = Now;
        var trigger = TradingHandlers.ArmDeadManSwitch(_context, account, timeout.Value, now);
        return Outcome.One(WsResponse.Ok(r, Now, w =>
        {
            w.WriteStartObject();
            w.WriteString("currentTime", JsonOut.Rfc3339(now));
            w.WriteString("triggerTime", trigger is { } t ? JsonOut.Rfc3339(t) : "0");
            w.WriteEndObject();
        }));
    }

    private Outcome BatchCancel(in WsRequest r, Account account)
    {
        if (WsParams.OptionalStrings(r.Params, "orders", out var ids) is { } e1) return Outcome.One(WsResponse.Error(r, Now, e1));
        if (WsParams.OptionalStrings(r.Params, "cl_ord_id", out var clientIds) is { } e2) return Outcome.One(WsResponse.Error(r, Now, e2));
        var total = (ids?.Count ?? 0) + (clientIds?.Count ?? 0);
        if (total is < 2 or > 50) return Outcome.One(WsResponse.Error(r, Now, KrakenErrors.InvalidArgument("orders") + ": give 2 to 50 ids"));

        var targets = new List<Order>();
        foreach (var id in ids ?? [])
        {
            if (int.TryParse(id, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var userref))
                targets.AddRange(Exchange.OpenOrdersOf(account).FindAll(o => o.UserRef == userref));
            else if (Exchange.TryGetOrder(id, out var o) && ReferenceEquals(o.Account, account)) targets.Add(o);
        }
        foreach (var id in clientIds ?? [])
            lock (account.Gate) if (account.OpenByClientId.TryGetValue(id, out var o)) targets.Add(o);
        var count = 0;
        foreach (var order in targets.Distinct()) if (Cancel(order) is null) count++;
        return Outcome.One(WsResponse.Ok(r, Now, w => Count(w, count)));
    }

    private string? FindOne(in WsRequest r, Account account, out Order? order)
    {
        order = null;
        var id = r.String("order_id");
        var clientId = r.String("cl_ord_id");
        if ((id is null) == (clientId is null)) return KrakenErrors.InvalidArgument(id is null ? "order_id" : "cl_ord_id") + ": give order_id or cl_ord_id";
        if (id is not null)
        {
            if (!Exchange.TryGetOrder(id, out order) || !ReferenceEquals(order.Account, account)) return KrakenErrors.UnknownOrder;
            return null;
        }
        lock (account.Gate) return account.OpenByClientId.TryGetValue(clientId!, out order) ? null : KrakenErrors.UnknownOrder;
    }

    private static void OrderIds(Utf8JsonWriter w, Order order, bool validate)
    {
        w.WriteStartObject();
        w.WriteString("order_id", validate ? string.Empty : order.Txid);
        if (order.ClOrdId is not null) w.WriteString("cl_ord_id", order.ClOrdId);
        if (order.UserRef is { } userref) w.WriteNumber("order_userref", userref);
        w.WriteEndObject();
    }

    private static void Count(Utf8JsonWriter w, int count)
    {
        w.WriteStartObject();
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }
}
