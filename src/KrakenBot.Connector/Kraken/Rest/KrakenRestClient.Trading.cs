using System.Globalization;
using KrakenBot.Connector.Kraken.Rest.Internal;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Rest;

// Private trading calls. They change state: never retried on a lost reply (OutcomeUnknownException instead), and they
// do not use the REST counter (API.md §3.1) except CancelAllOrdersAfter.
internal sealed partial class KrakenRestClient
{
    private const int MaxBatchOrders = 15;
    private const int MaxBatchCancels = 50;

    /// <summary>
    /// Places one order (<c>AddOrder</c>). Never retried automatically. If the reply is lost this throws
    /// <see cref="OutcomeUnknownException"/>: look the order up by its client order id before sending it again.
    /// </summary>
    public Task<KrakenAddOrderResult> AddOrderAsync(KrakenOrderRequest order, CancellationToken cancellationToken = default)
    {
        KrakenOrderFields.Validate(order, nameof(order));
        var form = new KrakenForm();
        foreach (var (key, value) in KrakenOrderFields.ToFields(order, includePair: true)) form.Add(key, value);
        form.AddFlag("validate", order.ValidateOnly);
        if (order.Deadline is { } deadline)
            form.Add("deadline", deadline.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        return CallAsync(KrakenEndpoint.AddOrder, form, KrakenTradingParser.ParseAddOrder, cancellationToken);
    }

    /// <summary>
    /// Places 2 to 15 orders on one pair in one call (<c>AddOrderBatch</c>, sent as JSON as in Kraken's reference).
    /// The result lists, in request order, each order's txid or its own error. Never retried automatically.
    /// </summary>
    public Task<IReadOnlyList<KrakenBatchOrderResult>> AddOrderBatchAsync(IReadOnlyList<KrakenOrderRequest> orders, bool validateOnly = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(orders);
        if (orders.Count is < 2 or > MaxBatchOrders)
            throw new ArgumentException($"AddOrderBatch takes 2 to {MaxBatchOrders} orders; {orders.Count} were given.", nameof(orders));
        string pair = orders[0].Pair;
        foreach (KrakenOrderRequest order in orders)
        {
            KrakenOrderFields.Validate(order, nameof(orders));
            if (order.Pair != pair)
                throw new ArgumentException($"All orders of a batch must be on one pair; found '{pair}' and '{order.Pair}'.", nameof(orders));
            if (order.ValidateOnly != validateOnly)
                throw new ArgumentException("Batch orders are validated as a whole: use the validateOnly argument, not per-order ValidateOnly.", nameof(orders));
        }

        var content = new KrakenJsonContent(writer =>
        {
            writer.WriteString("pair", pair);
            writer.WriteStartArray("orders");
            foreach (KrakenOrderRequest order in orders)
            {
                writer.WriteStartObject();
                foreach (var (key, value) in KrakenOrderFields.ToFields(order, includePair: false)) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            if (validateOnly) writer.WriteBoolean("validate", true);
        });
        return CallAsync(KrakenEndpoint.AddOrderBatch, content, KrakenTradingParser.ParseAddOrderBatch, cancellationToken);
    }

    /// <summary>Changes an open order in place, keeping its ids (<c>AmendOrder</c>). Returns Kraken's amend id.</summary>
    public Task<string> AmendOrderAsync(KrakenAmendOrderRequest amend, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(amend);
        if ((amend.TxId is null) == (amend.ClientOrderId is null))
            throw new ArgumentException("Identify the order to amend by exactly one of TxId or ClientOrderId.", nameof(amend));
        if (amend.OrderQuantity is null && amend.DisplayQuantity is null && amend.LimitPrice is null && amend.TriggerPrice is null)
            throw new ArgumentException("The amendment changes nothing: set a quantity or a price.", nameof(amend));
        var form = new KrakenForm()
            .AddIfSet("txid", amend.TxId)
            .AddIfSet("cl_ord_id", amend.ClientOrderId)
            .AddIfSet("order_qty", amend.OrderQuantity)
            .AddIfSet("display_qty", amend.DisplayQuantity)
            .AddIfSet("limit_price", amend.LimitPrice)
            .AddIfSet("trigger_price", amend.TriggerPrice)
            .AddFlag("post_only", amend.PostOnly);
        return CallAsync(KrakenEndpoint.AmendOrder, form, KrakenTradingParser.ParseAmendOrder, cancellationToken);
    }

    /// <summary>Cancels and replaces an order (<c>EditOrder</c>, legacy): the new order gets a new txid and loses queue position.</summary>
    public Task<KrakenEditOrderResult> EditOrderAsync(KrakenEditOrderRequest edit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentException.ThrowIfNullOrWhiteSpace(edit.TxId);
        ArgumentException.ThrowIfNullOrWhiteSpace(edit.Pair);
        var form = new KrakenForm()
            .Add("txid", edit.TxId)
            .Add("pair", edit.Pair)
            .AddIfSet("volume", edit.Volume)
            .AddIfSet("price", edit.Price)
            .AddIfSet("price2", edit.Price2)
            .AddIf(edit.PostOnly, "oflags", "post")
            .AddIfSet("userref", edit.UserRef)
            .AddFlag("validate", edit.ValidateOnly);
        return CallAsync(KrakenEndpoint.EditOrder, form, KrakenTradingParser.ParseEditOrder, cancellationToken);
    }

    /// <summary>Cancels one order by txid (<c>CancelOrder</c>).</summary>
    public Task<KrakenCancelResult> CancelOrderAsync(string txid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(txid);
        return CallAsync(KrakenEndpoint.CancelOrder, new KrakenForm().Add("txid", txid), KrakenTradingParser.ParseCancelOrder, cancellationToken);
    }

    /// <summary>Cancels one order by its client order id (<c>CancelOrder</c> with <c>cl_ord_id</c>).</summary>
    public Task<KrakenCancelResult> CancelOrderByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        return CallAsync(KrakenEndpoint.CancelOrder, new KrakenForm().Add("cl_ord_id", clientOrderId), KrakenTradingParser.ParseCancelOrder, cancellationToken);
    }

    /// <summary>Cancels every open order (<c>CancelAll</c>); returns how many were cancelled.</summary>
    public Task<int> CancelAllAsync(CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.CancelAll, KrakenForm.Empty, KrakenTradingParser.ParseCount, cancellationToken);

    /// <summary>
    /// Cancels up to 50 orders by txid and/or client order id in one call (<c>CancelOrderBatch</c>, sent as JSON as in
    /// Kraken's reference). Returns how many were cancelled.
    /// </summary>
    public Task<int> CancelOrderBatchAsync(IReadOnlyCollection<string>? txids, IReadOnlyCollection<string>? clientOrderIds = null,
        CancellationToken cancellationToken = default)
    {
        int total = (txids?.Count ?? 0) + (clientOrderIds?.Count ?? 0);
        if (total is < 1 or > MaxBatchCancels)
            throw new ArgumentException($"CancelOrderBatch takes 1 to {MaxBatchCancels} ids in total; {total} were given.", nameof(txids));
        var content = new KrakenJsonContent(writer =>
        {
            if (txids is { Count: > 0 })
            {
                writer.WriteStartArray("orders");
                foreach (string txid in txids) writer.WriteStringValue(txid);
                writer.WriteEndArray();
            }
            if (clientOrderIds is { Count: > 0 })
            {
                writer.WriteStartArray("cl_ord_ids");
                foreach (string id in clientOrderIds) writer.WriteStringValue(id);
                writer.WriteEndArray();
            }
        });
        return CallAsync(KrakenEndpoint.CancelOrderBatch, content, KrakenTradingParser.ParseCount, cancellationToken);
    }

    /// <summary>
    /// Arms (or with <see cref="TimeSpan.Zero"/> disarms) the dead man's switch (<c>CancelAllOrdersAfter</c>): all orders
    /// are cancelled if it is not re-armed within <paramref name="timeout"/> (whole seconds, under 24 h).
    /// </summary>
    public Task<KrakenDeadManSwitch> CancelAllOrdersAfterAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero || timeout >= TimeSpan.FromDays(1) || timeout.Ticks % TimeSpan.TicksPerSecond != 0)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout is whole seconds from 0 (disarm) to under 86400.");
        var form = new KrakenForm().Add("timeout", ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        return CallAsync(KrakenEndpoint.CancelAllOrdersAfter, form, KrakenTradingParser.ParseCancelAllOrdersAfter, cancellationToken);
    }
}
