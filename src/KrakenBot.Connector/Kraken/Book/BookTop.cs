using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>A consistent copy of the best levels of both sides of a book, taken at one moment.</summary>
/// <param name="Symbol">The pair, e.g. <c>BTC/USD</c>.</param>
/// <param name="Bids">Bids, best (highest) first.</param>
/// <param name="Asks">Asks, best (lowest) first.</param>
/// <param name="Sequence">How many frames the book had applied when the copy was taken.</param>
internal sealed record BookTop(string Symbol, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks, long Sequence);
