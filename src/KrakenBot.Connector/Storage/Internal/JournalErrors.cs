using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Turns the engines' errors into journal exceptions that name the journal and say what to do.</summary>
internal static class JournalErrors
{
    private const int SqliteIoError = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteConstraint = 19;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    public static Exception Translate(DbException error, string path) => error switch
    {
        SqliteException sqlite => Translate(sqlite, path),
        PostgresException postgres => Translate(postgres, path),
        NpgsqlException npgsql => new JournalUnavailableException(path,
            $"The journal database '{path}' cannot be reached ({npgsql.Message}). The change was not recorded. Check that " +
            "PostgreSQL runs and accepts this connection; nothing is placed until it is back.", npgsql),
        _ => error,
    };

    // SQLSTATE classes: 23 integrity constraint violation, 53 insufficient resources, 57/08 server gone, 28 bad login.
    public static Exception Translate(PostgresException error, string path) => error.SqlState[..2] switch
    {
        "23" => new JournalConflictException(
            $"The journal '{path}' refused a write that contradicts what it holds ({error.MessageText}). Nothing was recorded.", error),
        "53" => new JournalException(path,
            $"The journal database '{path}' could not be written ({error.MessageText}). The change was not recorded. Free " +
            "space or connections on the PostgreSQL server, then restart.", error),
        "08" or "57" => new JournalUnavailableException(path,
            $"The journal database '{path}' went away ({error.MessageText}). The change was not recorded; nothing is placed " +
            "until it is back.", error),
        "28" => new JournalException(path,
            $"The journal database '{path}' refused the login ({error.MessageText}). Check the user and password in the " +
            "connection string.", error),
        "3D" => new JournalException(path,
            $"The journal database '{path}' does not exist ({error.MessageText}). Create it (createdb), or name another one.", error),
        _ => error,
    };

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
