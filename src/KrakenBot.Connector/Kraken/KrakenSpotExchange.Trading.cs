using KrakenBot.Connector.Trading;

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

    // Cancel and amend fail through the returned task, never by throwing at the call (a strategy tracks the task).

    /// <inheritdoc />
    public Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default) =>
        _parts is { } parts ? parts.Canceller.CancelAsync(clientOrderId, cancellationToken) : Task.FromException(NotStarted());

    /// <inheritdoc />
    public Task<int> CancelAllAsync(TradingPair? pair = null, CancellationToken cancellationToken = default) =>
        _parts is { } parts ? parts.Canceller.CancelAllAsync(pair, cancellationToken) : Task.FromException<int>(NotStarted());

    /// <inheritdoc />
    /// <remarks>Kraken's amend keeps the order's ids and its queue priority unless the price changes or the amount grows.</remarks>
    public Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null,
        CancellationToken cancellationToken = default) =>
        _parts is { } parts ? parts.Amender.AmendAsync(clientOrderId, newPrice, newAmount, cancellationToken) : Task.FromException(NotStarted());

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
