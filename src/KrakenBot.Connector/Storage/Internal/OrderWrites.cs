using KrakenBot.Connector.Trading;
using static KrakenBot.Connector.Storage.Internal.JournalValues;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// Records changes to orders: each change appends one row to <c>order_events</c> and rewrites the order's
/// current-state row, in the caller's transaction. The caller passes the order as it is after the change; the
/// journal checks it is exactly one step ahead of what it holds, so a change that was never recorded is noticed at
/// once instead of making the replay disagree later. A change already recorded is a no-op (returns false). What the
/// journal holds is the order as this process last recorded it while that is still the order's last event, else a
/// replay of its events (<see cref="JournaledOrderStates"/>): a change costs the same after 10 or 100,000 events.
/// </summary>
internal static class OrderWrites
{
    public static bool RecordCreated(JournalWriteScope write, long accountId, TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.State != OrderState.PendingCreate || order.Fills.Count != 0)
        {
            throw new ArgumentException(
                $"Order {order.ClientOrderId} must be journaled when created, before it is sent; it is already {order.State} with {order.Fills.Count} fills.",
                nameof(order));
        }

        if (OrderReads.FindRow(write.Connection, write.Transaction, accountId, "client_order_id", order.ClientOrderId) is { } existing)
        {
            if (OrderRow.SameRequest(existing.Request, order.Request) && existing.CreatedAt == order.CreatedAt)
            {
                return false; // the same intent written again (e.g. a retried call)
            }

            throw new JournalConflictException(
                $"Client order id {order.ClientOrderId} is already used by another order in this account ({existing.Request}, created {ToText(existing.CreatedAt)}); use a new id.");
        }

        if (order.ExchangeOrderId is not null)
        {
            CheckExchangeIdFree(write, accountId, order, ownRowId: null);
        }

        var request = order.Request;
        long rowId = (long)write.Command("""
                INSERT INTO orders (account_id, client_order_id, exchange_order_id, base, quote, side, type, amount, price,
                                    time_in_force, expire_time, client_tag, state, is_terminal, filled_amount, fill_count,
                                    failure_reason, created_at, created_ticks, updated_at, trigger_price, trigger_limit_price, trigger_reference)
                VALUES (@account, @client, @exchange, @base, @quote, @side, @type, @amount, @price,
                        @tif, @expire, @tag, @state, 0, '0', 0, NULL, @created, @ticks, @updated, @trigger, @triggerLimit, @triggerReference)
                RETURNING id
                """)
            .With("@account", accountId)
            .With("@client", order.ClientOrderId)
            .With("@exchange", order.ExchangeOrderId)
            .With("@base", request.Pair.Base)
            .With("@quote", request.Pair.Quote)
            .With("@side", ToText(request.Side))
            .With("@type", ToText(request.Type))
            .With("@amount", ToText(request.Amount))
            .With("@price", request.Price is { } price ? ToText(price) : null)
            .With("@tif", ToText(request.TimeInForce))
            .With("@expire", request.ExpireTime is { } expire ? ToText(expire) : null)
            .With("@tag", request.ClientTag)
            .With("@state", ToText(order.State))
            .With("@created", ToText(order.CreatedAt))
            .With("@ticks", order.CreatedAt.UtcTicks)
            .With("@updated", ToText(order.UpdatedAt))
            .With("@trigger", request.Trigger?.Price)
            .With("@triggerLimit", request.Trigger?.LimitPrice)
            .With("@triggerReference", request.Trigger?.Reference)
            .Scalar()!;

        AppendEvent(write, rowId, "created", order.CreatedAt, OrderState.PendingCreate, request: request);
        if (order.ExchangeOrderId is not null)
        {
            AppendEvent(write, rowId, "exchange_id", order.UpdatedAt, order.State, exchangeOrderId: order.ExchangeOrderId);
        }

        return true;
    }

    public static bool RecordExchangeOrderId(JournalWriteScope write, long accountId, TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.ExchangeOrderId is null)
        {
            throw new ArgumentException($"Order {order.ClientOrderId} has no exchange order id to record.", nameof(order));
        }

        var (row, current) = Current(write, accountId, order);
        if (current.ExchangeOrderId == order.ExchangeOrderId && Same(current, order))
        {
            return false;
        }

        if (current.ExchangeOrderId is not null && current.ExchangeOrderId != order.ExchangeOrderId)
        {
            throw new JournalConflictException(
                $"Order {order.ClientOrderId} already has exchange id {current.ExchangeOrderId} in the journal; refusing to replace it with {order.ExchangeOrderId}.");
        }

        var next = CheckOneStep(current, order, "an exchange id", c => c.WithExchangeOrderId(order.ExchangeOrderId, order.UpdatedAt));
        CheckExchangeIdFree(write, accountId, order, row.Id);
        long eventId = AppendEvent(write, row.Id, "exchange_id", order.UpdatedAt, order.State, exchangeOrderId: order.ExchangeOrderId);
        UpdateRow(write, row.Id, order);
        write.JournaledOrders.Stage(row.Id, eventId, next);
        return true;
    }

    public static bool RecordStateChange(JournalWriteScope write, long accountId, TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (row, current) = Current(write, accountId, order);
        if (Same(current, order))
        {
            return false; // this change is already recorded
        }

        if (!OrderStates.CanTransition(current.State, order.State))
        {
            throw new JournalConflictException(
                $"Order {order.ClientOrderId} is {current.State} in the journal and cannot move to {order.State}: a change was not recorded, or the state is from another order.");
        }

        var next = CheckOneStep(current, order, "a state change", c => c.TransitionTo(order.State, order.UpdatedAt, order.FailureReason));
        string? reason = order.State == OrderState.Failed ? order.FailureReason : null;
        long eventId = AppendEvent(write, row.Id, "state", order.UpdatedAt, order.State, reason: reason);
        UpdateRow(write, row.Id, order);
        write.JournaledOrders.Stage(row.Id, eventId, next);
        return true;
    }

    public static bool RecordFill(JournalWriteScope write, long accountId, TrackedOrder order, Fill fill)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(fill);
        int index = IndexOf(order, fill.TradeId);
        if (index < 0 || order.Fills[index] != fill)
        {
            throw new ArgumentException(
                $"Order {order.ClientOrderId} does not hold fill {fill.TradeId}: apply the fill to the order (ApplyFill) and journal the result.",
                nameof(order));
        }

        var (row, current) = Current(write, accountId, order);
        if (IndexOf(current, fill.TradeId) >= 0)
        {
            FillRows.Write(write, accountId, fill, row.Id); // checks the figures agree; inserts nothing
            return false;
        }

        var next = CheckOneStep(current, order, $"fill {fill.TradeId}", c => c.ApplyFill(fill, order.UpdatedAt));
        if (current.ExchangeOrderId is null && order.ExchangeOrderId is not null)
        {
            CheckExchangeIdFree(write, accountId, order, row.Id);
        }

        bool stored = FillRows.Write(write, accountId, fill, row.Id);
        long eventId = AppendEvent(write, row.Id, "fill", order.UpdatedAt, order.State, exchangeOrderId: order.ExchangeOrderId, tradeId: fill.TradeId);
        UpdateRow(write, row.Id, order);
        if (stored)
        {
            write.JournaledOrders.Stage(row.Id, eventId, next);
        }
        else
        {
            // The trade was already on file (from the trade history): a replay reads that row, whose ids or time may
            // say more or less than this report, so the next change replays rather than trust this copy.
            write.JournaledOrders.Forget(row.Id);
        }

        return true;
    }

    public static bool RecordAmended(JournalWriteScope write, long accountId, TrackedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var (row, current) = Current(write, accountId, order);
        if (Same(current, order))
        {
            return false; // this amend is already recorded
        }

        // The event holds the figures after the amend (not the change), so the replay can pass both to WithAmendment.
        var request = order.Request;
        var next = CheckOneStep(current, order, "an amend", c => c.WithAmendment(request.Price, request.Amount, order.UpdatedAt));
        long eventId = AppendEvent(write, row.Id, "amended", order.UpdatedAt, order.State, request: request);
        UpdateRow(write, row.Id, order);
        write.JournaledOrders.Stage(row.Id, eventId, next);
        return true;
    }

    /// <summary>
    /// The order's row and the order as the journal holds it: as this process last recorded it when that is still the
    /// order's last event, else replayed from its events (the first change after a start, or after another writer's).
    /// On PostgreSQL the row is locked first, so that another process's change to this order waits for this
    /// transaction, and any event it adds comes after the last one read here.
    /// </summary>
    private static (OrderRow Row, TrackedOrder Current) Current(JournalWriteScope write, long accountId, TrackedOrder order)
    {
        var row = OrderReads.FindRow(write.Connection, write.Transaction, accountId, "client_order_id", order.ClientOrderId, forUpdate: write.IsShared)
            ?? throw new JournalConflictException(
                $"Order {order.ClientOrderId} is not in the journal: record it when it is created (RecordCreated), before sending it.");
        if (write.JournaledOrders.Find(row.Id, LastEventId(write, row.Id)) is { } known)
        {
            return (row, known);
        }

        var replayed = OrderReplay.Load(write.Connection, write.Transaction, accountId, row, out long lastEventId);
        write.JournaledOrders.Stage(row.Id, lastEventId, replayed);
        return (row, replayed);
    }

    // Served by ix_order_events_order (order_id, id): one index probe, however many events the order has.
    private static long LastEventId(JournalWriteScope write, long orderRowId) =>
        write.Command("SELECT MAX(id) FROM order_events WHERE order_id = @order").With("@order", orderRowId).Scalar() is long id ? id : 0;

    /// <summary>
    /// The order handed in must be exactly the journaled order plus this one change; otherwise a change in between
    /// was never recorded and the journal would replay to something else.
    /// </summary>
    /// <returns>The journaled order after the change (what a replay will give), for <see cref="JournaledOrderStates"/>.</returns>
    private static TrackedOrder CheckOneStep(TrackedOrder current, TrackedOrder order, string change, Func<TrackedOrder, TrackedOrder> step)
    {
        TrackedOrder expected;
        try
        {
            expected = step(current);
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException)
        {
            throw new JournalConflictException(OutOfStep(current, order, change) + " " + error.Message);
        }

        if (!Same(expected, order))
        {
            throw new JournalConflictException(OutOfStep(current, order, change));
        }

        return expected;
    }

    private static bool Same(TrackedOrder a, TrackedOrder b) =>
        a.State == b.State
        && a.ExchangeOrderId == b.ExchangeOrderId
        && a.Fills.Count == b.Fills.Count
        && a.FilledAmount == b.FilledAmount
        && a.UpdatedAt == b.UpdatedAt
        && a.FailureReason == b.FailureReason
        && OrderRow.SameRequest(a.Request, b.Request);

    private static string OutOfStep(TrackedOrder current, TrackedOrder order, string change) =>
        $"Order {order.ClientOrderId} is out of step with the journal while recording {change}: the journal has " +
        $"{current.State} {current.Request}, exchange id {current.ExchangeOrderId ?? "none"}, {current.Fills.Count} fills; the order has " +
        $"{order.State} {order.Request}, exchange id {order.ExchangeOrderId ?? "none"}, {order.Fills.Count} fills. Record every change, " +
        "one at a time, in order.";

    private static void CheckExchangeIdFree(JournalWriteScope write, long accountId, TrackedOrder order, long? ownRowId)
    {
        var holder = OrderReads.FindRow(write.Connection, write.Transaction, accountId, "exchange_order_id", order.ExchangeOrderId!);
        if (holder is not null && holder.Id != ownRowId)
        {
            throw new JournalConflictException(
                $"Exchange order id {order.ExchangeOrderId} already belongs to order {holder.ClientOrderId}; it cannot also be order {order.ClientOrderId}.");
        }
    }

    private static int IndexOf(TrackedOrder order, string tradeId)
    {
        for (int i = order.Fills.Count - 1; i >= 0; i--)
        {
            if (order.Fills[i].TradeId == tradeId)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Appends one event and returns its id; <paramref name="request"/> (its amount and price) only for 'created' and 'amended'.</summary>
    private static long AppendEvent(JournalWriteScope write, long orderRowId, string kind, DateTimeOffset at,
        OrderState stateAfter, string? exchangeOrderId = null, string? tradeId = null, string? reason = null,
        OrderRequest? request = null) =>
        (long)write.Command("""
                INSERT INTO order_events (order_id, kind, at, state, exchange_order_id, trade_id, reason, amount, price)
                VALUES (@order, @kind, @at, @state, @exchange, @trade, @reason, @amount, @price)
                RETURNING id
                """)
            .With("@order", orderRowId)
            .With("@kind", kind)
            .With("@at", ToText(at))
            .With("@state", ToText(stateAfter))
            .With("@exchange", exchangeOrderId)
            .With("@trade", tradeId)
            .With("@reason", reason)
            .With("@amount", request is null ? null : ToText(request.Amount))
            .With("@price", request?.Price is { } price ? ToText(price) : null)
            .Scalar()!;

    private static void UpdateRow(JournalWriteScope write, long orderRowId, TrackedOrder order) =>
        write.Command("""
                UPDATE orders SET exchange_order_id = @exchange, amount = @amount, price = @price, state = @state, is_terminal = @terminal,
                                  filled_amount = @filled, fill_count = @fills, failure_reason = @reason, updated_at = @updated
                WHERE id = @id
                """)
            .With("@exchange", order.ExchangeOrderId)
            .With("@amount", ToText(order.Request.Amount))
            .With("@price", order.Request.Price is { } price ? ToText(price) : null)
            .With("@state", ToText(order.State))
            .With("@terminal", order.IsTerminal ? 1 : 0)
            .With("@filled", ToText(order.FilledAmount))
            .With("@fills", order.Fills.Count)
            .With("@reason", order.FailureReason)
            .With("@updated", ToText(order.UpdatedAt))
            .With("@id", orderRowId)
            .Run();
}
