using KrakenBot.Connector.Diagnostics;
using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// The journal file and its connections: one long-lived writer connection (WAL, <c>synchronous=FULL</c>, serialized
/// by a gate, so a commit is on disk before it returns) and short-lived pooled reader connections that each read one
/// consistent snapshot while the writer goes on.
/// </summary>
internal sealed class JournalDatabase : IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection? _writer;
    private readonly FileStream? _writerLock;
    private readonly string _readConnectionString;
    private int _disposed;

    private JournalDatabase(string path, TimeProvider time, SqliteConnection? writer, FileStream? writerLock, string readConnectionString,
        ConnectorMetrics metrics)
    {
        Path = path;
        Time = time;
        Metrics = metrics;
        _writer = writer;
        _writerLock = writerLock;
        _readConnectionString = readConnectionString;
    }

    public string Path { get; }

    public TimeProvider Time { get; }

    /// <summary>Where commit times are measured.</summary>
    public ConnectorMetrics Metrics { get; }

    public bool IsReadOnly => _writer is null;

    public static JournalDatabase Open(TradingJournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        string path = options.ResolvePath();
        return options.ReadOnly ? OpenReadOnly(path, options) : OpenForWriting(path, options);
    }

    /// <summary>Runs <paramref name="read"/> on a reader connection inside one snapshot.</summary>
    public Task<T> ReadAsync<T>(Func<SqliteConnection, SqliteTransaction, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(read));
    }

    /// <summary>Synchronous form of <see cref="ReadAsync{T}"/> (the nonce store contract is synchronous).</summary>
    public T Read<T>(Func<SqliteConnection, SqliteTransaction, T> read)
    {
        ThrowIfDisposed();
        try
        {
            using var connection = new SqliteConnection(_readConnectionString);
            connection.Open();
            if (!IsReadOnly)
            {
                JournalSql.Command(connection, null, "PRAGMA query_only = ON").Run();
            }

            using var transaction = connection.BeginTransaction(deferred: true);
            T result = read(connection, transaction);
            transaction.Commit();
            return result;
        }
        catch (SqliteException error)
        {
            throw JournalErrors.Translate(error, Path);
        }
        catch (FormatException error)
        {
            throw JournalErrors.Unreadable(Path, error);
        }
    }

    /// <summary>Waits for the writer, then opens an IMMEDIATE transaction on it.</summary>
    public async Task<JournalWriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var writer = WriterOrThrow();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return StartScope(writer);
    }

    /// <summary>Synchronous form of <see cref="BeginWriteAsync"/>.</summary>
    public JournalWriteScope BeginWrite()
    {
        var writer = WriterOrThrow();
        _writeGate.Wait();
        return StartScope(writer);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_writer is not null)
        {
            _writeGate.Wait(); // let a write in progress finish; none can start now
            _writer.Dispose(); // the last connection to close checkpoints the WAL into the file
            _writeGate.Release();
        }

        using (var connection = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(connection); // release the reader handles so the file can be moved or deleted
        }

        _writerLock?.Dispose();
    }

    internal void ReleaseWriter() => _writeGate.Release();

    /// <summary>A pragma's value on the writer connection (for tests and diagnostics).</summary>
    internal object? WriterPragma(string name)
    {
        using var write = BeginWrite();
        return JournalSql.Command(write.Connection, write.Transaction, "PRAGMA " + name).Scalar();
    }

    private JournalWriteScope StartScope(SqliteConnection writer)
    {
        try
        {
            ThrowIfDisposed();
            return new JournalWriteScope(this, writer, writer.BeginTransaction(deferred: false));
        }
        catch (SqliteException error)
        {
            _writeGate.Release();
            throw JournalErrors.Translate(error, Path);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    private SqliteConnection WriterOrThrow()
    {
        ThrowIfDisposed();
        return _writer ?? throw new InvalidOperationException(
            $"The journal '{Path}' was opened read-only; open it without ReadOnly to record anything.");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private static JournalDatabase OpenForWriting(string path, TradingJournalOptions options)
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
            var readConnectionString = ConnectionString(path, SqliteOpenMode.ReadWrite, pooling: true);
            return new JournalDatabase(path, options.TimeProvider, writer, writerLock, readConnectionString,
                ConnectorMetrics.For(options.MeterFactory));
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

    private static JournalDatabase OpenReadOnly(string path, TradingJournalOptions options)
    {
        if (!File.Exists(path))
        {
            throw new JournalException(path,
                $"There is no journal at '{path}' to read. Give the right path, or run the connector once to create it.");
        }

        var database = new JournalDatabase(path, options.TimeProvider, null, null,
            ConnectionString(path, SqliteOpenMode.ReadOnly, pooling: true), ConnectorMetrics.For(options.MeterFactory));
        try
        {
            database.Read((connection, transaction) =>
            {
                if (options.VerifyIntegrityOnOpen)
                {
                    QuickCheck(connection, transaction, path);
                }

                JournalMigrator.CheckCurrent(connection, transaction, path);
                return true;
            });
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    private static void QuickCheck(SqliteConnection connection, SqliteTransaction? transaction, string path)
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
