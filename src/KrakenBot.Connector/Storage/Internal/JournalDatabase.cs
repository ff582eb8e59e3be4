using System.Data.Common;
using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Storage.Internal.Postgres;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// The journal's engine and the rules every engine follows here: writes serialized in this process by a gate, each in
/// one transaction that is durable when it commits; reads each in one consistent snapshot while writes go on.
/// </summary>
internal sealed class JournalDatabase : IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly JournalEngine _engine;
    private int _disposed;

    private JournalDatabase(JournalEngine engine, TimeProvider time, ConnectorMetrics metrics)
    {
        _engine = engine;
        Time = time;
        Metrics = metrics;
    }

    /// <summary>Names the journal in messages: the file path, or the PostgreSQL database (never with its password).</summary>
    public string Path => _engine.Name;

    public TimeProvider Time { get; }

    /// <summary>Where commit times are measured.</summary>
    public ConnectorMetrics Metrics { get; }

    public bool IsReadOnly => _engine.IsReadOnly;

    /// <summary>True when the rows live in PostgreSQL (shared by several processes) rather than a SQLite file.</summary>
    public bool IsShared => _engine is PostgresJournalEngine;

    internal JournalEngine Engine => _engine;

    public static JournalDatabase Open(TradingJournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        var metrics = ConnectorMetrics.For(options.MeterFactory);
        JournalEngine engine = PostgresConnectionStrings.IsPostgres(options.Path)
            ? PostgresJournalEngine.Open(options)
            : SqliteJournalEngine.Open(options);
        return new JournalDatabase(engine, options.TimeProvider, metrics);
    }

    /// <summary>Runs <paramref name="read"/> on a reader connection inside one snapshot.</summary>
    public Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Read(read));
    }

    /// <summary>Synchronous form of <see cref="ReadAsync{T}"/> (the nonce store contract is synchronous).</summary>
    public T Read<T>(Func<DbConnection, DbTransaction, T> read)
    {
        ThrowIfDisposed();
        DbConnection? connection = null;
        try
        {
            (connection, var transaction) = _engine.BeginRead();
            using (transaction)
            {
                T result = read(connection, transaction);
                transaction.Commit();
                return result;
            }
        }
        catch (DbException error)
        {
            throw JournalErrors.Translate(error, Path);
        }
        catch (FormatException error)
        {
            throw JournalErrors.Unreadable(Path, error);
        }
        finally
        {
            if (connection is not null)
            {
                _engine.EndRead(connection);
            }
        }
    }

    /// <summary>Waits for the writer, then opens a write transaction on it.</summary>
    public async Task<JournalWriteScope> BeginWriteAsync(CancellationToken cancellationToken)
    {
        WritableOrThrow();
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return StartScope();
    }

    /// <summary>Synchronous form of <see cref="BeginWriteAsync"/>.</summary>
    public JournalWriteScope BeginWrite()
    {
        WritableOrThrow();
        _writeGate.Wait();
        return StartScope();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writeGate.Wait(); // let a write in progress finish; none can start now
        _engine.Dispose();
        _writeGate.Release();
    }

    internal void ReleaseWriter(DbConnection writer)
    {
        try
        {
            _engine.ReleaseWriter(writer);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>A pragma's value on the writer connection (SQLite only; for tests and diagnostics).</summary>
    internal object? WriterPragma(string name)
    {
        using var write = BeginWrite();
        return JournalSql.Command(write.Connection, write.Transaction, "PRAGMA " + name).Scalar();
    }

    private JournalWriteScope StartScope()
    {
        DbConnection? writer = null;
        try
        {
            ThrowIfDisposed();
            writer = _engine.AcquireWriter();
            return new JournalWriteScope(this, writer, _engine.BeginWriteTransaction(writer));
        }
        catch (Exception error)
        {
            if (writer is not null)
            {
                _engine.ReleaseWriter(writer);
            }

            _writeGate.Release();
            if (error is DbException db)
            {
                throw JournalErrors.Translate(db, Path);
            }

            throw;
        }
    }

    private void WritableOrThrow()
    {
        ThrowIfDisposed();
        if (IsReadOnly)
        {
            throw new InvalidOperationException(
                $"The journal '{Path}' was opened read-only; open it without ReadOnly to record anything.");
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
}
