namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// The one-writer rule, enforced with an exclusive lock on <c>&lt;journal&gt;.lock</c>. The operating system drops the
/// lock when the process dies, so a crash never leaves the journal locked. SQLite would serialize two writers
/// anyway; the lock exists so that two connectors cannot both hand out nonces for the same key from one journal.
/// </summary>
internal static class JournalWriterLock
{
    public static FileStream Take(string journalPath)
    {
        string lockPath = journalPath + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1,
                FileOptions.None);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new JournalException(journalPath,
                $"The journal's lock file '{lockPath}' cannot be created or opened: permission denied. Give this user " +
                "write access to the directory, or choose another journal path.", error);
        }
        catch (IOException error)
        {
            throw new JournalInUseException(journalPath,
                $"The journal '{journalPath}' is already open for writing by another KrakenBot process or connector " +
                $"(lock file '{lockPath}': {error.Message}). Stop the other one first, or open this journal read-only " +
                "to read history.",
                error);
        }
    }
}
