using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// The top of a book copied into buffers reused from one read to the next: matching reads the book on every activation,
/// amend and trade print (a backtest replays millions), and a fresh snapshot costs two arrays of up to 1,000 levels.
/// Read only while the paper exchange's gate is held (one change at a time); a read is valid until the next one.
/// </summary>
internal sealed class BookScratch(int depth, TimeProvider time)
{
    private readonly BookLevel[] _bids = new BookLevel[depth];
    private readonly BookLevel[] _asks = new BookLevel[depth];

    /// <summary>The book's best levels, as of one moment (the book's own snapshot when it is not a tracked one).</summary>
    public OrderBookSnapshot Read(IOrderBookView book)
    {
        if (book is OrderBookView view && view.Book is { IsReady: true } tracked)
        {
            var (bids, asks) = tracked.CopyTop(_bids, _asks);
            if (tracked.IsReady)
            {
                return new OrderBookSnapshot(view.Pair, new ArraySegment<BookLevel>(_bids, 0, bids),
                    new ArraySegment<BookLevel>(_asks, 0, asks), time.GetUtcNow(), IsReady: true);
            }
        }

        return book.GetSnapshot(depth);
    }
}
