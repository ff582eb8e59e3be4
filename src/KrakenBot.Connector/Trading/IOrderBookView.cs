namespace KrakenBot.Connector.Trading;

/// <summary>
/// A live order book as a strategy reads it: consistent snapshots without locks, never a half-applied update.
/// Kraken's books are checksum-verified; while a book is being rebuilt <see cref="IsReady"/> is false and every
/// price accessor answers null rather than a stale or wrong value.
/// </summary>
public interface IOrderBookView
{
    /// <summary>The pair this book is for.</summary>
    TradingPair Pair { get; }

    /// <summary>True when the book is exact (snapshot received, every checksum since then verified).</summary>
    bool IsReady { get; }

    /// <summary>Highest bid, or null when the side is empty or the book is not ready.</summary>
    BookLevel? BestBid { get; }

    /// <summary>Lowest ask, or null when the side is empty or the book is not ready.</summary>
    BookLevel? BestAsk { get; }

    /// <summary>(best bid + best ask) / 2, or null.</summary>
    decimal? MidPrice { get; }

    /// <summary>Best ask − best bid, or null.</summary>
    decimal? Spread { get; }

    /// <summary>
    /// A number that changes whenever the price of <see cref="BestBid"/> or <see cref="BestAsk"/>, or <see cref="IsReady"/>,
    /// changes (and never comes back), or null when the book does not keep one (the default). Equal values read before
    /// and after reading the best prices, and again later, mean those prices are still the best: a strategy called on
    /// every change of the book can tell a move of the top from a change deeper in the book without reading prices.
    /// </summary>
    long? TopVersion => null;

    /// <summary>Up to <paramref name="levels"/> best levels per side, bids high→low and asks low→high, as of one moment.</summary>
    OrderBookSnapshot GetSnapshot(int levels);

    /// <summary>
    /// Average price for taking <paramref name="amount"/> of the base asset now: walking the asks for a buy, the bids
    /// for a sell. Null when the visible book is smaller than the amount or not ready.
    /// </summary>
    decimal? AveragePriceFor(OrderSide side, decimal amount);

    /// <summary>Raised after every applied change (on the receiving thread: keep handlers short).</summary>
    event EventHandler? Changed;
}

/// <summary>A consistent copy of the top of a book.</summary>
/// <param name="Pair">The book's pair.</param>
/// <param name="Bids">Best bids, highest first.</param>
/// <param name="Asks">Best asks, lowest first.</param>
/// <param name="Time">When the copy was taken.</param>
/// <param name="IsReady">False until the first snapshot arrived, and while the book is being repaired.</param>
public sealed record OrderBookSnapshot(TradingPair Pair, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks,
    DateTimeOffset Time, bool IsReady)
{
    /// <summary>Lowest ask − highest bid in this copy, or null when a side is empty.</summary>
    public decimal? Spread => Bids.Count > 0 && Asks.Count > 0 ? Asks[0].Price - Bids[0].Price : null;
}
