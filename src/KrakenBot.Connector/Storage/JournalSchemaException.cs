namespace KrakenBot.Connector.Storage;

/// <summary>
/// The journal's schema version is one this build cannot use: written by a newer KrakenBot, or (read-only opens) not
/// yet upgraded. Nothing was changed.
/// </summary>
internal sealed class JournalSchemaException : JournalException
{
    /// <summary>Creates the exception.</summary>
    public JournalSchemaException(string journalPath, int fileVersion, int supportedVersion, string message)
        : base(journalPath, message)
    {
        FileVersion = fileVersion;
        SupportedVersion = supportedVersion;
    }

    /// <summary>The schema version found in the file.</summary>
    public int FileVersion { get; }

    /// <summary>The newest schema version this build understands.</summary>
    public int SupportedVersion { get; }
}
