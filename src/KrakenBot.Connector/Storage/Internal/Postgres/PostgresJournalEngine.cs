using System.Data;
using System.Data.Common;
using Npgsql;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>
/// The journal in a PostgreSQL database shared by several processes (a fleet of bots on one account): each write runs
/// on a pooled connection in its own transaction, durable at commit (<c>synchronous_commit</c>); each read in a
/// REPEATABLE READ, READ ONLY transaction, so it sees one snapshot. The tables live in one schema
/// (<see cref="PostgresConnectionStrings.DefaultSchema"/> unless the connection string names a search path).
/// Every call is bounded (connect and command timeouts, <see cref="PostgresConnectionStrings.Bounded"/>): a server that
/// is gone is reported as <see cref="JournalUnavailableException"/>, never waited on, and calls are then refused at
/// once until it answers again (<see cref="Reachability"/>).
/// </summary>
internal sealed class PostgresJournalEngine : JournalEngine
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _unpooled;

    private PostgresJournalEngine(string name, NpgsqlDataSource dataSource, NpgsqlConnectionStringBuilder builder, bool readOnly,
        TimeProvider time)
    {
        Name = name;
        _dataSource = dataSource;
        _unpooled = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Pooling = false }.ConnectionString;
        IsReadOnly = readOnly;
        Reachability = new PostgresReachability(name, time);
    }

    /// <summary>Whether the server answered the last call; refuses calls at once for a moment after one found it gone.</summary>
    public PostgresReachability Reachability { get; }

    public override string Name { get; }

    public override bool IsReadOnly { get; }

    public static PostgresJournalEngine Open(TradingJournalOptions options)
    {
        var builder = PostgresConnectionStrings.Bounded(PostgresConnectionStrings.Parse(options.Path!));
        string name = PostgresConnectionStrings.DisplayName(builder);
        string schema = builder.SearchPath!.Split(',')[0].Trim();
        var dataSource = NpgsqlDataSource.Create(builder);
        var engine = new PostgresJournalEngine(name, dataSource, builder, options.ReadOnly, options.TimeProvider);
        try
        {
            using var connection = dataSource.OpenConnection();
            if (options.ReadOnly)
            {
                PostgresJournalMigrator.CheckCurrent(connection, schema, name);
            }
            else
            {
                PostgresJournalMigrator.Migrate(connection, schema, name, options.TimeProvider.GetUtcNow());
            }

            return engine;
        }
        catch (Exception error)
        {
            engine.Dispose();
            if (error is DbException db)
            {
                throw JournalErrors.Translate(db, name);
            }

            throw;
        }
    }

    public override (DbConnection Connection, DbTransaction Transaction) BeginRead()
    {
        var connection = OpenConnection();
        try
        {
            var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
            using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
            {
                readOnly.ExecuteNonQuery();
            }

            return (connection, transaction);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override DbConnection AcquireWriter() => OpenConnection();

    // READ COMMITTED: rows are per account, and one account's orders are written by the bot that owns them; the
    // shared rows (nonce marks) are changed by single atomic statements.
    public override DbTransaction BeginWriteTransaction(DbConnection writer) =>
        ((NpgsqlConnection)writer).BeginTransaction(IsolationLevel.ReadCommitted);

    public override void ReleaseWriter(DbConnection writer) => writer.Dispose();

    /// <summary>A new pooled connection (for coordination statements that run outside the journal's transactions).</summary>
    /// <exception cref="JournalUnavailableException">The server is gone (now, or found so a moment ago).</exception>
    public NpgsqlConnection OpenConnection()
    {
        Reachability.ThrowIfResting();
        try
        {
            var connection = _dataSource.OpenConnection();
            if (Reachability.IsDown)
            {
                // The pool was emptied when the outage began, so this open reached the server: it is back.
                Reachability.MarkUp();
            }

            return connection;
        }
        catch (NpgsqlException error)
        {
            throw Translate(error);
        }
    }

    /// <summary>Opens <paramref name="connection"/> (from <see cref="CreateSessionConnection"/>) under the same rules as <see cref="OpenConnection"/>.</summary>
    /// <exception cref="JournalUnavailableException">The server is gone (now, or found so a moment ago).</exception>
    public async Task OpenSessionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        Reachability.ThrowIfResting();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            Reachability.MarkUp();
        }
        catch (NpgsqlException error)
        {
            throw Translate(error);
        }
    }

    /// <summary>
    /// The journal exception for a database error, noting an outage: the pool is emptied (its connections are broken or
    /// will be found so one by one), and calls are refused at once for a moment.
    /// </summary>
    public override Exception Translate(DbException error)
    {
        var translated = JournalErrors.Translate(error, Name);
        if (translated is JournalUnavailableException && Reachability.MarkDown(error))
        {
            _dataSource.Clear();
        }

        return translated;
    }

    /// <summary>
    /// A connection of its own, outside the pool, not yet open: closing it ends its session, and with it any session lock
    /// it holds (a pooled one would keep the session, and the lock, alive in the pool).
    /// </summary>
    public NpgsqlConnection CreateSessionConnection() => new(_unpooled);

    public override void Dispose() => _dataSource.Dispose();
}
