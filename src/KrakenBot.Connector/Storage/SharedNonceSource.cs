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
/// </remarks>
public sealed class SharedNonceSource : INonceSource, IDisposable
{
    private const string Draw = """
        INSERT INTO nonce_marks (account_id, high_water_mark) VALUES (@account, @now + @block - 1)
        ON CONFLICT (account_id) DO UPDATE SET high_water_mark = GREATEST(nonce_marks.high_water_mark, @now - 1) + @block
        RETURNING high_water_mark
        """;

    private readonly PostgresJournalEngine _engine;
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
            }
        }
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
            throw JournalErrors.Translate(error, _engine.Name);
        }
    }

    private long NowMicros() => (_time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
