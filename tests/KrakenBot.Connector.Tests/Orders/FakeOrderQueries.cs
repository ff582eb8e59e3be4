using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Tests.Orders;

/// <summary>
/// What Kraken knows, kept as orders and trades, answering the reconciliation queries the way Kraken does
/// (TradesHistory newest first and exclusive of its start id; QueryOrders with trade ids). Counts the calls.
/// </summary>
internal sealed class FakeOrderQueries : IOrderQueries
{
    public List<KrakenOrder> Orders { get; } = [];
    public List<KrakenTrade> Trades { get; } = [];
    public List<string> Calls { get; } = [];
    public bool Unavailable { get; set; }

    public static KrakenOrder Order(string txid, string? clientId, string status, decimal volume, decimal executed, params string[] tradeIds) =>
        new(txid, status, clientId, null, null, DateTimeOffset.UnixEpoch, null, null, null,
            status == "canceled" ? "User requested" : null,
            new KrakenOrderDescription("XBTUSD", KrakenSide.Buy, "limit", KrakenOrderPrice.Parse("30000"), null, null, "buy", null),
            volume, executed, 0m, 0m, 0m, null, 30000m, "", "", tradeIds);

    public static KrakenTrade Trade(string tradeId, string orderTxid, decimal volume, decimal price, DateTimeOffset time, decimal fee = 0.5m) =>
        new(tradeId, orderTxid, null, "XXBTZUSD", time, KrakenSide.Buy, "limit", price, price * volume, fee, volume, null, "", null, true);

    public Task<IReadOnlyList<KrakenOrder>> GetOpenOrdersAsync(string? clientOrderId, CancellationToken cancellationToken)
    {
        Record($"OpenOrders {clientOrderId}");
        return Task.FromResult<IReadOnlyList<KrakenOrder>>(
            [.. Orders.Where(o => o.Status == "open" && (clientOrderId is null || o.ClientOrderId == clientOrderId))]);
    }

    public Task<IReadOnlyList<KrakenOrder>> GetClosedOrdersAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        Record($"ClosedOrders {clientOrderId}");
        return Task.FromResult<IReadOnlyList<KrakenOrder>>([.. Orders.Where(o => o.Status != "open" && o.ClientOrderId == clientOrderId)]);
    }

    public Task<IReadOnlyList<KrakenOrder>> QueryOrdersAsync(IReadOnlyList<string> txids, CancellationToken cancellationToken)
    {
        Record($"QueryOrders {txids.Count}");
        return Task.FromResult<IReadOnlyList<KrakenOrder>>([.. Orders.Where(o => txids.Contains(o.TxId))]);
    }

    public Task<IReadOnlyList<KrakenTrade>> GetTradesSinceAsync(string? start, bool firstPageOnly, CancellationToken cancellationToken)
    {
        Record($"TradesHistory {start}");
        var newestFirst = Trades.OrderByDescending(t => t.Time).ToList();
        if (start is not null)
        {
            // Kraken's bound: unix seconds (exclusive) or a trade id (exclusive).
            int cut = newestFirst.FindIndex(t => t.TradeTxId == start);
            if (cut >= 0) newestFirst = newestFirst.Take(cut).ToList();
            else newestFirst = newestFirst.Where(t => t.Time.ToUnixTimeSeconds() > long.Parse(start, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
        return Task.FromResult<IReadOnlyList<KrakenTrade>>(firstPageOnly ? [.. newestFirst.Take(50)] : newestFirst);
    }

    public Task<IReadOnlyList<KrakenTrade>> QueryTradesAsync(IReadOnlyList<string> txids, CancellationToken cancellationToken)
    {
        Record($"QueryTrades {txids.Count}");
        return Task.FromResult<IReadOnlyList<KrakenTrade>>([.. Trades.Where(t => txids.Contains(t.TradeTxId))]);
    }

    private void Record(string call)
    {
        if (Unavailable) throw new ServiceUnavailableException("Kraken QueryOrders failed with 'EService:Unavailable'", "EService:Unavailable");
        lock (Calls) Calls.Add(call);
    }
}
