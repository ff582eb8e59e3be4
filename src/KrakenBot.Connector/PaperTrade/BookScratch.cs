using System.Collections;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// The top of a book copied into buffers reused from one read to the next: matching reads the book on every activation,
/// amend and trade print (a backtest replays millions), and a fresh snapshot costs two arrays of up to 1,000 levels
/// (and even a view over these buffers costs a snapshot and two boxed segments). Read only while the paper exchange's
/// gate is held (one change at a time); a read, and the lists it gives, are valid until the next one.
/// </summary>
internal sealed class BookScratch(int depth)
{
    private readonly ScratchLevels _bids = new(depth);
    private readonly ScratchLevels _asks = new(depth);

    /// <summary>Bids of the last read, best first.</summary>
    public IReadOnlyList<BookLevel> Bids { get; private set; } = [];

    /// <summary>Asks of the last read, best first.</summary>
    public IReadOnlyList<BookLevel> Asks { get; private set; } = [];

    /// <summary>Reads the book's best levels, as of one moment (the book's own snapshot when it is not a tracked one).</summary>
    public BookScratch Read(IOrderBookView book)
    {
        if (book is OrderBookView view && view.Book is { IsReady: true } tracked)
        {
            (_bids.Count, _asks.Count) = tracked.CopyTop(_bids.Levels, _asks.Levels);
            if (tracked.IsReady)
            {
                (Bids, Asks) = (_bids, _asks);
                return this;
            }
        }

        var snapshot = book.GetSnapshot(depth);
        (Bids, Asks) = (snapshot.Bids, snapshot.Asks);
        return this;
    }

    // The first Count levels of a reused buffer.
    private sealed class ScratchLevels(int depth) : IReadOnlyList<BookLevel>
    {
        public BookLevel[] Levels { get; } = new BookLevel[depth];

        public int Count { get; set; }

        public BookLevel this[int index] =>
            (uint)index < (uint)Count ? Levels[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<BookLevel> GetEnumerator() => new ArraySegment<BookLevel>(Levels, 0, Count).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
