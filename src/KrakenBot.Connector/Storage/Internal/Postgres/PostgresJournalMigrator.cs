using Npgsql;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>
/// Brings a PostgreSQL journal schema forward to <see cref="PostgresJournalMigrations.Latest"/>, in one transaction
/// under an advisory lock, so bots starting together migrate once; refuses a schema written by a newer KrakenBot.
/// </summary>
internal static class PostgresJournalMigrator
{
    public static void Migrate(NpgsqlConnection connection, string schema, string name, DateTimeOffset now)
    {
        using var transaction = connection.BeginTransaction();
        Run(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext('krakenbot.journal.migrate:' || @schema))", ("@schema", schema));
        Run(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}");
        Run(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
        int version = ReadVersion(connection, transaction);
        CheckNotNewer(version, name);
        foreach (var migration in PostgresJournalMigrations.All.Where(m => m.Version > version))
        {
            Run(connection, transaction, migration.Sql);
            Run(connection, transaction, "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @at)",
                ("@v", (long)migration.Version), ("@d", migration.Description), ("@at", JournalValues.ToText(now)));
        }

        transaction.Commit();
    }

    /// <summary>For read-only opens: the schema must already be at the version this build writes.</summary>
    public static void CheckCurrent(NpgsqlConnection connection, string schema, string name)
    {
        using var transaction = connection.BeginTransaction();
        bool exists = (bool)new NpgsqlCommand("SELECT to_regclass(quote_ident(@schema) || '.schema_version') IS NOT NULL", connection, transaction)
        {
            Parameters = { new NpgsqlParameter("@schema", schema) },
        }.ExecuteScalar()!;
        int version = exists ? ReadVersion(connection, transaction) : 0;
        CheckNotNewer(version, name);
        if (version < PostgresJournalMigrations.Latest)
        {
            throw new JournalSchemaException(name, version, PostgresJournalMigrations.Latest,
                $"The journal '{name}' is at schema version {version}; this build reads version {PostgresJournalMigrations.Latest}. " +
                "Open it once read-write (start the connector or any write command) to create or upgrade it, then read it again.");
        }
    }

    private static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction transaction) =>
        new NpgsqlCommand("SELECT MAX(version) FROM schema_version", connection, transaction).ExecuteScalar() is long version
            ? checked((int)version)
            : 0;

    private static void CheckNotNewer(int version, string name)
    {
        if (version > PostgresJournalMigrations.Latest)
        {
            throw new JournalSchemaException(name, version, PostgresJournalMigrations.Latest,
                $"The journal '{name}' was written by a newer KrakenBot (schema version {version}; this build understands " +
                $"up to {PostgresJournalMigrations.Latest}). Nothing was changed. Upgrade KrakenBot, or point this bot at " +
                "another database or schema.");
        }
    }

    private static void Run(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        command.ExecuteNonQuery();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
