using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Turns SQLite's error codes into journal exceptions that name the file and say what to do.</summary>
internal static class JournalErrors
{
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteConstraint = 19;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    public static Exception Translate(SqliteException error, string path) => error.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => Damaged(path, error.Message, error),
        SqliteConstraint => new JournalConflictException(
            $"The journal '{path}' refused a write that contradicts what it holds ({error.Message}). Nothing was recorded.", error),
        SqliteFull => new JournalException(path,
            $"The journal '{path}' could not be written: the disk is full. The change was not recorded. Free some " +
            "space and restart; the connector reconciles with the exchange on start.", error),
        SqliteIoError => new JournalException(path,
            $"The journal '{path}' could not be read or written (disk I/O error: {error.Message}). The change was not " +
            "recorded. Check the disk and the file's permissions, then restart.", error),
        SqliteCantOpen => new JournalException(path,
            $"The journal '{path}' could not be opened ({error.Message}). Check that the directory exists and is " +
            "writable by this user, or give another path.", error),
        _ => error,
    };

    public static JournalCorruptException Damaged(string path, string detail, Exception? inner = null) =>
        new(path,
            $"The journal '{path}' is damaged or is not a SQLite database ({detail}). Nothing was changed. Stop the " +
            "connector, move the file aside (with its -wal file, if any) and restore a backup; or start with a new " +
            "journal path: the connector then rebuilds open orders and recent fills from the exchange, but the older " +
            "history in this file stays only in the damaged copy.",
            inner);

    public static JournalCorruptException Unreadable(string path, Exception inner) =>
        new(path,
            $"The journal '{path}' holds a row this build cannot read ({inner.Message}). Nothing was changed. The file " +
            "was edited by hand or is damaged: restore it from a backup.",
            inner);
}
