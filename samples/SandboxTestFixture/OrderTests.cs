using KrakenBot.Connector.Trading;
using Xunit;

namespace SandboxTestFixture;

/// <summary>Tests of trading code against the sandbox fixture: real HTTP and WebSockets, on 127.0.0.1 only.</summary>
public sealed class OrderTests(SandboxFixture fixture) : IClassFixture<SandboxFixture>
{
    private static readonly TradingPair BtcUsd = TradingPair.Parse("BTC-USD");

    // Every wait is bounded: a broken exchange fails the test instead of hanging it.
    private static CancellationToken Bounded => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task A_resting_buy_holds_its_cost_until_it_is_cancelled()
    {
        IExchange exchange = fixture.Exchange;
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount: 0.01m, price: 1_000m));
        await exchange.WaitForOrderAsync(id, OrderState.Open, Bounded);
        Assert.True(exchange.Balances["USD"].Held >= 10m, $"0.01 BTC at 1,000 USD holds at least 10 USD: {exchange.Balances["USD"]}");

        await exchange.CancelOrderAsync(id);
        await exchange.WaitForOrderAsync(id, OrderState.Cancelled, Bounded);
        Assert.Equal(2_000m, exchange.Balances["USD"].Available);
    }

    [Fact]
    public async Task An_order_the_exchange_refuses_fails_with_its_reason()
    {
        IExchange exchange = fixture.Exchange;
        // Only our account's next order: the sandbox's synthetic traders place orders on BTC/USD too.
        fixture.Sandbox.Host.Faults.RefuseOrders("BTC/USD", count: 1, apiKey: fixture.Sandbox.ApiKey);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount: 0.01m, price: 1_000m));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => exchange.WaitForOrderAsync(id, OrderState.Open, Bounded));

        Assert.Equal(OrderState.Failed, exchange.GetOrder(id)!.State);
        Assert.Contains("cancel_only", error.Message, StringComparison.Ordinal);
    }
}
