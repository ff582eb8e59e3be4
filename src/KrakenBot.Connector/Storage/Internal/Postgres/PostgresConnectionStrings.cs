using Npgsql;

namespace KrakenBot.Connector.Storage.Internal.Postgres;

/// <summary>Tells a PostgreSQL journal (<c>postgres://…</c> or <c>Host=…</c>) from a SQLite path, and reads both forms.</summary>
internal static class PostgresConnectionStrings
{
    /// <summary>The schema the journal's tables go in when the connection string names no <c>Search Path</c>.</summary>
    public const string DefaultSchema = "krakenbot";

    public static bool IsPostgres(string? journal) =>
        journal is not null
        && (journal.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || journal.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || journal.Split(';').Any(part => part.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Npgsql's builder for either form; the URL form is <c>postgres://user:password@host:port/database?key=value</c>.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string journal)
    {
        try
        {
            var builder = journal.Contains("://", StringComparison.Ordinal) ? FromUrl(journal) : new NpgsqlConnectionStringBuilder(journal);
            if (string.IsNullOrWhiteSpace(builder.SearchPath))
            {
                builder.SearchPath = DefaultSchema;
            }

            return builder;
        }
        catch (Exception error) when (error is ArgumentException or UriFormatException or FormatException or KeyNotFoundException)
        {
            throw new JournalException("postgres", "The PostgreSQL journal connection string cannot be read (" + error.Message +
                "). Write it as postgres://user:password@host:5432/database or Host=host;Port=5432;Username=user;Database=database.", error);
        }
    }

    /// <summary>Seconds to connect, when the connection string does not say (Npgsql's default is 15).</summary>
    public const int DefaultConnectTimeout = 5;

    /// <summary>Seconds a statement may run, when the connection string does not say (Npgsql's default is 30).</summary>
    public const int DefaultCommandTimeout = 10;

    /// <summary>
    /// <paramref name="builder"/> with connect and command timeouts a bot can wait out: a journal call runs while an
    /// order waits to be recorded, so a server that stopped answering must be reported in seconds, not waited on.
    /// Values the connection string sets are kept (0, Npgsql's "wait forever", included).
    /// </summary>
    public static NpgsqlConnectionStringBuilder Bounded(NpgsqlConnectionStringBuilder builder)
    {
        var defaults = new NpgsqlConnectionStringBuilder();
        if (builder.Timeout == defaults.Timeout && !Names(builder, "Timeout"))
        {
            builder.Timeout = DefaultConnectTimeout;
        }

        if (builder.CommandTimeout == defaults.CommandTimeout && !Names(builder, "Command Timeout"))
        {
            builder.CommandTimeout = DefaultCommandTimeout;
        }

        return builder;
    }

    // True when the connection string itself gave the keyword (Npgsql's builder answers every known keyword).
    private static bool Names(NpgsqlConnectionStringBuilder builder, string keyword) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.ContainsKey(keyword);

    /// <summary>The database as messages name it: no password, ever.</summary>
    public static string DisplayName(NpgsqlConnectionStringBuilder builder) =>
        $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}?schema={builder.SearchPath}";

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var uri = new Uri(url);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        string[] userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        string database = uri.AbsolutePath.TrimStart('/');
        if (database.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] keyValue = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(keyValue[0])] = keyValue.Length == 2 ? Uri.UnescapeDataString(keyValue[1]) : "";
        }

        return builder;
    }
}
