namespace KrakenBot.Backtest.Recording;

/// <summary>What a record of a recording holds.</summary>
public enum RecordKind : byte
{
    /// <summary>A WebSocket v2 <c>book</c> message, exactly as received.</summary>
    Book = 1,

    /// <summary>A WebSocket v2 <c>trade</c> message, exactly as received.</summary>
    Trade = 2,

    /// <summary>
    /// Data was lost here (a reconnect, a checksum mismatch): the payload is the reason in UTF-8. Replay drops the book
    /// of the record's pair (or every book) and starts it afresh from the next snapshot.
    /// </summary>
    Gap = 3,
}
