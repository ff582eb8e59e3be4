using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Reads the schema version of a journal file and brings it forward to <see cref="JournalMigrations.Latest"/>.</summary>
internal static class JournalMigrator
{
    private const int ConstraintFailed = 19;

    /// <summary>Applies every missing migration, each in its own transaction. A fresh (empty) file gets all of them.</summary>
    public static void Migrate(SqliteConnection connection, string path, DateTimeOffset now)
    {
        foreach (var migration in JournalMigrations.All)
        {
            // The version is read inside the write transaction, so it cannot change between the check and the step.
            using var transaction = connection.BeginTransaction(deferred: false);
            int version = ReadVersion(connection, transaction, path);
            CheckNotNewer(version, path);
            if (version >= migration.Version)
            {
                transaction.Rollback();
                continue;
            }

            if (version != migration.Version - 1)
            {
                throw new JournalCorruptException(path,
                    $"The journal '{path}' is at schema version {version} but the next step is {migration.Version}: " +
                    "its schema_version table is inconsistent. Move the file aside and restore it from a backup.");
            }

            if (migration.Version == 1)
            {
                JournalSql.Command(connection, transaction,
                    "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT;")
                    .Run();
            }

            try
            {
                JournalSql.Command(connection, transaction, migration.Sql).Run();
            }
            catch (SqliteException error) when (error.SqliteErrorCode == ConstraintFailed)
            {
                // Migrations copy rows into new tables; a row the new rules refuse was edited by hand. The transaction
                // rolls back on dispose, so the file stays exactly as it was.
                throw new JournalCorruptException(path,
                    $"The journal '{path}' could not be upgraded from schema version {version} to {migration.Version} " +
                    $"({migration.Description}): a row breaks the new rules ({error.Message}). Nothing was changed. The file " +
                    "was edited by hand or is damaged: restore it from a backup, or open it with the KrakenBot that wrote it.",
                    error);
            }

            JournalSql.Command(connection, transaction,
                    "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, $d, $at)")
                .With("$v", migration.Version)
                .With("$d", migration.Description)
                .With("$at", JournalValues.ToText(now))
                .Run();
            transaction.Commit();
        }
    }

    /// <summary>For read-only opens: the file must already be at the version this build writes.</summary>
    public static void CheckCurrent(SqliteConnection connection, SqliteTransaction? transaction, string path)
    {
        int version = ReadVersion(connection, transaction, path);
        CheckNotNewer(version, path);
        if (version < JournalMigrations.Latest)
        {
            throw new JournalSchemaException(path, version, JournalMigrations.Latest,
                $"The journal '{path}' is at schema version {version}; this build reads version {JournalMigrations.Latest}. " +
                "Open it once read-write (start the connector or any write command) to upgrade it, then read it again.");
        }
    }

    /// <summary>0 for an empty file; the highest applied version otherwise.</summary>
    public static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction, string path)
    {
        bool anyTable = false;
        bool hasVersionTable = false;
        using (var command = JournalSql.Command(connection, transaction,
                   "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                anyTable = true;
                hasVersionTable |= reader.GetString(0) == "schema_version";
            }
        }

        if (!anyTable)
        {
            return 0;
        }

        if (!hasVersionTable)
        {
            throw new JournalCorruptException(path,
                $"The file '{path}' is a SQLite database but not a KrakenBot journal (it has no schema_version table). " +
                "Nothing was changed. Point the journal at another path, or move this file aside.");
        }

        object? max = JournalSql.Command(connection, transaction, "SELECT MAX(version) FROM schema_version").Scalar();
        if (max is not long version)
        {
            throw new JournalCorruptException(path,
                $"The journal '{path}' has an empty schema_version table, so its layout is unknown. Nothing was changed. " +
                "Move the file aside and restore it from a backup.");
        }

        return checked((int)version);
    }

    private static void CheckNotNewer(int version, string path)
    {
        if (version > JournalMigrations.Latest)
        {
            throw new JournalSchemaException(path, version, JournalMigrations.Latest,
                $"The journal '{path}' was written by a newer KrakenBot (schema version {version}; this build understands " +
                $"up to {JournalMigrations.Latest}). Nothing was changed. Upgrade KrakenBot, or use another journal path " +
                "with this version.");
        }
    }
}
