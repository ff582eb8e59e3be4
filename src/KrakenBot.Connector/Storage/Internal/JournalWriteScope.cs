using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// One write transaction on the writer connection, holding the write gate until disposed. Rolled back unless
/// committed, so a half-done change never reaches the file.
/// </summary>
internal sealed class JournalWriteScope : IDisposable
{
    private readonly JournalDatabase _database;
    private DbTransaction? _transaction;

    public JournalWriteScope(JournalDatabase database, DbConnection connection, DbTransaction transaction)
    {
        _database = database;
        Connection = connection;
        _transaction = transaction;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction =>
        _transaction ?? throw new InvalidOperationException("This journal transaction is already committed or rolled back.");

    public string Path => _database.Path;

    public TimeProvider Time => _database.Time;

    /// <summary>
    /// True when other processes write the same rows (PostgreSQL): a row read in order to change it is locked
    /// (<c>FOR UPDATE</c>), so that their change to it waits for this transaction. A SQLite file has one writer.
    /// </summary>
    public bool IsShared => _database.IsShared;

    /// <summary>Orders as last journaled; what this transaction stages stands only once it has committed.</summary>
    public JournaledOrderStates JournaledOrders => _database.JournaledOrders;

    public DbCommand Command(string sql) => JournalSql.Command(Connection, Transaction, sql);

    /// <summary>Runs one step of the transaction, turning database errors into journal errors.</summary>
    public T Run<T>(Func<JournalWriteScope, T> step)
    {
        try
        {
            return step(this);
        }
        catch (DbException error)
        {
            throw _database.Translate(error);
        }
        catch (FormatException error)
        {
            throw JournalErrors.Unreadable(Path, error);
        }
    }

    /// <summary>Commits; the change is durable when this returns (SQLite <c>synchronous=FULL</c>, PostgreSQL <c>synchronous_commit</c>).</summary>
    public void Commit()
    {
        var transaction = Transaction;
        long started = _database.Time.GetTimestamp();
        try
        {
            transaction.Commit();
            _database.Metrics.JournalCommit(_database.Time.GetElapsedTime(started));
        }
        catch (DbException error)
        {
            throw _database.Translate(error);
        }

        transaction.Dispose();
        _transaction = null;
        _database.JournaledOrders.Commit();
    }

    public void Dispose()
    {
        try
        {
            if (_transaction is not null)
            {
                // The engine may have rolled back already (an I/O error, a lost connection); nothing was committed.
                JournalDatabase.RollBackQuietly(_transaction);
                _transaction = null;
                _database.JournaledOrders.Discard();
            }
        }
        finally
        {
            // Always: a writer kept after a failed rollback would block every later write (and the order placement
            // waiting on it) for good.
            _database.ReleaseWriter(Connection);
        }
    }
}
