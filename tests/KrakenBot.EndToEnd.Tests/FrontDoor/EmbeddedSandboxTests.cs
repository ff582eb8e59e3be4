using KrakenBot.Connector;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.MarketData;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.FrontDoor;

/// <summary><c>KrakenConnector.StartSandboxAsync</c>: the front door on an in-process sandbox, signed in to a funded account.</summary>
public sealed class EmbeddedSandboxTests
{
    [Fact]
    public async Task The_embedded_sandbox_front_door_places_and_cancels_an_order_on_a_funded_account()
    {
        string journal;
        await using (var sandbox = await KrakenConnector.StartSandboxAsync(new Dictionary<string, decimal> { ["USD"] = 2_000m }))
        {
            journal = sandbox.Connector.Options.JournalPath!;
            await using var exchange = await sandbox.Connector.ConnectAsync();
            Assert.Equal(2_000m, exchange.Balances["USD"].Total);
            string id = await exchange.PlaceOrderAsync(new OrderRequest(new TradingPair("BTC", "USD"), OrderSide.Buy, OrderType.Limit, 0.01m, 1_000m));
            await Wait.UntilAsync(() => Task.FromResult(exchange.GetOrder(id)?.State == OrderState.Open), "the order open");
            await exchange.CancelOrderAsync(id);
            await Wait.UntilAsync(() => Task.FromResult(exchange.GetOrder(id)?.State == OrderState.Cancelled), "the order cancelled");
        }

        Assert.False(File.Exists(journal), "the embedded sandbox's journal goes with it");
    }
}
