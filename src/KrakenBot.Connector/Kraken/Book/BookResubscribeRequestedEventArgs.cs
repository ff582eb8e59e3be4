namespace KrakenBot.Connector.Kraken.Book;

/// <summary>Why a book needs a fresh snapshot.</summary>
internal enum BookResyncReason
{
    /// <summary>The book computed a different checksum than Kraken sent.</summary>
    ChecksumMismatch,

    /// <summary>A book message for the symbol could not be read or did not fit the pair's precision.</summary>
    ProtocolError,
}

/// <summary>
/// Asks the session to unsubscribe and resubscribe one symbol's book at <see cref="Depth"/>, so that Kraken sends a
/// fresh snapshot. Only that symbol is affected; the book stays not ready until the snapshot arrives.
/// </summary>
internal sealed class BookResubscribeRequestedEventArgs(string symbol, int depth, BookResyncReason reason, string detail) : EventArgs
{
    /// <summary>The pair, e.g. <c>BTC/USD</c>.</summary>
    public string Symbol { get; } = symbol;

    /// <summary>The depth to subscribe again.</summary>
    public int Depth { get; } = depth;

    /// <summary>Why.</summary>
    public BookResyncReason Reason { get; } = reason;

    /// <summary>A human-readable explanation (expected and computed checksum, or the protocol problem).</summary>
    public string Detail { get; } = detail;
}
