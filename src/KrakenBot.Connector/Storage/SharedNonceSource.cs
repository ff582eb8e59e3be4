using KrakenBot.Connector.Kraken.Auth;
using Npgsql;

using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Storage.Internal.Postgres;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// Nonces for one API key drawn from the shared PostgreSQL journal, so every process and machine on the key gets
/// values from one sequence (create it with <see cref="AccountJournal.CreateSharedNonceSource"/>) (Unix time in µs, never below the last value given to anyone).
/// </summary>
/// <remarks>
/// <para>Block size 1: one atomic statement per value (an upsert on the key's row, which PostgreSQL serializes with its
/// row lock). A value drawn after another, by any process, is higher: exactly Kraken's rule.</para>
/// <para>Block size n: one statement reserves n values for this process, handed out locally. Far fewer round trips,
/// but two processes then use their blocks at the same time, so values reach Kraken out of order across processes;
/// only safe with a key whose nonce window covers a block.</para>
/// <para>Turns (<see cref="TakeTurnAsync"/>, what the REST client uses): a value drawn after another is higher, but two
/// calls in flight at once can still reach Kraken in either order. A turn holds a PostgreSQL advisory lock on the key
/// from the draw until the reply, on a connection of this process's own, so calls on the key go one at a time across
/// the fleet. The lock and the draw are one round trip, the unlock another; a process that dies holding the lock loses
/// its session, and PostgreSQL releases the lock. Turns always draw one value per statement, whatever the block size.</para>
/// </remarks>
internal sealed class SharedNonceSource : IOrderedNonceSource, IDisposable
{
    private const string Draw = """
        INSERT INTO nonce_marks (account_id, high_water_mark) VALUES (@account, @now + @block - 1)
        ON CONFLICT (account_id) DO UPDATE SET high_water_mark = GREATEST(nonce_marks.high_water_mark, @now - 1) + @block
        RETURNING high_water_mark
        """;

    // The advisory lock's key: the key's row in this schema, hashed into PostgreSQL's one lock space per database.
    private const string LockKey = "hashtextextended(current_schema() || '/nonce/' || @account::text, 0)";
    private const string Lock = "SELECT pg_advisory_lock(" + LockKey + ")";
    private const string Unlock = "SELECT pg_advisory_unlock(" + LockKey + ")";

    private const int TurnWaitSeconds = 60;

    private readonly PostgresJournalEngine _engine;
    private readonly SemaphoreSlim _turnGate = new(1, 1); // one turn at a time in this process: the session lock is re-entrant
    private NpgsqlConnection? _turnConnection;
    private readonly TimeProvider _time;
    private readonly long _accountId;
    private readonly long _blockSize;
    private readonly Lock _lock = new();
    private NpgsqlConnection? _connection;
    private long _next = 1;
    private long _blockEnd;
    private bool _disposed;

    internal SharedNonceSource(PostgresJournalEngine engine, TimeProvider time, long accountId, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        _engine = engine;
        _time = time;
        _accountId = accountId;
        _blockSize = blockSize;
    }

    /// <inheritdoc />
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached: no value is handed out.</exception>
    public long Next()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_next > _blockEnd)
            {
                _blockEnd = Reserve();
                _next = _blockEnd - _blockSize + 1;
            }

            return _next++;
        }
    }

    /// <summary>Gives back the unused part of the block when no other process drew after it, then closes the connection.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                if (_connection is not null && _next <= _blockEnd)
                {
                    using var command = new NpgsqlCommand(
                        "UPDATE nonce_marks SET high_water_mark = @last WHERE account_id = @account AND high_water_mark = @end", _connection);
                    command.Parameters.AddWithValue("@last", _next - 1);
                    command.Parameters.AddWithValue("@account", _accountId);
                    command.Parameters.AddWithValue("@end", _blockEnd);
                    command.ExecuteNonQuery();
                }
            }
            catch (NpgsqlException)
            {
                // Keeping the reservation is always safe: the next value is just higher.
            }
            finally
            {
                _connection?.Dispose();
                _turnConnection?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached: no value is handed out, nothing may be sent.</exception>
    ValueTask<INonceTurn> IOrderedNonceSource.TakeTurnAsync(CancellationToken cancellationToken) => TakeTurnAsync(cancellationToken);

    /// <inheritdoc cref="IOrderedNonceSource.TakeTurnAsync"/>
    internal async ValueTask<INonceTurn> TakeTurnAsync(CancellationToken cancellationToken)
    {
        await _turnGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_turnConnection is null)
            {
                _turnConnection = _engine.CreateSessionConnection();
                await _engine.OpenSessionAsync(_turnConnection, cancellationToken).ConfigureAwait(false);
            }

            await using var batch = new NpgsqlBatch(_turnConnection)
            {
                BatchCommands = { Command(Lock), Command(Draw) },
                // The lock waits for the turns of the whole fleet ahead of this one, each as long as a call to Kraken:
                // longer than a statement should take, but still bounded.
                Timeout = TurnWaitSeconds,
            };
            batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter("now", NowMicros()));
            batch.BatchCommands[1].Parameters.Add(new NpgsqlParameter("block", 1L));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return new Turn(this, reader.GetInt64(0));
        }
        catch (Exception error)
        {
            // Whatever state the session is in (the lock may have been granted as the call was cancelled), ending it
            // releases the lock; the next turn opens a new one.
            DropTurnConnection();
            _turnGate.Release();
            if (error is NpgsqlException npgsql)
            {
                throw _engine.Translate(npgsql);
            }

            throw;
        }
    }

    private NpgsqlBatchCommand Command(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("account", _accountId));
        return command;
    }

    private async ValueTask EndTurnAsync()
    {
        try
        {
            await using var unlock = new NpgsqlCommand(Unlock, _turnConnection);
            unlock.Parameters.Add(new NpgsqlParameter("account", _accountId));
            await unlock.ExecuteScalarAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            DropTurnConnection(); // the session ends, and PostgreSQL releases its lock with it
        }
        finally
        {
            _turnGate.Release();
        }
    }

    private void DropTurnConnection()
    {
        _turnConnection?.Dispose();
        _turnConnection = null;
    }

    private sealed class Turn(SharedNonceSource owner, long nonce) : INonceTurn
    {
        private int _ended;

        public long Nonce { get; } = nonce;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _ended, 1) == 0 ? owner.EndTurnAsync() : ValueTask.CompletedTask;
    }

    private long Reserve()
    {
        try
        {
            _connection ??= _engine.OpenConnection();
            using var command = new NpgsqlCommand(Draw, _connection);
            command.Parameters.AddWithValue("@account", _accountId);
            command.Parameters.AddWithValue("@now", NowMicros());
            command.Parameters.AddWithValue("@block", _blockSize);
            return (long)command.ExecuteScalar()!;
        }
        catch (NpgsqlException error)
        {
            _connection?.Dispose(); // a broken connection is replaced on the next draw
            _connection = null;
            throw _engine.Translate(error);
        }
    }

    private long NowMicros() => (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
