using KrakenBot.Connector.Kraken.Orders;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>
/// The dead man's switch of a key shared by a fleet. Kraken keeps one switch per key, the last call setting it, so each
/// member keeps a row in <c>dead_man_members</c> (its timeout, and until when it has promised to re-arm) and every call
/// to Kraken is decided and sent under one advisory lock per key, held in the transaction that reads the rows:
/// <list type="bullet">
/// <item>arming sends the longest timeout of the members alive (a short-timeout member's call never cuts short a
/// long-timeout member's), so any living member's schedule keeps the switch armed for all;</item>
/// <item>a member that stops deletes its row and disarms (0) only when no other member is alive; otherwise it leaves the
/// switch armed, as the others last set it.</item>
/// </list>
/// A member is alive while its promise holds: a process killed stops re-arming, its row lapses after its timeout, and
/// until then the switch stays armed as it asked (so Kraken cancels its orders if no other member lives on). Times are
/// the database server's clock, the one clock every machine of the fleet shares.
/// When PostgreSQL cannot be reached the member still re-arms alone, with the longest timeout it last saw, and never
/// disarms: arming can only extend what another member relies on, disarming could cut it.
/// </summary>
internal sealed class PostgresDeadManArbiter : IDeadManArming
{
    private const string LockKey = "hashtextextended(current_schema() || '/dead-man/' || @account::text, 0)";
    private const string Lock = "SELECT pg_advisory_xact_lock(" + LockKey + ")";
    private const int LockWaitSeconds = 60;

    private const string Join = """
        INSERT INTO dead_man_members (account_id, member, timeout_seconds, armed_until)
        VALUES (@account, @member, @timeout, clock_timestamp() + @timeout * interval '1 second')
        ON CONFLICT (account_id, member) DO UPDATE SET timeout_seconds = EXCLUDED.timeout_seconds, armed_until = EXCLUDED.armed_until
        """;

    private const string Leave = "DELETE FROM dead_man_members WHERE account_id = @account AND (member = @member OR armed_until <= clock_timestamp())";

    private const string Longest = """
        SELECT COALESCE(MAX(timeout_seconds), 0) FROM dead_man_members WHERE account_id = @account AND armed_until > clock_timestamp()
        """;

    private readonly PostgresJournalEngine _engine;
    private readonly long _accountId;
    private readonly string _member;
    private readonly Func<TimeSpan, CancellationToken, Task> _send;
    private readonly ILogger _logger;
    private int _lastLongestSeconds;

    /// <param name="send">Kraken's <c>cancel_all_orders_after</c> with a timeout (zero disarms).</param>
    public PostgresDeadManArbiter(PostgresJournalEngine engine, long accountId, string member, Func<TimeSpan, CancellationToken, Task> send, ILogger logger)
    {
        _engine = engine;
        _accountId = accountId;
        _member = member;
        _send = send;
        _logger = logger;
    }

    /// <inheritdoc />
    public async Task ArmAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        int seconds = checked((int)timeout.TotalSeconds);
        await using var decision = await DecideAsync(Join, seconds, cancellationToken).ConfigureAwait(false);
        if (decision.Transaction is null)
        {
            await _send(TimeSpan.FromSeconds(Math.Max(seconds, _lastLongestSeconds)), cancellationToken).ConfigureAwait(false);
            return;
        }

        await _send(TimeSpan.FromSeconds(decision.LongestSeconds), cancellationToken).ConfigureAwait(false);
        await decision.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken)
    {
        await using var decision = await DecideAsync(Leave, 0, cancellationToken).ConfigureAwait(false);
        if (decision.Transaction is null)
        {
            _logger.LogWarning("The dead man's switch is left armed: the fleet's journal cannot be reached to learn whether another member still needs it " +
                "(it fires after {Timeout} s unless a member re-arms it).", _lastLongestSeconds);
            return false;
        }

        bool last = decision.LongestSeconds == 0;
        if (last)
        {
            await _send(TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }

        await decision.CommitAsync(cancellationToken).ConfigureAwait(false);
        return last;
    }

    // Takes the key's lock, records this member's change and reads the longest timeout of the members alive, in one
    // transaction left open (the lock with it) while the caller's call to Kraken goes out. No transaction when
    // PostgreSQL cannot be reached.
    private async Task<Decision> DecideAsync(string change, int seconds, CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        NpgsqlTransaction? transaction = null;
        try
        {
            connection = _engine.OpenConnection();
            transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands = { Command(Lock), Command(change), Command(Longest) },
                // The lock waits while another member's call to Kraken is out: longer than a statement should take (a
                // timeout here would read as PostgreSQL gone), still bounded.
                Timeout = LockWaitSeconds,
            };
            batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter("member", _member));
            if (change == Join)
            {
                batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter("timeout", seconds));
            }

            int longest;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false); // past the lock's row; the change returns none
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                longest = reader.GetInt32(0);
            }

            _lastLongestSeconds = longest;
            return new Decision(connection, transaction, longest);
        }
        catch (Exception error) when (error is NpgsqlException or JournalException)
        {
            var translated = error is NpgsqlException npgsql ? _engine.Translate(npgsql) : error;
            if (transaction is not null) JournalDatabase.RollBackQuietly(transaction);
            connection?.Dispose();
            _logger.LogWarning("The fleet's dead man's switch could not be coordinated ({Reason}); this member arms it alone meanwhile.", translated.Message);
            return default;
        }
        catch
        {
            if (transaction is not null) JournalDatabase.RollBackQuietly(transaction);
            connection?.Dispose();
            throw;
        }
    }

    private NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("account", _accountId));
        return command;
    }

    /// <summary>A decision taken under the key's lock; disposing it without a commit rolls it back and frees the lock.</summary>
    private readonly record struct Decision(NpgsqlConnection? Connection, NpgsqlTransaction? Transaction, int LongestSeconds) : IAsyncDisposable
    {
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Transaction!.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (NpgsqlException)
            {
                // What was sent to Kraken stands; the row is written again at the next re-arm.
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Transaction is not null) await Transaction.DisposeAsync().ConfigureAwait(false);
            if (Connection is not null) await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
