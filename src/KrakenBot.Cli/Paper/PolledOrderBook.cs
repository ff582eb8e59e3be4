using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Cli.Paper;

/// <summary>
/// An <see cref="IOrderBookView"/> refreshed from REST <c>Depth</c> snapshots. Each refresh swaps in a whole new
/// snapshot, so readers never see a half-applied update. A stand-in until the WebSocket book feed is composed into a
/// market-data service the CLI can use.
/// </summary>
internal sealed class PolledOrderBook(TradingPair pair) : IOrderBookView
{
    private volatile OrderBookSnapshot _snapshot = new(pair, [], [], DateTimeOffset.MinValue, IsReady: false);

    public TradingPair Pair { get; } = pair;
    public bool IsReady => _snapshot.IsReady;
    public BookLevel? BestBid => _snapshot is { IsReady: true, Bids.Count: > 0 } s ? s.Bids[0] : null;
    public BookLevel? BestAsk => _snapshot is { IsReady: true, Asks.Count: > 0 } s ? s.Asks[0] : null;
    public decimal? MidPrice => BestBid is { } b && BestAsk is { } a ? (b.Price + a.Price) / 2m : null;
    public decimal? Spread => BestBid is { } b && BestAsk is { } a ? a.Price - b.Price : null;

    public event EventHandler? Changed;

    public OrderBookSnapshot GetSnapshot(int levels)
    {
        var s = _snapshot;
        return s with { Bids = s.Bids.Take(levels).ToList(), Asks = s.Asks.Take(levels).ToList() };
    }

    public decimal? AveragePriceFor(OrderSide side, decimal amount)
    {
        var s = _snapshot;
        if (!s.IsReady || amount <= 0) return null;
        decimal left = amount, cost = 0m;
        foreach (var level in side == OrderSide.Buy ? s.Asks : s.Bids)
        {
            var take = Math.Min(left, level.Amount);
            cost += take * level.Price;
            left -= take;
            if (left == 0) return cost / amount;
        }
        return null;
    }

    public void Apply(KrakenDepth depth, DateTimeOffset time)
    {
        var bids = depth.Bids.Select(l => new BookLevel(l.Price, l.Volume)).ToList();
        var asks = depth.Asks.Select(l => new BookLevel(l.Price, l.Volume)).ToList();
        _snapshot = new OrderBookSnapshot(Pair, bids, asks, time, IsReady: true);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}
