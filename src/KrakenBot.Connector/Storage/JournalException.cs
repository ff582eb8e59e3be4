namespace KrakenBot.Connector.Storage;

/// <summary>
/// A problem with the trading journal file itself (damaged, from a newer version, in use, inconsistent). The message
/// names the file and what to do. Nothing in the file was changed when this is thrown.
/// </summary>
public class JournalException : IOException
{
    /// <summary>Creates the exception.</summary>
    public JournalException(string journalPath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        JournalPath = journalPath;
    }

    /// <summary>The journal file concerned.</summary>
    public string JournalPath { get; }

    /// <summary>
    /// True when the journal's database server (a fleet's PostgreSQL) could not be reached: nothing was recorded, and
    /// nothing may be placed until it answers again; the same call later may succeed.
    /// </summary>
    public bool IsUnavailable => this is JournalUnavailableException;
}
