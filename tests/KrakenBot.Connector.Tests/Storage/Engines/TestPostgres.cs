using Npgsql;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// The throw-away PostgreSQL the tests use, named by <c>KRAKENBOT_TEST_POSTGRES</c> (a connection string; .ci/run
/// starts one with .ci/postgres). Each test gets a schema of its own, dropped afterwards.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "KRAKENBOT_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    public static string? SkipReason => ConnectionString is null
        ? $"{Variable} is not set: no PostgreSQL to test against (.ci/run starts one with .ci/postgres; locally: " +
          $"export {Variable}=\"$(.ci/postgres start /tmp/kb-pg)\")"
        : null;

    /// <summary>A fresh schema name and the journal connection string that puts the journal in it.</summary>
    public static (string Schema, string Journal) NewSchema()
    {
        string schema = "t_" + Guid.NewGuid().ToString("N");
        var builder = new NpgsqlConnectionStringBuilder(Required()) { SearchPath = schema };
        return (schema, builder.ToString());
    }

    /// <summary>Runs a statement outside the journal (to look at or tamper with rows as an operator could).</summary>
    public static async Task<object?> ScalarAsync(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Required()) { SearchPath = schema, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public static Task DropSchemaAsync(string schema) => ScalarAsync("public", $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");

    private static string Required() =>
        ConnectionString ?? throw new InvalidOperationException(SkipReason);
}
