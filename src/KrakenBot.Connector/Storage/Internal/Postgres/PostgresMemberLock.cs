using Npgsql;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>
/// A fleet member's place in the shared journal: a PostgreSQL session advisory lock on its name, held by the running
/// connector on a connection of its own. Two processes cannot run as one member (the second is refused at start), and
/// a member whose process died is seen at once as gone (PostgreSQL drops the lock with the session), which is what
/// <c>fleet status</c> reports and what an explicit takeover checks.
/// </summary>
internal sealed class PostgresMemberLock : IDisposable
{
    // In this schema's name, hashed into PostgreSQL's one lock space per database (as the nonce turns are).
    private const string Key = "hashtextextended(current_schema() || '/member/' || @member, 0)";

    private readonly PostgresJournalEngine _engine;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;

    private PostgresMemberLock(PostgresJournalEngine engine, string member)
    {
        _engine = engine;
        Member = member;
    }

    /// <summary>The member's name.</summary>
    public string Member { get; }

    /// <summary>Takes <paramref name="member"/>'s place, or says who holds it.</summary>
    /// <exception cref="JournalInUseException">Another process runs as this member.</exception>
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached.</exception>
    public static async Task<PostgresMemberLock> TakeAsync(PostgresJournalEngine engine, string member, CancellationToken cancellationToken)
    {
        var held = new PostgresMemberLock(engine, member);
        await held.RenewAsync(cancellationToken).ConfigureAwait(false);
        return held;
    }

    /// <summary>
    /// After an outage: keeps the place if its session survived, else takes it again on a new session (the old one's lock
    /// went with it). Refused when another process took the place meanwhile.
    /// </summary>
    /// <exception cref="JournalInUseException">Another process runs as this member now.</exception>
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached.</exception>
    public async Task RenewAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is not null && await StillAliveAsync(_connection, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            _connection?.Dispose();
            _connection = null;
            var connection = _engine.CreateSessionConnection();
            try
            {
                await _engine.OpenSessionAsync(connection, cancellationToken).ConfigureAwait(false);
                await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(" + Key + ")", connection);
                take.Parameters.Add(new NpgsqlParameter("member", Member));
                if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    throw new JournalInUseException(_engine.Name,
                        $"The fleet member '{Member}' already runs: another process on the journal '{_engine.Name}' holds its place " +
                        "(a bot with this id on another machine?). Stop that one first, or give this one another id.");
                }

                _connection = connection;
            }
            catch (NpgsqlException error)
            {
                connection.Dispose();
                throw _engine.Translate(error);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>True while a process holds <paramref name="member"/>'s place (read on <paramref name="connection"/>, in its schema).</summary>
    public static async Task<bool> IsHeldAsync(NpgsqlConnection connection, string member, CancellationToken cancellationToken)
    {
        // pg_locks shows a bigint advisory key as its high and low 32 bits (classid, objid), objsubid 1.
        await using var query = new NpgsqlCommand($"""
            SELECT EXISTS (SELECT 1 FROM pg_locks, (SELECT {Key} AS k) AS h
                WHERE locktype = 'advisory' AND granted AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND classid::bigint = ((h.k >> 32) & 4294967295) AND objid::bigint = (h.k & 4294967295))
            """, connection);
        query.Parameters.Add(new NpgsqlParameter("member", member));
        return await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    /// <summary>
    /// Gives the place up: unlocked first, so that it is free when this returns (a closed session's lock is only
    /// released once the server has noticed), then the session ends.
    /// </summary>
    public void Dispose()
    {
        if (_connection is { } connection)
        {
            try
            {
                using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(" + Key + ")", connection);
                unlock.Parameters.Add(new NpgsqlParameter("member", Member));
                unlock.ExecuteScalar();
            }
            catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
            {
                // The session is gone already, and its lock with it.
            }

            connection.Dispose();
        }

        _connection = null;
    }

    private static async Task<bool> StillAliveAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }
}
