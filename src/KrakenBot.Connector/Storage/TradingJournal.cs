using KrakenBot.Connector.Storage.Internal;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// The local record of everything traded: order intents (written before an order is sent), exchange ids, every state
/// change, fills (each trade once), the reconciliation cursor, the nonce high-water mark and paper balances, for one
/// or more accounts, in one SQLite file.
/// </summary>
/// <remarks>
/// <para>Durability: the file runs in WAL mode with <c>synchronous=FULL</c>, so every recorded change is on disk
/// when its method returns; a crash or power cut afterwards cannot lose it.</para>
/// <para>Concurrency: one writer process at a time (enforced with a lock file, released by the OS if the process
/// dies); inside it, writes are serialized and reads run concurrently on their own connections, each seeing one
/// consistent snapshot. Other processes may open the file with <see cref="TradingJournalOptions.ReadOnly"/>.</para>
/// <para>Schema: versioned in a <c>schema_version</c> table and migrated forward on open. A damaged file, a file
/// from a newer version, or a database that is not a journal is refused with a <see cref="JournalException"/> that
/// names the path and what to do; the file is never changed or replaced.</para>
/// <para>Typical use by an order tracker:</para>
/// <code>
/// await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path });
/// var account = await journal.OpenAccountAsync(JournalAccount.Kraken(credentials.ApiKey));
/// var order = TrackedOrder.Create(clientOrderId, request, now);
/// await account.Orders.RecordCreatedAsync(order);          // durable before the order is sent
/// // ... send; on ack:
/// order = order.WithExchangeOrderId(txid, now);
/// await account.Orders.RecordExchangeOrderIdAsync(order);
/// order = order.TransitionTo(OrderState.Open, now);
/// await account.Orders.RecordStateChangeAsync(order);
/// // ... on an execution:
/// order = order.ApplyFill(fill, now);
/// await account.Orders.RecordFillAsync(order, fill);       // false if this trade was already recorded
/// // after a restart:
/// var open = await account.Orders.GetOpenAsync();          // reconcile these with the exchange
/// </code>
/// <para>The async methods complete synchronously on the calling thread (SQLite is an in-process library); only
/// waiting for the writer is truly asynchronous.</para>
/// </remarks>
public sealed class TradingJournal : IDisposable, IAsyncDisposable
{
    private readonly JournalDatabase _database;

    private TradingJournal(JournalDatabase database)
    {
        _database = database;
        Documents = new JournalDocuments(database);
    }

    /// <summary>Named values kept for layers above the connector (e.g. strategy state), in this same file.</summary>
    public JournalDocuments Documents { get; }

    internal JournalDatabase Database => _database;

    /// <summary>The newest schema version this build reads and writes (SQLite journal).</summary>
    public static int CurrentSchemaVersion => JournalMigrations.Latest;

    /// <summary>The newest schema version this build reads and writes in a PostgreSQL journal (numbered on its own).</summary>
    public static int CurrentPostgresSchemaVersion => Internal.Postgres.PostgresJournalMigrations.Latest;

    /// <summary>The full path of the journal file, or the PostgreSQL database it lives in (never with its password).</summary>
    public string FilePath => _database.Path;

    /// <summary>
    /// True when the journal is a PostgreSQL database that several processes share (a fleet on one account), so
    /// nonces must come from <see cref="AccountJournal.CreateSharedNonceSource"/>; false for a SQLite file.
    /// </summary>
    public bool IsShared => _database.IsShared;

    /// <summary>True when opened with <see cref="TradingJournalOptions.ReadOnly"/>.</summary>
    public bool IsReadOnly => _database.IsReadOnly;

    /// <summary>
    /// Opens (creating when missing) the journal at <see cref="TradingJournalOptions.Path"/>, or the default path.
    /// </summary>
    /// <exception cref="JournalException">The file is damaged or is not a journal.</exception>
    /// <exception cref="JournalException">The file was written by a newer version (or, read-only, needs an upgrade).</exception>
    /// <exception cref="JournalException">Another process already has it open for writing.</exception>
    /// <exception cref="JournalException">The file cannot be opened or created.</exception>
    public static Task<TradingJournal> OpenAsync(TradingJournalOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new TradingJournal(JournalDatabase.Open(options ?? new TradingJournalOptions())));
    }

    /// <summary>
    /// The part of the journal that belongs to <paramref name="account"/>; the account is registered on first use
    /// (read-only journals show an unknown account as empty).
    /// </summary>
    internal async Task<AccountJournal> OpenAccountAsync(JournalAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        long accountId;
        if (_database.IsReadOnly)
        {
            accountId = await _database.ReadAsync((connection, transaction) =>
                AccountRows.FindAccount(connection, transaction, account.Scope) ?? 0, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var write = await _database.BeginWriteAsync(cancellationToken).ConfigureAwait(false);
            accountId = write.Run(w => AccountRows.EnsureAccount(w, account.Scope));
            write.Commit();
        }

        return new AccountJournal(_database, account, accountId);
    }

    /// <summary>
    /// Whether a process runs as fleet member <paramref name="member"/> (a bot id) on this journal now: it holds its
    /// place in PostgreSQL while it runs, and loses it when its process ends, however it ends. Null for a SQLite journal,
    /// which has no fleet.
    /// </summary>
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached.</exception>
    internal async Task<bool?> IsFleetMemberRunningAsync(string member, CancellationToken cancellationToken)
    {
        if (_database.Engine is not Internal.Postgres.PostgresJournalEngine engine)
        {
            return null;
        }

        await using var connection = engine.OpenConnection();
        try
        {
            return await Internal.Postgres.PostgresMemberLock.IsHeldAsync(connection, member, cancellationToken).ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException error)
        {
            throw engine.Translate(error);
        }
    }

    /// <summary>Records that a connector runs as fleet member <paramref name="member"/>, whose client order ids start with <paramref name="orderPrefix"/>.</summary>
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached.</exception>
    internal Task RegisterFleetMemberAsync(string member, string orderPrefix, CancellationToken cancellationToken) =>
        OnFleetAsync(async connection =>
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "INSERT INTO fleet_members (member, order_prefix) VALUES (@member, @prefix) ON CONFLICT (member) DO NOTHING", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter("member", member));
            command.Parameters.Add(new Npgsql.NpgsqlParameter("prefix", orderPrefix));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, 0);

    /// <summary>
    /// The names of the fleet members whose client order ids start with <paramref name="orderPrefix"/> (one, unless two
    /// names share a hash prefix); empty for a SQLite journal, which has no fleet.
    /// </summary>
    /// <exception cref="JournalUnavailableException">PostgreSQL cannot be reached.</exception>
    internal Task<IReadOnlyList<string>> FleetMembersWithPrefixAsync(string orderPrefix, CancellationToken cancellationToken) =>
        OnFleetAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = new Npgsql.NpgsqlCommand("SELECT member FROM fleet_members WHERE order_prefix = @prefix ORDER BY member", connection);
            command.Parameters.Add(new Npgsql.NpgsqlParameter("prefix", orderPrefix));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var members = new List<string>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                members.Add(reader.GetString(0));
            }

            return members;
        }, []);

    // A statement on the fleet's PostgreSQL; on SQLite (no fleet) nothing runs and the answer is <paramref name="none"/>.
    private async Task<T> OnFleetAsync<T>(Func<Npgsql.NpgsqlConnection, Task<T>> run, T none)
    {
        if (_database.Engine is not Internal.Postgres.PostgresJournalEngine engine)
        {
            return none;
        }

        await using var connection = engine.OpenConnection();
        try
        {
            return await run(connection).ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException error)
        {
            throw engine.Translate(error);
        }
    }

    /// <summary>Closes the file (checkpointing the WAL into it) and releases the writer lock.</summary>
    public void Dispose() => _database.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
