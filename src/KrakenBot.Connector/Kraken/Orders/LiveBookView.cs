using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Trading;
using TradingBookLevel = KrakenBot.Connector.Trading.BookLevel;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// <see cref="IOrderBookView"/> over a checksum-verified <see cref="OrderBook"/> kept by the <see cref="BookTracker"/>.
/// Every read is one consistent moment of the book; while the book is being rebuilt (before its snapshot, after a
/// checksum mismatch or a disconnect) every price answers null.
/// </summary>
internal sealed class LiveBookView : IOrderBookView
{
    private readonly OrderBook _book;
    private readonly TimeProvider _time;

    public LiveBookView(TradingPair pair, OrderBook book, TimeProvider time)
    {
        Pair = pair;
        _book = book;
        _time = time;
        _book.Changed += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
    }

    public TradingPair Pair { get; }

    public bool IsReady => _book.IsReady;

    public TradingBookLevel? BestBid => _book.IsReady && _book.TryGetBestBid(out var level) ? new TradingBookLevel(level.Price, level.Quantity) : null;

    public TradingBookLevel? BestAsk => _book.IsReady && _book.TryGetBestAsk(out var level) ? new TradingBookLevel(level.Price, level.Quantity) : null;

    public decimal? MidPrice => _book.IsReady ? _book.MidPrice : null;

    public decimal? Spread => _book.IsReady ? _book.Spread : null;

    public event EventHandler? Changed;

    public OrderBookSnapshot GetSnapshot(int levels)
    {
        bool ready = _book.IsReady;
        var top = _book.GetTop(levels);
        return new OrderBookSnapshot(Pair, Convert(top.Bids), Convert(top.Asks), _time.GetUtcNow(), ready && _book.IsReady);
    }

    public decimal? AveragePriceFor(OrderSide side, decimal amount) =>
        amount <= 0 || !_book.IsReady ? null : _book.GetDepthWeightedPrice(side == OrderSide.Buy ? BookSide.Asks : BookSide.Bids, amount);

    private static TradingBookLevel[] Convert(IReadOnlyList<Book.BookLevel> levels)
    {
        var result = new TradingBookLevel[levels.Count];
        for (int i = 0; i < levels.Count; i++) result[i] = new TradingBookLevel(levels[i].Price, levels[i].Quantity);
        return result;
    }
}
