namespace KrakenBot.Connector.Storage;

/// <summary>
/// The journal file is damaged, is not a SQLite database, is not a KrakenBot journal, or holds rows that contradict
/// each other. The journal refuses to guess: a person must restore it or move it aside.
/// </summary>
internal sealed class JournalCorruptException : JournalException
{
    /// <summary>Creates the exception.</summary>
    public JournalCorruptException(string journalPath, string message, Exception? innerException = null)
        : base(journalPath, message, innerException)
    {
    }
}
