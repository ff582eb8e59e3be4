using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using Npgsql;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// Two connectors on one API key and one PostgreSQL journal, calling Kraken in turn (the sandbox checks nonces per key
/// as Kraken does): every private call is accepted, none refused as <c>EAPI:Invalid nonce</c>.
/// </summary>
public sealed class SharedKeyFleetTests
{
    [PostgresFact]
    public async Task Two_connectors_on_one_key_and_one_postgres_journal_never_send_a_stale_nonce()
    {
        string schema = "t_" + Guid.NewGuid().ToString("N");
        string journal = new NpgsqlConnectionStringBuilder(PostgresFactAttribute.ConnectionString!) { SearchPath = schema }.ToString();
        try
        {
            await using var world = await SandboxWorld.StartAsync();
            var first = await world.StartExchangeAsync(world.Options(journalPath: journal));
            var second = await world.StartExchangeAsync(world.Options(journalPath: journal));

            // Calls alternate between the two processes' connectors, each signed with a nonce drawn from PostgreSQL after
            // the previous call's: with a nonce per process (a mark reserved ahead of the clock) the second would be refused.
            // Calls in flight at the same time from two processes can still reach Kraken out of order: not covered here.
            for (int i = 0; i < 6; i++)
            {
                await (i % 2 == 0 ? first : second).Rest.GetOpenOrdersAsync();
            }

            string a = await first.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50000m));
            string b = await second.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.2m, 50001m));
            await Until.OrderStateAsync(first, a, OrderState.Open);
            await Until.OrderStateAsync(second, b, OrderState.Open);
            Assert.Equal(2, (await first.Rest.GetOpenOrdersAsync()).Count);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(PostgresFactAttribute.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

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
