using KrakenBot.Connector.Kraken.Rest;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>The read-only order and trade queries reconciliation needs (Kraken REST; a fake in unit tests).</summary>
internal interface IOrderQueries
{
    /// <summary><c>OpenOrders</c>, optionally for one client order id.</summary>
    Task<IReadOnlyList<KrakenOrder>> GetOpenOrdersAsync(string? clientOrderId, CancellationToken cancellationToken);

    /// <summary><c>ClosedOrders</c> filtered by client order id (all pages).</summary>
    Task<IReadOnlyList<KrakenOrder>> GetClosedOrdersAsync(string clientOrderId, CancellationToken cancellationToken);

    /// <summary><c>QueryOrders</c> with trade ids, sent in batches of 50.</summary>
    Task<IReadOnlyList<KrakenOrder>> QueryOrdersAsync(IReadOnlyList<string> txids, CancellationToken cancellationToken);

    /// <summary><c>TradesHistory</c> after a trade txid or a unix time (exclusive), every page, newest first.</summary>
    Task<IReadOnlyList<KrakenTrade>> GetTradesSinceAsync(string? start, bool firstPageOnly, CancellationToken cancellationToken);

    /// <summary><c>QueryTrades</c> by trade txid.</summary>
    Task<IReadOnlyList<KrakenTrade>> QueryTradesAsync(IReadOnlyList<string> txids, CancellationToken cancellationToken);
}

/// <summary><see cref="IOrderQueries"/> over the REST client.</summary>
internal sealed class RestOrderQueries(KrakenRestClient rest) : IOrderQueries
{
    public Task<IReadOnlyList<KrakenOrder>> GetOpenOrdersAsync(string? clientOrderId, CancellationToken cancellationToken) =>
        rest.GetOpenOrdersAsync(includeTrades: false, clientOrderId: clientOrderId, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<KrakenOrder>> GetClosedOrdersAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        var orders = new List<KrakenOrder>();
        await foreach (var order in rest.GetAllClosedOrdersAsync(new KrakenClosedOrdersQuery { ClientOrderId = clientOrderId, IncludeTrades = true },
            cancellationToken).ConfigureAwait(false))
            orders.Add(order);
        return orders;
    }

    public Task<IReadOnlyList<KrakenOrder>> QueryOrdersAsync(IReadOnlyList<string> txids, CancellationToken cancellationToken) =>
        rest.QueryOrdersAsync(txids, includeTrades: true, cancellationToken);

    public async Task<IReadOnlyList<KrakenTrade>> GetTradesSinceAsync(string? start, bool firstPageOnly, CancellationToken cancellationToken)
    {
        var query = new KrakenTradesHistoryQuery { Start = start };
        if (firstPageOnly) return (await rest.GetTradesHistoryAsync(query, 0, cancellationToken).ConfigureAwait(false)).Trades;
        var trades = new List<KrakenTrade>();
        await foreach (var trade in rest.GetAllTradesHistoryAsync(query, cancellationToken).ConfigureAwait(false))
            trades.Add(trade);
        return trades;
    }

    public Task<IReadOnlyList<KrakenTrade>> QueryTradesAsync(IReadOnlyList<string> txids, CancellationToken cancellationToken) =>
        rest.QueryTradesAsync(txids, cancellationToken);
}
