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

    /// <summary>Orders as this process last journaled them (see <see cref="JournaledOrderStates"/>); writers only.</summary>
    internal JournaledOrderStates JournaledOrders { get; } = new();

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
            bool committed = false;
            try
            {
                T result = read(connection, transaction);
                transaction.Commit();
                committed = true;
                return result;
            }
            finally
            {
                if (committed)
                {
                    transaction.Dispose();
                }
                else
                {
                    RollBackQuietly(transaction);
                }
            }
        }
        catch (DbException error)
        {
            throw _engine.Translate(error);
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
                throw _engine.Translate(db);
            }

            throw;
        }
    }

    /// <summary>The journal exception for <paramref name="error"/> (an outage is noted: see <see cref="JournalEngine.Translate"/>).</summary>
    internal Exception Translate(DbException error) => _engine.Translate(error);

    /// <summary>
    /// Rolls back and disposes a transaction that may be finished, or whose connection broke: on a lost connection the
    /// engine may throw from either (Npgsql: "no longer usable"), and nothing was committed either way. Never throws,
    /// so whatever the caller releases after it is released.
    /// </summary>
    internal static void RollBackQuietly(DbTransaction transaction)
    {
        try
        {
            transaction.Rollback();
        }
        catch (Exception error) when (error is DbException or InvalidOperationException or ObjectDisposedException or IOException)
        {
        }

        try
        {
            transaction.Dispose();
        }
        catch (Exception error) when (error is DbException or InvalidOperationException or ObjectDisposedException or IOException)
        {
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
