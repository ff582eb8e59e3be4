using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// Where a journal's rows live (a SQLite file, a PostgreSQL database): how to get a connection to read one snapshot,
/// and the connection writes go through. The rows, queries and rules above it are the same for every engine.
/// </summary>
internal abstract class JournalEngine : IDisposable
{
    /// <summary>What names the journal in messages: the file's path, or the database without its password.</summary>
    public abstract string Name { get; }

    public abstract bool IsReadOnly { get; }

    /// <summary>An open connection and a transaction on it that reads one consistent snapshot and can write nothing.</summary>
    public abstract (DbConnection Connection, DbTransaction Transaction) BeginRead();

    /// <summary>The connection the next write runs on; given back with <see cref="ReleaseWriter"/>.</summary>
    public abstract DbConnection AcquireWriter();

    /// <summary>Starts a write transaction on <paramref name="writer"/> that takes the write locks up front.</summary>
    public abstract DbTransaction BeginWriteTransaction(DbConnection writer);

    public abstract void ReleaseWriter(DbConnection writer);

    /// <summary>The journal exception that names this journal and says what to do for <paramref name="error"/>.</summary>
    public virtual Exception Translate(DbException error) => JournalErrors.Translate(error, Name);

    /// <summary>Ends a read connection got from <see cref="BeginRead"/>.</summary>
    public virtual void EndRead(DbConnection connection) => connection.Dispose();

    public abstract void Dispose();
}
