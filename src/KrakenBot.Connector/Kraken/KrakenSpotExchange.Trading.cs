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
            ?? throw new UnknownOrderException($"No order with client order id {clientOrderId} was placed by this connector.");
        if (order.IsTerminal)
            throw new UnknownOrderException($"Order {clientOrderId} is already {order.State}; there is nothing to cancel.");

        var before = order.State;
        parts.Tracker.MoveTo(clientOrderId, OrderState.PendingCancel);
        await parts.TradingBudget.WaitAsync(order.Request.Pair, TradingCost.CancelOrder(_time.GetUtcNow() - order.CreatedAt), cancellationToken)
            .ConfigureAwait(false);
        try
        {
            await parts.Channel.CancelOrderAsync(clientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex) when (ex.Category is not ExchangeErrorCategory.OutcomeUnknown)
        {
            // Refused (e.g. already filled): it stays as it was; reconciliation confirms the real state.
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
        if (pair is not null)
        {
            int cancelled = 0;
            foreach (var order in open)
            {
                if (order.Request.Pair != pair) continue;
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
        foreach (var order in open)
        {
            pairs.Add(order.Request.Pair);
            parts.Tracker.MoveTo(order.ClientOrderId, OrderState.PendingCancel);
        }
        foreach (var affected in pairs)
            await parts.TradingBudget.WaitAsync(affected, TradingCost.CancelAllPerPair, cancellationToken).ConfigureAwait(false);
        int count = await parts.Channel.CancelAllAsync(cancellationToken).ConfigureAwait(false);
        if (!parts.Channel.SocketReady) parts.ReconcileWorker.Request("cancel-all sent over REST");
        return count;
    }

    /// <inheritdoc />
    public Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null,
        CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Amending is not available yet: the journal cannot record an amended request. Cancel and place a new order.");

    /// <inheritdoc />
    public Task<FeeEstimate> GetFeeEstimateAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
        Started.Fees.GetAsync(pair, cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Until the checksum-verified WebSocket book is wired in, the view is REST <c>Depth</c> polled every second
    /// (see <see cref="PolledDepthBook"/>): exact snapshots, not every change.
    /// </remarks>
    public async Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        var parts = Started;
        var marketPair = parts.Catalog.GetPair(pair);
        lock (parts.Books)
        {
            if (parts.Books.TryGetValue(marketPair.Pair, out var existing)) return existing;
        }
        var book = new PolledDepthBook(parts.Rest, marketPair.Pair, marketPair.Id, Math.Max(depth, 10), _time, _logger);
        await book.StartAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        lock (parts.Books)
        {
            if (parts.Books.TryGetValue(marketPair.Pair, out var raced))
            {
                _ = book.DisposeAsync().AsTask();
                return raced;
            }
            parts.Books[marketPair.Pair] = book;
        }
        return book;
    }
}
