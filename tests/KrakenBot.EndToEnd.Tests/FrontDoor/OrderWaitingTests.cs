using KrakenBot.Connector;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.FrontDoor;

/// <summary><see cref="OrderWaiting.WaitForOrderAsync"/> on the embedded sandbox: an order's outcome, awaited.</summary>
public sealed class OrderWaitingTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");

    [Fact]
    public async Task Waiting_returns_the_order_in_the_state_asked_for_and_names_the_end_it_reached_otherwise()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var sandbox = await KrakenConnector.StartSandboxAsync(cancellationToken: bound.Token);
        await using var exchange = await sandbox.Connector.ConnectAsync(bound.Token);

        string resting = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, 1_000m), bound.Token);
        TrackedOrder open = await exchange.WaitForOrderAsync(resting, OrderState.Open, bound.Token);
        Assert.Equal(resting, open.ClientOrderId);
        Assert.Equal(OrderState.Open, open.State);
        // Already there: answered at once, from the order as it is.
        Assert.Equal(OrderState.Open, (await exchange.WaitForOrderAsync(resting, OrderState.Open, bound.Token)).State);

        // Only our account's next order: the sandbox's synthetic traders place orders on BTC/USD too.
        sandbox.Host.Faults.RefuseOrders("BTC/USD", apiKey: sandbox.ApiKey);
        string refused = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, 1_000m), bound.Token);
        var never = await Assert.ThrowsAsync<InvalidOperationException>(() => exchange.WaitForOrderAsync(refused, OrderState.Open, bound.Token));
        Assert.Contains($"Order {refused} ended Failed", never.Message, StringComparison.Ordinal);
        Assert.Contains("cancel_only", never.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => exchange.WaitForOrderAsync("no-such-order", OrderState.Open, bound.Token));
        Assert.Contains("no-such-order", unknown.Message, StringComparison.Ordinal);

        await exchange.CancelOrderAsync(resting, bound.Token);
        Assert.Equal(OrderState.Cancelled, (await exchange.WaitForOrderAsync(resting, OrderState.Cancelled, bound.Token)).State);
    }
}
