namespace KrakenBot.Connector.Kraken.Book;

/// <summary>What <see cref="BookTracker.ProcessFrame(ReadOnlySpan{byte})"/> did with a frame, most severe outcome first when a frame
/// carries several symbols.</summary>
internal enum BookFrameResult
{
    /// <summary>Applied and the checksum matched: the book is exact.</summary>
    Applied = 0,

    /// <summary>An update for a book that is waiting for its snapshot (not tracked as ready yet): ignored.</summary>
    AwaitingSnapshot = 1,

    /// <summary>The symbol is not tracked: ignored.</summary>
    UnknownSymbol = 2,

    /// <summary>The book disagreed with Kraken's checksum: emptied, not ready, resubscribe requested.</summary>
    ChecksumMismatch = 3,

    /// <summary>The frame could not be read (or a number did not fit the pair's precision): the books it named are
    /// emptied, not ready, and resubscribe was requested.</summary>
    ProtocolError = 4,
}
