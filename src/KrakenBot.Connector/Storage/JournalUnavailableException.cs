namespace KrakenBot.Connector.Storage;

/// <summary>
/// The journal's database server (PostgreSQL) cannot be reached right now. Nothing of the failed call was recorded;
/// a caller that places orders must place none until the journal answers again.
/// </summary>
internal sealed class JournalUnavailableException : JournalException
{
    /// <summary>Creates the exception.</summary>
    public JournalUnavailableException(string journalPath, string message, Exception? innerException = null)
        : base(journalPath, message, innerException)
    {
    }
}
