using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// One write transaction on the writer connection, holding the write gate until disposed. Rolled back unless
/// committed, so a half-done change never reaches the file.
/// </summary>
internal sealed class JournalWriteScope : IDisposable
{
    private readonly JournalDatabase _database;
    private SqliteTransaction? _transaction;

    public JournalWriteScope(JournalDatabase database, SqliteConnection connection, SqliteTransaction transaction)
    {
        _database = database;
        Connection = connection;
        _transaction = transaction;
    }

    public SqliteConnection Connection { get; }

    public SqliteTransaction Transaction =>
        _transaction ?? throw new InvalidOperationException("This journal transaction is already committed or rolled back.");

    public string Path => _database.Path;

    public TimeProvider Time => _database.Time;

    public SqliteCommand Command(string sql) => JournalSql.Command(Connection, Transaction, sql);

    /// <summary>Runs one step of the transaction, turning SQLite errors into journal errors.</summary>
    public T Run<T>(Func<JournalWriteScope, T> step)
    {
        try
        {
            return step(this);
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

    /// <summary>Commits; with <c>synchronous=FULL</c> the change is on disk when this returns.</summary>
    public void Commit()
    {
        var transaction = Transaction;
        long started = _database.Time.GetTimestamp();
        try
        {
            transaction.Commit();
            _database.Metrics.JournalCommit(_database.Time.GetElapsedTime(started));
        }
        catch (SqliteException error)
        {
            throw JournalErrors.Translate(error, Path);
        }

        transaction.Dispose();
        _transaction = null;
    }

    public void Dispose()
    {
        if (_transaction is not null)
        {
            try
            {
                _transaction.Rollback();
            }
            catch (SqliteException)
            {
                // SQLite already rolled back (e.g. after an I/O error); nothing was committed either way.
            }

            _transaction.Dispose();
            _transaction = null;
        }

        _database.ReleaseWriter();
    }
}
