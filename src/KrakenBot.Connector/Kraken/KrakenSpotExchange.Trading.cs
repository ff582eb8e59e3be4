using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken;

// Placing, cancelling and amending orders; books and fees.
public sealed partial class KrakenSpotExchange
{
    /// <inheritdoc />
    public Task<string> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Started.Placer.Place(request));
    }

    /// <inheritdoc />
    public async Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        var parts = Started;
        var order = parts.Tracker.Get(clientOrderId)
            ?? throw new UnknownOrderException($"No order with client order id {clientOrderId} is tracked by this connector.");
        if (order.IsTerminal)
            throw new UnknownOrderException($"Order {clientOrderId} is already {order.State}; there is nothing to cancel.");

        var before = order.State;
        if (!AwaitsAcknowledgement(order)) parts.Tracker.MoveTo(clientOrderId, OrderState.PendingCancel);
        try
        {
            await parts.TradingBudget.WaitAsync(order.Request.Pair, TradingCost.CancelOrder(_time.GetUtcNow() - order.CreatedAt), cancellationToken)
                .ConfigureAwait(false);
            if (order.IsExternal)
                await parts.Channel.CancelOrderByExchangeIdAsync(order.ExchangeOrderId!, cancellationToken).ConfigureAwait(false);
            else
                await parts.Channel.CancelOrderAsync(clientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is ExchangeException { Category: not ExchangeErrorCategory.OutcomeUnknown })
        {
            // Refused (e.g. already filled), or never sent (cancelled while waiting for the trading counter): it stays as
            // it was; reconciliation confirms the real state.
            if (before is OrderState.Open or OrderState.PartiallyFilled) parts.Tracker.MoveTo(clientOrderId, before);
            parts.ReconcileWorker.Request("cancel refused");
            throw;
        }
        if (!parts.Channel.SocketReady) parts.ReconcileWorker.Request("cancel sent over REST");
    }

    /// <inheritdoc />
    public async Task<int> CancelAllAsync(TradingPair? pair = null, CancellationToken cancellationToken = default)
    {
        var parts = Started;
        var open = parts.Tracker.Open;
        // Kraken's cancel-all would also take the trader's own stops and trailing stops (read-only here), or, on a key a
        // fleet shares, the other bots' orders: then orders are cancelled one by one instead.
        bool anyReadOnly = false;
        foreach (var order in open) anyReadOnly |= order.IsReadOnly;
        if (pair is not null || anyReadOnly || parts.Fleet is not null)
        {
            int cancelled = 0;
            foreach (var order in open)
            {
                if ((pair is not null && order.Request.Pair != pair) || order.IsReadOnly) continue;
                try
                {
                    await CancelOrderAsync(order.ClientOrderId, cancellationToken).ConfigureAwait(false);
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
            if (!AwaitsAcknowledgement(order) && parts.Tracker.MoveTo(order.ClientOrderId, OrderState.PendingCancel))
                moved.Add((order.ClientOrderId, order.State));
        }
        try
        {
            foreach (var affected in pairs)
                await parts.TradingBudget.WaitAsync(affected, TradingCost.CancelAllPerPair, cancellationToken).ConfigureAwait(false);
            int count = await parts.Channel.CancelAllAsync(cancellationToken).ConfigureAwait(false);
            if (!parts.Channel.SocketReady) parts.ReconcileWorker.Request("cancel-all sent over REST");
            return count;
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is ExchangeException { Category: not ExchangeErrorCategory.OutcomeUnknown })
        {
            // Kraken refused the cancel-all (or it was never sent): every order it would have cancelled is as it was.
            // An order that filled or was cancelled meanwhile has moved on from PendingCancel and is left alone.
            foreach (var (clientOrderId, before) in moved)
            {
                if (parts.Tracker.Get(clientOrderId)?.State == OrderState.PendingCancel) parts.Tracker.MoveTo(clientOrderId, before);
            }
            parts.ReconcileWorker.Request("cancel-all refused");
            throw;
        }
    }

    /// <summary>
    /// Sent but not acknowledged, and not found on Kraken yet: a cancel is still sent (by client order id), but the
    /// order stays pending-create so that reconciliation can still declare it never placed. Pending-cancel cannot
    /// become failed, and an order Kraken never received would otherwise wait for a cancel confirmation forever.
    /// </summary>
    private static bool AwaitsAcknowledgement(TrackedOrder order) =>
        order.State == OrderState.PendingCreate && order.ExchangeOrderId is null;

    /// <inheritdoc />
    /// <remarks>Kraken's amend keeps the order's ids and its queue priority unless the price changes or the amount grows.</remarks>
    public async Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        var parts = Started;
        var order = parts.Tracker.Get(clientOrderId)
            ?? throw new UnknownOrderException($"No order with client order id {clientOrderId} was placed by this connector.");
        if (order.IsTerminal)
            throw new UnknownOrderException($"Order {clientOrderId} is already {order.State}; it cannot be amended.");
        if (order.IsExternal)
            throw new ExchangeValidationException(
                $"Order {clientOrderId} was placed outside this connector (Kraken id {order.ExchangeOrderId}): amend it where it was placed, or cancel it here.");
        if (newPrice is null && newAmount is null)
            throw new ExchangeValidationException($"The amend of order {clientOrderId} changes nothing: give a new price, a new amount, or both.");
        if (newPrice is not null && order.Request.Type == OrderType.Market)
            throw new ExchangeValidationException($"Order {clientOrderId} is a market order: it has no price to amend.");

        // The amended order must pass the same rules as a new one (tick, lot, minimums), nothing is sent otherwise.
        var amended = order.Request.WithAmountAndPrice(newAmount ?? order.Request.Amount, newPrice ?? order.Request.Price);
        GetTradingRule(order.Request.Pair).Validate(amended);
        if (amended.Amount <= order.FilledAmount)
            throw new ExchangeValidationException(
                $"Order {clientOrderId} has {order.FilledAmount} {order.Request.Pair.Base} filled: the new amount must be above that, or cancel the order.");

        await parts.TradingBudget.WaitAsync(order.Request.Pair, TradingCost.AmendOrder(_time.GetUtcNow() - order.UpdatedAt), cancellationToken)
            .ConfigureAwait(false);
        await parts.Channel.AmendOrderAsync(clientOrderId, newPrice, newAmount, order.Request.Type == OrderType.LimitMaker, cancellationToken)
            .ConfigureAwait(false);
        // Kraken confirmed it; the executions stream reports the same amend, which then changes nothing.
        parts.Tracker.Amend(clientOrderId, newPrice, newAmount);
    }

    /// <inheritdoc />
    public Task<FeeEstimate> GetFeeEstimateAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
        Started.Fees.GetAsync(pair, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Books come from the public WebSocket through <see cref="MarketData.KrakenMarketData"/>, checksum-verified.</remarks>
    public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var parts = Started;
        var marketPair = parts.Catalog.GetPair(pair);
        return parts.Books.WatchAsync(marketPair.Pair, depth, cancellationToken);
    }
}
