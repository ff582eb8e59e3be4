using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Cancels orders, one or all: the order shown pending-cancel at once, the pair's trading counter waited on, the request
/// sent (WebSocket, REST when the socket is down). A refused cancel puts the order back as it was, raises
/// <see cref="Trading.Events.OrderCancelRejected"/> with Kraken's reason, and asks reconciliation for the real state;
/// one sent over REST asks for it too, since no executions stream reports it.
/// </summary>
internal sealed class OrderCanceller
{
    private readonly OrderTracker _tracker;
    private readonly TradingRateBudget _budget;
    private readonly TradingChannel _channel;
    private readonly CoalescingWorker _reconcile;
    private readonly TimeProvider _time;
    private readonly FleetNamespace? _fleet;

    /// <param name="fleet">This connector's name on a key a fleet shares: Kraken's cancel-all is never used then.</param>
    public OrderCanceller(OrderTracker tracker, TradingRateBudget budget, TradingChannel channel, CoalescingWorker reconcile,
        TimeProvider time, FleetNamespace? fleet)
    {
        _tracker = tracker;
        _budget = budget;
        _channel = channel;
        _reconcile = reconcile;
        _time = time;
        _fleet = fleet;
    }

    /// <summary>Cancels one order; completes when Kraken confirmed the request.</summary>
    /// <exception cref="UnknownOrderException">No such order, or it has finished.</exception>
    public async Task CancelAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        var order = _tracker.Get(clientOrderId)
            ?? throw new UnknownOrderException($"No order with client order id {clientOrderId} is tracked by this connector.");
        if (order.IsTerminal)
            throw new UnknownOrderException($"Order {clientOrderId} is already {order.State}; there is nothing to cancel.");

        var before = order.State;
        if (!AwaitsAcknowledgement(order)) _tracker.MoveTo(clientOrderId, OrderState.PendingCancel);
        try
        {
            await _budget.WaitAsync(order.Request.Pair, TradingCost.CancelOrder(_time.GetUtcNow() - order.CreatedAt), cancellationToken)
                .ConfigureAwait(false);
            if (order.IsExternal)
                await _channel.CancelOrderByExchangeIdAsync(order.ExchangeOrderId!, cancellationToken).ConfigureAwait(false);
            else
                await _channel.CancelOrderAsync(clientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is ExchangeException { Category: not ExchangeErrorCategory.OutcomeUnknown })
        {
            // Refused (e.g. already filled), or never sent (cancelled while waiting for the trading counter): it stays as
            // it was; reconciliation confirms the real state.
            if (before is OrderState.Open or OrderState.PartiallyFilled) PutBack(clientOrderId, before, ex);
            _reconcile.Request("cancel refused");
            throw;
        }
        if (!_channel.SocketReady) _reconcile.Request("cancel sent over REST");
    }

    /// <summary>Cancels every open order (of <paramref name="pair"/> only, when given); returns how many.</summary>
    public async Task<int> CancelAllAsync(TradingPair? pair, CancellationToken cancellationToken)
    {
        var open = _tracker.Open;
        // Kraken's cancel-all would also take the trader's own stops and trailing stops (read-only here), or, on a key a
        // fleet shares, the other bots' orders: then orders are cancelled one by one instead.
        bool anyReadOnly = false;
        foreach (var order in open) anyReadOnly |= order.IsReadOnly;
        if (pair is not null || anyReadOnly || _fleet is not null)
        {
            int cancelled = 0;
            foreach (var order in open)
            {
                if ((pair is not null && order.Request.Pair != pair) || order.IsReadOnly) continue;
                try
                {
                    await CancelAsync(order.ClientOrderId, cancellationToken).ConfigureAwait(false);
                    cancelled++;
                }
                catch (UnknownOrderException)
                {
                    // Closed meanwhile.
                }
            }
            return cancelled;
        }

        var pairs = new HashSet<TradingPair>();
        var moved = new List<(string ClientOrderId, OrderState Before)>();
        foreach (var order in open)
        {
            pairs.Add(order.Request.Pair);
            if (!AwaitsAcknowledgement(order) && _tracker.MoveTo(order.ClientOrderId, OrderState.PendingCancel))
                moved.Add((order.ClientOrderId, order.State));
        }
        try
        {
            foreach (var affected in pairs)
                await _budget.WaitAsync(affected, TradingCost.CancelAllPerPair, cancellationToken).ConfigureAwait(false);
            int count = await _channel.CancelAllAsync(cancellationToken).ConfigureAwait(false);
            if (!_channel.SocketReady) _reconcile.Request("cancel-all sent over REST");
            return count;
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is ExchangeException { Category: not ExchangeErrorCategory.OutcomeUnknown })
        {
            // Kraken refused the cancel-all (or it was never sent): every order it would have cancelled is as it was.
            // An order that filled or was cancelled meanwhile has moved on from PendingCancel and is left alone.
            foreach (var (clientOrderId, before) in moved)
            {
                if (_tracker.Get(clientOrderId)?.State == OrderState.PendingCancel) PutBack(clientOrderId, before, ex);
            }
            _reconcile.Request("cancel-all refused");
            throw;
        }
    }

    // A cancel Kraken refused is reported with its reason (OrderCancelRejected); one never sent is simply undone.
    private void PutBack(string clientOrderId, OrderState before, Exception failure)
    {
        if (failure is ExchangeException refused) _tracker.RejectCancel(clientOrderId, before, refused.Message);
        else _tracker.MoveTo(clientOrderId, before);
    }

    /// <summary>
    /// Sent but not acknowledged, and not found on Kraken yet: a cancel is still sent (by client order id), but the
    /// order stays pending-create so that reconciliation can still declare it never placed. Pending-cancel cannot
    /// become failed, and an order Kraken never received would otherwise wait for a cancel confirmation forever.
    /// </summary>
    private static bool AwaitsAcknowledgement(TrackedOrder order) =>
        order.State == OrderState.PendingCreate && order.ExchangeOrderId is null;
}
