using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>
/// <see cref="IOrderBookView"/> over a tracked <see cref="OrderBook"/>. The underlying book can be replaced (when the
/// pair's precision changes, the tracker needs a new book); readers always go through the current one.
/// </summary>
internal sealed class OrderBookView : IOrderBookView
{
    private static readonly BookLevel[] NoLevels = [];

    private readonly TimeProvider _time;
    private readonly EventHandler _forward;
    private volatile OrderBook _book;

    public OrderBookView(TradingPair pair, OrderBook book, TimeProvider time)
    {
        Pair = pair;
        _time = time;
        _forward = (_, _) => Changed?.Invoke(this, EventArgs.Empty);
        _book = book;
        Subscribe(book);
    }

    public TradingPair Pair { get; }

    /// <summary>The tracked book behind this view now.</summary>
    public OrderBook Book => _book;

    public bool IsReady => _book.IsReady;

    public BookLevel? BestBid
    {
        get
        {
            OrderBook book = _book;
            return book.IsReady && book.TryGetBestBid(out BookLevel level) ? level : null;
        }
    }

    public BookLevel? BestAsk
    {
        get
        {
            OrderBook book = _book;
            return book.IsReady && book.TryGetBestAsk(out BookLevel level) ? level : null;
        }
    }

    public decimal? MidPrice => _book is { IsReady: true } book ? book.MidPrice : null;

    public decimal? Spread => _book is { IsReady: true } book ? book.Spread : null;

    // Unique across books, so a switch to a new book (Attach) is a new version too.
    public long? TopVersion => _book.TopVersion;

    public event EventHandler? Changed;

    public OrderBookSnapshot GetSnapshot(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        OrderBook book = _book;
        DateTimeOffset time = _time.GetUtcNow();
        // A book that is not ready is empty; checking before and after the copy keeps a snapshot taken across a
        // readiness change from claiming to be exact.
        if (!book.IsReady)
        {
            return new OrderBookSnapshot(Pair, NoLevels, NoLevels, time, IsReady: false);
        }
        BookTop top = book.GetTop(levels);
        return book.IsReady
            ? new OrderBookSnapshot(Pair, top.Bids, top.Asks, time, IsReady: true)
            : new OrderBookSnapshot(Pair, NoLevels, NoLevels, time, IsReady: false);
    }

    public decimal? AveragePriceFor(OrderSide side, decimal amount)
    {
        OrderBook book = _book;
        if (!book.IsReady)
        {
            return null;
        }
        // Buying takes from the asks, selling hits the bids.
        return book.GetDepthWeightedPrice(side == OrderSide.Buy ? BookSide.Asks : BookSide.Bids, amount);
    }

    /// <summary>Switches to a new book (same pair); readers and change subscribers follow.</summary>
    public void Attach(OrderBook book)
    {
        OrderBook old = _book;
        old.Changed -= _forward;
        old.ReadyChanged -= _forward;
        _book = book;
        Subscribe(book);
        _forward(this, EventArgs.Empty);
    }

    /// <summary>Stops forwarding changes (the book is no longer watched).</summary>
    public void Detach()
    {
        _book.Changed -= _forward;
        _book.ReadyChanged -= _forward;
    }

    public override string ToString() => $"{Pair}: {_book}";

    private void Subscribe(OrderBook book)
    {
        book.Changed += _forward;
        book.ReadyChanged += _forward;
    }
}
