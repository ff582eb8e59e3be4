namespace KrakenBot.Connector.Kraken.Book;

/// <summary>A side of an order book.</summary>
internal enum BookSide
{
    /// <summary>Buy orders, best (highest) price first.</summary>
    Bids,

    /// <summary>Sell orders, best (lowest) price first.</summary>
    Asks,
}
