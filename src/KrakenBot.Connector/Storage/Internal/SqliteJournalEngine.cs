using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// The journal in one SQLite file: one long-lived writer connection (WAL, <c>synchronous=FULL</c>, so a commit is on
/// disk before it returns) guarded by a lock file, and short-lived pooled reader connections that each read one
/// consistent snapshot while the writer goes on.
/// </summary>
internal sealed class SqliteJournalEngine : JournalEngine
{
    private readonly SqliteConnection? _writer;
    private readonly FileStream? _writerLock;
    private readonly string _readConnectionString;

    private SqliteJournalEngine(string path, SqliteConnection? writer, FileStream? writerLock, string readConnectionString)
    {
        Name = path;
        _writer = writer;
        _writerLock = writerLock;
        _readConnectionString = readConnectionString;
    }

    public override string Name { get; }

    public override bool IsReadOnly => _writer is null;

    public static SqliteJournalEngine Open(TradingJournalOptions options)
    {
        string path = options.ResolvePath();
        return options.ReadOnly ? OpenReadOnly(path, options) : OpenForWriting(path, options);
    }

    public override (DbConnection Connection, DbTransaction Transaction) BeginRead()
    {
        var connection = new SqliteConnection(_readConnectionString);
        try
        {
            connection.Open();
            if (!IsReadOnly)
            {
                JournalSql.Command(connection, null, "PRAGMA query_only = ON").Run();
            }

            return (connection, connection.BeginTransaction(deferred: true));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override DbConnection AcquireWriter() =>
        _writer ?? throw new InvalidOperationException($"The journal '{Name}' was opened read-only.");

    public override DbTransaction BeginWriteTransaction(DbConnection writer) =>
        ((SqliteConnection)writer).BeginTransaction(deferred: false); // IMMEDIATE: the write lock is taken up front

    public override void ReleaseWriter(DbConnection writer)
    {
        // The writer connection lives as long as the journal.
    }

    public override void Dispose()
    {
        _writer?.Dispose(); // the last connection to close checkpoints the WAL into the file
        using (var connection = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(connection); // release the reader handles so the file can be moved or deleted
        }

        _writerLock?.Dispose();
    }

    private static SqliteJournalEngine OpenForWriting(string path, TradingJournalOptions options)
    {
        string? directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new JournalException(path,
                    $"The journal's directory '{directory}' cannot be created ({error.Message}). Create it, or choose another journal path.",
                    error);
            }
        }

        var writerLock = JournalWriterLock.Take(path);
        SqliteConnection? writer = null;
        try
        {
            writer = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate, pooling: false));
            writer.Open();
            string mode = (string)JournalSql.Command(writer, null, "PRAGMA journal_mode = WAL").Scalar()!;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new JournalException(path,
                    $"The journal '{path}' could not be switched to WAL mode (SQLite answered '{mode}'). Put the journal " +
                    "on a local disk (network file systems do not support WAL).");
            }

            if (options.VerifyIntegrityOnOpen)
            {
                QuickCheck(writer, null, path);
            }

            // Every commit is synced to disk before it returns: an order intent must survive a power cut.
            JournalSql.Command(writer, null, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;").Run();
            JournalMigrator.Migrate(writer, path, options.TimeProvider.GetUtcNow());
            return new SqliteJournalEngine(path, writer, writerLock, ConnectionString(path, SqliteOpenMode.ReadWrite, pooling: true));
        }
        catch (Exception error)
        {
            writer?.Dispose();
            writerLock.Dispose();
            if (error is SqliteException sqlite)
            {
                throw JournalErrors.Translate(sqlite, path);
            }

            throw;
        }
    }

    private static SqliteJournalEngine OpenReadOnly(string path, TradingJournalOptions options)
    {
        if (!File.Exists(path))
        {
            throw new JournalException(path,
                $"There is no journal at '{path}' to read. Give the right path, or run the connector once to create it.");
        }

        var engine = new SqliteJournalEngine(path, null, null, ConnectionString(path, SqliteOpenMode.ReadOnly, pooling: true));
        try
        {
            var (connection, transaction) = engine.BeginRead();
            using (connection)
            using (transaction)
            {
                if (options.VerifyIntegrityOnOpen)
                {
                    QuickCheck(connection, transaction, path);
                }

                JournalMigrator.CheckCurrent((SqliteConnection)connection, (SqliteTransaction)transaction, path);
            }

            return engine;
        }
        catch (Exception error)
        {
            engine.Dispose();
            if (error is SqliteException sqlite)
            {
                throw JournalErrors.Translate(sqlite, path);
            }

            throw;
        }
    }

    private static void QuickCheck(DbConnection connection, DbTransaction? transaction, string path)
    {
        var problems = new List<string>();
        using (var command = JournalSql.Command(connection, transaction, "PRAGMA quick_check(5)"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                problems.Add(reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw JournalErrors.Damaged(path, "integrity check: " + string.Join("; ", problems));
        }
    }

    private static string ConnectionString(string path, SqliteOpenMode mode, bool pooling) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Cache = SqliteCacheMode.Private,
            Pooling = pooling,
            DefaultTimeout = 30,
        }.ToString();
}
