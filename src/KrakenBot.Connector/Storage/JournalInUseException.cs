namespace KrakenBot.Connector.Storage;

/// <summary>
/// Another process (or another <see cref="TradingJournal"/> in this process) already has the journal open for writing.
/// One writer at a time keeps nonces and order ids from two sources apart; readers may open it read-only.
/// </summary>
internal sealed class JournalInUseException : JournalException
{
    /// <summary>Creates the exception.</summary>
    public JournalInUseException(string journalPath, string message, Exception? innerException = null)
        : base(journalPath, message, innerException)
    {
    }
}
