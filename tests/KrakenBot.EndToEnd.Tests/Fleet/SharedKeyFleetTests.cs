using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// Connectors on one API key and one PostgreSQL journal (each with its own connections, as separate processes would
/// have), calling Kraken in turn and all at once (the sandbox checks nonces per key as Kraken does): every private call
/// is accepted, none refused as <c>EAPI:Invalid nonce</c>.
/// </summary>
public sealed class SharedKeyFleetTests
{
    [PostgresFact]
    public async Task Two_connectors_on_one_key_and_one_postgres_journal_never_send_a_stale_nonce()
    {
        await using var schema = new TestPostgresSchema();
        string journal = schema.Journal;
        await using var world = await SandboxWorld.StartAsync();
        var first = await world.StartExchangeAsync(world.Options(journalPath: journal));
        var second = await world.StartExchangeAsync(world.Options(journalPath: journal));

        // Calls alternate between the two processes' connectors, each signed with a nonce drawn from PostgreSQL after
        // the previous call's: with a nonce per process (a mark reserved ahead of the clock) the second would be refused.
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

    [PostgresFact]
    public async Task Three_connectors_on_one_key_firing_private_calls_at_once_never_send_a_stale_nonce()
    {
        await using var schema = new TestPostgresSchema();
        string journal = schema.Journal;
        await using var world = await SandboxWorld.StartAsync();
        var connectors = new List<KrakenSpotExchange>();
        for (int i = 0; i < 3; i++)
        {
            connectors.Add(await world.StartExchangeAsync(world.Options(journalPath: journal)));
        }

        // 30 order checks in flight at once (AddOrder is never retried on a refused nonce, and uses no REST budget):
        // values drawn in order from PostgreSQL still reach the sandbox in any order unless each waits its turn.
        var calls = connectors.SelectMany((connector, c) => Enumerable.Range(0, 10).Select(i => Task.Run(() => connector.Rest.AddOrderAsync(
            new KrakenOrderRequest
            {
                Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.01m, Price = 40000m + c * 100 + i,
                ValidateOnly = true,
            })))).ToList();
        var outcomes = await Task.WhenAll(calls.Select(async call =>
        {
            try
            {
                await call;
                return "accepted";
            }
            catch (InvalidNonceException error)
            {
                return error.ExchangeError ?? error.Message;
            }
        }));

        Assert.All(outcomes, outcome => Assert.Equal("accepted", outcome));
        foreach (var connector in connectors)
        {
            Assert.Empty(await connector.Rest.GetOpenOrdersAsync()); // only checked, never placed; the key still works
        }
    }

    [PostgresFact]
    public async Task Three_connectors_on_one_key_reading_at_once_stay_under_the_keys_rest_counter_together()
    {
        await using var schema = new TestPostgresSchema();
        string journal = schema.Journal;
        await using var world = await SandboxWorld.StartAsync();
        var connectors = new List<KrakenSpotExchange>();
        for (int i = 0; i < 3; i++)
        {
            var options = world.Options(journalPath: journal);
            options.Kraken.MaxReadAttempts = 1; // a refusal for the rate limit is reported, not retried away
            connectors.Add(await world.StartExchangeAsync(options));
        }

        // 24 reads at once, 8 per connector: each fits its own view of Pro's counter (20), the three together do not;
        // on one shared counter the later ones wait for it to decay instead of being refused by the sandbox.
        var outcomes = await Task.WhenAll(connectors.SelectMany(connector => Enumerable.Range(0, 8).Select(async _ =>
        {
            try
            {
                await connector.Rest.GetOpenOrdersAsync();
                return "accepted";
            }
            catch (RateLimitException error)
            {
                return error.Message;
            }
        })));

        Assert.All(outcomes, outcome => Assert.Equal("accepted", outcome));
    }
}
