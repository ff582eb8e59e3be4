using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Sandbox.Market;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// What Kraken says no to, or changes, without an order changing hands: a refused cancel (<see cref="OrderCancelRejected"/>)
/// and the exchange's system status (<see cref="MarketStatusChanged"/>), each raised once with what Kraken said.
/// </summary>
public class ExchangeNoticeTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task A_cancel_Kraken_refuses_puts_the_order_back_open_and_is_raised_with_Krakens_reason()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var events = new EventLog(exchange);
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);

        // Under maintenance the sandbox's engine refuses cancels, as Kraken does.
        world.Sandbox.Faults.SetPairStatus("XBTUSD", TradingStatus.Maintenance);
        var refusal = await Assert.ThrowsAnyAsync<ExchangeException>(() => exchange.CancelOrderAsync(id));

        Assert.Equal(OrderState.Open, exchange.GetOrder(id)!.State);
        var rejected = Assert.Single(events.Of<OrderCancelRejected>());
        Assert.Equal(id, rejected.Order.ClientOrderId);
        Assert.Equal(OrderState.Open, rejected.Order.State);
        Assert.Equal(refusal.Message, rejected.Reason);
        Assert.Contains("EService:Unavailable", rejected.Reason);
        Assert.Empty(events.For<OrderCancelled>(id));

        // Back online, the same order cancels, and nothing more is rejected.
        world.Sandbox.Faults.SetPairStatus("XBTUSD", TradingStatus.Online);
        await exchange.CancelOrderAsync(id);
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);
        Assert.Single(events.Of<OrderCancelRejected>());
    }

    [Fact]
    public async Task Maintenance_and_the_return_online_are_each_raised_once_and_a_start_while_online_raises_nothing()
    {
        await using var world = await SandboxWorld.StartAsync();
        await using var exchange = KrakenSpotExchange.Create(world.Options());
        var events = new EventLog(exchange); // from before the start: Kraken's status on connect is seen
        await exchange.StartAsync();
        // Anything raised at start is delivered before an order placed after it is created.
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        Assert.Empty(events.Of<MarketStatusChanged>());

        world.Sandbox.Faults.SystemStatus = TradingStatus.Maintenance;
        await Until.TrueAsync(() => events.Of<MarketStatusChanged>().Count == 1, () => "maintenance to be raised");
        Assert.Equal("maintenance", events.Of<MarketStatusChanged>()[0].Status);

        world.Sandbox.Faults.SystemStatus = TradingStatus.Online;
        await Until.TrueAsync(() => events.Of<MarketStatusChanged>().Count == 2, () => "the return online to be raised");
        Assert.Equal(["maintenance", "online"], events.Of<MarketStatusChanged>().Select(e => e.Status));
    }
}
