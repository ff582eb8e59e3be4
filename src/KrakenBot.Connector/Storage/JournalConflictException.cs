namespace KrakenBot.Connector.Storage;

/// <summary>
/// A write contradicts what the journal already holds: a client order id reused for another order, a trade id
/// reported twice with different figures, a change recorded out of order. The write was not made; the journal is
/// unchanged.
/// </summary>
internal sealed class JournalConflictException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public JournalConflictException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
