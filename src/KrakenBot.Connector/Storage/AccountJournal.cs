using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Storage.Internal;
using System.Data.Common;

namespace KrakenBot.Connector.Storage;

/// <summary>One account's part of a <see cref="TradingJournal"/>: its orders, fills, cursor, nonce mark and paper balances.</summary>
internal sealed class AccountJournal
{
    private readonly JournalDatabase _database;
    private readonly long _accountId;

    internal AccountJournal(JournalDatabase database, JournalAccount account, long accountId)
    {
        _database = database;
        _accountId = accountId;
        Account = account;
        Orders = new OrderJournal(this);
        Fills = new FillJournal(this);
        PaperBalances = new PaperBalanceJournal(this);
    }

    /// <summary>Whose rows these are.</summary>
    public JournalAccount Account { get; }

    /// <summary>Order intents, state changes and queries over orders.</summary>
    public OrderJournal Orders { get; }

    /// <summary>Fills by trade id and queries over them.</summary>
    public FillJournal Fills { get; }

    /// <summary>The balances of a paper account.</summary>
    public PaperBalanceJournal PaperBalances { get; }

    /// <summary>
    /// Starts a transaction for several changes that must be recorded together or not at all (e.g. a paper fill and
    /// the balances it moves). Holds the journal's writer until disposed; commit with <see cref="JournalTransaction.CommitAsync"/>.
    /// </summary>
    public async Task<JournalTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        new(await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false), _accountId);

    /// <summary>
    /// Synchronous form of <see cref="BeginTransactionAsync"/>, for callers that must record a change before they
    /// go on and cannot await (e.g. under a lock): it blocks only on the journal's own writer, never on a task.
    /// Commit with <see cref="JournalTransaction.Commit"/>.
    /// </summary>
    public JournalTransaction BeginTransaction() => new(_database.BeginWrite(), _accountId);

    /// <summary>The last trade seen on the exchange, or null before the first reconciliation.</summary>
    public Task<TradeCursor?> GetTradeCursorAsync(CancellationToken cancellationToken = default) =>
        ReadAsync((connection, transaction, id) => AccountRows.ReadTradeCursor(connection, transaction, id), cancellationToken);

    /// <summary>Moves the trade cursor forward; an older cursor is ignored. True when it moved.</summary>
    public Task<bool> AdvanceTradeCursorAsync(TradeCursor cursor, CancellationToken cancellationToken = default) =>
        WriteAsync(transaction => transaction.AdvanceTradeCursor(cursor), cancellationToken);

    /// <summary>
    /// An <see cref="INonceStore"/> keeping this account's nonce high-water mark in the journal. Each save is durable
    /// before it returns and never lowers the mark. Use one <see cref="NonceSource"/> per key, as always.
    /// </summary>
    public INonceStore CreateNonceStore() => new JournalNonceStore(_database, _accountId, Account);

    /// <summary>
    /// Nonces for this account's key shared by every process and machine using the same PostgreSQL journal (a fleet
    /// of bots on one key): each value is higher than every value drawn before it by anyone. With
    /// <paramref name="blockSize"/> 1 each value costs one round trip to PostgreSQL; a larger block reserves that many
    /// values per round trip, but then values from two processes reach Kraken out of order (only safe with a nonce
    /// window). Dispose it when the process stops. For a SQLite journal use <see cref="CreateNonceStore"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal is a SQLite file (one process per key) or read-only.</exception>
    public SharedNonceSource CreateSharedNonceSource(int blockSize = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        if (_database.Engine is not Internal.Postgres.PostgresJournalEngine engine || _database.IsReadOnly)
        {
            throw new InvalidOperationException(
                $"Shared nonces need a writable PostgreSQL journal; '{_database.Path}' is a SQLite file or read-only. " +
                "Give the journal as postgres://… for a fleet on one key, or use CreateNonceStore with one process per key.");
        }

        return new SharedNonceSource(engine, _database.Time, _accountId, blockSize);
    }

    /// <summary>A rate counter's schedule kept in this account's shared journal (see <c>RestRateBudget.Shared</c>).</summary>
    /// <exception cref="InvalidOperationException">The journal is a SQLite file or read-only.</exception>
    internal Kraken.Rest.RateLimits.CounterStore CreateSharedCounterStore(string counter)
    {
        if (_database.Engine is not Internal.Postgres.PostgresJournalEngine engine || _database.IsReadOnly)
        {
            throw new InvalidOperationException(
                $"Shared rate counters need a writable PostgreSQL journal; '{_database.Path}' is a SQLite file or read-only. " +
                "Give the journal as postgres://… for a fleet on one key.");
        }

        return new Internal.Postgres.PostgresCounterStore(engine, _accountId, counter);
    }

    /// <summary>
    /// The key's dead man's switch as one member of the fleet sharing this journal (see
    /// <see cref="Internal.Postgres.PostgresDeadManArbiter"/>); <paramref name="send"/> is Kraken's <c>cancel_all_orders_after</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal is a SQLite file or read-only.</exception>
    internal Kraken.Orders.IDeadManArming CreateFleetDeadManArming(string member, Func<TimeSpan, CancellationToken, Task> send,
        Microsoft.Extensions.Logging.ILogger logger)
    {
        if (_database.Engine is not Internal.Postgres.PostgresJournalEngine engine || _database.IsReadOnly)
        {
            throw new InvalidOperationException(
                $"A fleet's dead man's switch needs a writable PostgreSQL journal; '{_database.Path}' is a SQLite file or read-only.");
        }

        return new Internal.Postgres.PostgresDeadManArbiter(engine, _accountId, member, send, logger);
    }

    internal Task<T> ReadAsync<T>(Func<DbConnection, DbTransaction, long, T> read,
        CancellationToken cancellationToken) =>
        _database.ReadAsync((connection, transaction) => read(connection, transaction, _accountId), cancellationToken);

    internal async Task<T> WriteAsync<T>(Func<JournalTransaction, T> write, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        T result = write(transaction);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
