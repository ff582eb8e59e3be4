using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Tests.Shared;
using Npgsql;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// The shared PostgreSQL journal goes away under a running connector (its connections cut, new ones refused): it places
/// nothing it could not journal and says why, the exchange gets no order, and once the journal is back it places again.
/// </summary>
public sealed class JournalOutageTests
{
    [PostgresFact]
    public async Task With_the_postgres_journal_gone_no_order_is_placed_the_error_says_why_and_placing_resumes_when_it_returns()
    {
        await using var schema = new TestPostgresSchema();
        var target = new NpgsqlConnectionStringBuilder(schema.Journal);
        await using var proxy = new CuttableTcpProxy(target.Host!, target.Port);
        string journal = new NpgsqlConnectionStringBuilder(schema.Journal) { Port = proxy.Port, Timeout = 5 }.ToString();

        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync(world.Options(journalPath: journal));
        string before = await exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, before, OrderState.Open);

        proxy.Cut();
        var refused = await Assert.ThrowsAsync<JournalUnavailableException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.2m, 50001m)));
        Assert.Contains("cannot be reached", refused.Message);
        Assert.Contains("nothing is placed until it is back", refused.Message);
        Assert.DoesNotContain(target.Password ?? "no password given", refused.Message);

        // The exchange holds only the order placed before the cut (read on the key as another program would).
        using var observer = new RawKrakenClient(world.Sandbox.RestUri, world.Trader.ApiKey, world.TraderSecret,
            () => (long)world.Sandbox.LastNonce(world.Trader.ApiKey));
        var open = (await observer.PostAsync("OpenOrders")).GetProperty("result").GetProperty("open").EnumerateObject().ToList();
        Assert.Single(open);

        proxy.Restore();
        string after = await PlaceOnceTheJournalAnswersAsync(exchange, OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.3m, 50002m));
        await Until.OrderStateAsync(exchange, after, OrderState.Open);

        await using var reader = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = schema.Journal, ReadOnly = true });
        var account = await reader.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
        var journaled = (await account.Orders.GetOpenAsync()).Select(o => o.ClientOrderId).Order().ToList();
        Assert.Equal(new[] { before, after }.Order(), journaled);
    }

    // Connections the cut broke are found broken on their next use: the first placement after the return may still
    // fail (nothing placed, as above); a caller tries again.
    private static async Task<string> PlaceOnceTheJournalAnswersAsync(Connector.Kraken.KrakenSpotExchange exchange, OrderRequest request)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await exchange.PlaceOrderAsync(request);
            }
            catch (JournalUnavailableException) when (attempt < 5)
            {
            }
        }
    }
}
