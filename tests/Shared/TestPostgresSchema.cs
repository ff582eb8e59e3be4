using Npgsql;
using Xunit;

namespace KrakenBot.Tests.Shared;

/// <summary>A fact that needs the test PostgreSQL (<c>KRAKENBOT_TEST_POSTGRES</c>, set by .ci/run): SKIPPED with the reason when unset.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (ConnectionString is null)
        {
            Skip = "KRAKENBOT_TEST_POSTGRES is not set: no PostgreSQL to test against (.ci/run starts one with .ci/postgres).";
        }
    }

    public static string? ConnectionString => Environment.GetEnvironmentVariable("KRAKENBOT_TEST_POSTGRES") is { Length: > 0 } value ? value : null;
}

/// <summary>A schema of its own in the test PostgreSQL for one test's journal, dropped when disposed.</summary>
public sealed class TestPostgresSchema : IAsyncDisposable
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N");

    /// <summary>The journal connection string (its search path is the schema).</summary>
    public string Journal => new NpgsqlConnectionStringBuilder(Server) { SearchPath = _schema }.ToString();

    private static string Server => PostgresFactAttribute.ConnectionString
        ?? throw new InvalidOperationException("KRAKENBOT_TEST_POSTGRES is not set.");

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
