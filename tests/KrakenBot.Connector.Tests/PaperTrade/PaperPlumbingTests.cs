using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperPlumbingTests
{
    [Fact]
    public async Task Requests_before_start_are_refused_with_what_to_do()
    {
        await using var kit = new PaperTestKit();
        var error = await Assert.ThrowsAsync<ServiceUnavailableException>(() =>
            kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95m)));
        Assert.Contains("StartAsync", error.Message);
        Assert.False(kit.Exchange.Readiness.IsReady);
    }

    [Theory]
    [InlineData("USD", -1, 0, "cannot be negative")]
    [InlineData("USD", 1, -1, "latency")]
    public void Bad_options_are_refused_when_the_exchange_is_built(string asset, int balance, int latencyMs, string expected)
    {
        var time = new FakeTimeProvider();
        var options = new PaperExchangeOptions
        {
            StartingBalances = new Dictionary<string, decimal> { [asset] = balance },
            Latency = TimeSpan.FromMilliseconds(latencyMs),
        };

        var error = Assert.Throws<ExchangeValidationException>(() =>
            new PaperExchange(new ScriptedMarketData(time), new InMemoryPaperAccountStore(), options, time));
        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_first_start_initializes_the_store_from_the_starting_balances_and_a_later_one_does_not()
    {
        var store = new InMemoryPaperAccountStore();
        await using (var first = await StartedAsync(new Dictionary<string, decimal> { ["USD"] = 123m }, store))
        {
            Assert.Equal(123m, first.Total("USD"));
        }

        await using var second = await StartedAsync(new Dictionary<string, decimal> { ["USD"] = 999m }, store);
        Assert.Equal(123m, second.Total("USD")); // the kept account wins; ResetAccountAsync applies new starting balances
        await second.Exchange.ResetAccountAsync();
        Assert.Equal(999m, second.Total("USD"));
    }
}
