using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>An order book whose levels a test sets directly.</summary>
internal sealed class ScriptedOrderBook : IOrderBookView
{
    private readonly TimeProvider _time;
    private BookLevel[] _bids = [];
    private BookLevel[] _asks = [];

    public ScriptedOrderBook(TradingPair pair, TimeProvider time)
    {
        Pair = pair;
        _time = time;
    }

    public TradingPair Pair { get; }

    public bool IsReady { get; private set; }

    public BookLevel? BestBid => IsReady && _bids.Length > 0 ? _bids[0] : null;

    public BookLevel? BestAsk => IsReady && _asks.Length > 0 ? _asks[0] : null;

    public decimal? MidPrice => BestBid is { } b && BestAsk is { } a ? (b.Price + a.Price) / 2 : null;

    public decimal? Spread => BestBid is { } b && BestAsk is { } a ? a.Price - b.Price : null;

    public event EventHandler? Changed;

    /// <summary>Replaces the book: bids high→low and asks low→high as (price, amount).</summary>
    public void Set((decimal Price, decimal Amount)[] bids, (decimal Price, decimal Amount)[] asks)
    {
        _bids = [.. bids.Select(l => new BookLevel(l.Price, l.Amount)).OrderByDescending(l => l.Price)];
        _asks = [.. asks.Select(l => new BookLevel(l.Price, l.Amount)).OrderBy(l => l.Price)];
        IsReady = true;
        Changed?.Invoke(this, EventArgs.Empty);
    }

    public void MarkNotReady() => IsReady = false;

    public OrderBookSnapshot GetSnapshot(int levels) =>
        new(Pair, IsReady ? _bids.Take(levels).ToArray() : [], IsReady ? _asks.Take(levels).ToArray() : [], _time.GetUtcNow(), IsReady);

    public decimal? AveragePriceFor(OrderSide side, decimal amount)
    {
        var levels = side == OrderSide.Buy ? _asks : _bids;
        decimal left = amount, cost = 0m;
        foreach (var level in levels)
        {
            decimal take = Math.Min(left, level.Amount);
            cost += take * level.Price;
            left -= take;
            if (left == 0)
            {
                return cost / amount;
            }
        }

        return null;
    }
}
