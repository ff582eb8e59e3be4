namespace KrakenBot.Connector.Kraken.Book;

/// <summary>What setting one price level did to its side of the book.</summary>
internal enum LevelChange
{
    /// <summary>Nothing: a delete of a price the side does not hold.</summary>
    None,

    /// <summary>The level was there and got a new quantity.</summary>
    Updated,

    /// <summary>A new level: the ones after it moved down a place.</summary>
    Inserted,

    /// <summary>The level was deleted: the ones after it moved up a place.</summary>
    Removed,
}
