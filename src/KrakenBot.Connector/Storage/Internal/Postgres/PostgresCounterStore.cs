using System.Data;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using Npgsql;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>
/// A rate counter's schedule in the shared journal: every process on the key books on the one row, which PostgreSQL
/// locks for the length of each change (read, compute, write back in one transaction).
/// </summary>
internal sealed class PostgresCounterStore(PostgresJournalEngine engine, long accountId, string counter) : CounterStore
{
    private const string Ensure = """
        INSERT INTO rate_counters (account_id, counter, level, level_at, blocked_until, epoch, sequence)
        VALUES (@account, @counter, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING
        """;

    private const string Columns = "SELECT level, level_at, blocked_until, epoch, sequence FROM rate_counters WHERE account_id = @account AND counter = @counter";

    private const string Write = """
        UPDATE rate_counters SET level = @level, level_at = @level_at, blocked_until = @blocked_until, epoch = @epoch, sequence = @sequence
        WHERE account_id = @account AND counter = @counter
        """;

    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached: nothing was booked.</exception>
    public override T Update<TArgument, T>(TArgument argument, Func<CounterState, TArgument, (CounterState Next, T Result)> change)
    {
        using var connection = engine.OpenConnection();
        NpgsqlTransaction? transaction = null;
        try
        {
            transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
            using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { Command(Ensure), Command(Columns + " FOR UPDATE") } };
            CounterState state;
            using (var reader = batch.ExecuteReader())
            {
                reader.Read(); // the insert returns no rows: the reader starts on the select's
                state = ReadState(reader);
            }

            var (next, result) = change(state, argument);
            if (next != state)
            {
                using var write = new NpgsqlCommand(Write, connection, transaction);
                Bind(write.Parameters);
                write.Parameters.Add(new NpgsqlParameter("level", next.Level));
                write.Parameters.Add(new NpgsqlParameter("level_at", next.LevelAt));
                write.Parameters.Add(new NpgsqlParameter("blocked_until", next.BlockedUntil));
                write.Parameters.Add(new NpgsqlParameter("epoch", next.Epoch));
                write.Parameters.Add(new NpgsqlParameter("sequence", next.Sequence));
                write.ExecuteNonQuery();
            }

            transaction.Commit();
            transaction.Dispose();
            transaction = null;
            return result;
        }
        catch (NpgsqlException error)
        {
            throw engine.Translate(error);
        }
        finally
        {
            if (transaction is not null)
            {
                JournalDatabase.RollBackQuietly(transaction); // a lost connection must not hide the error behind "no longer usable"
            }
        }
    }

    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached.</exception>
    public override CounterState Read()
    {
        using var connection = engine.OpenConnection();
        try
        {
            using var command = new NpgsqlCommand(Columns, connection);
            Bind(command.Parameters);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadState(reader) : default;
        }
        catch (NpgsqlException error)
        {
            throw engine.Translate(error);
        }
    }

    private static CounterState ReadState(NpgsqlDataReader reader) =>
        new(reader.GetDecimal(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));

    private NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        Bind(command.Parameters);
        return command;
    }

    private void Bind(NpgsqlParameterCollection parameters)
    {
        parameters.Add(new NpgsqlParameter("account", accountId));
        parameters.Add(new NpgsqlParameter("counter", counter));
    }
}
