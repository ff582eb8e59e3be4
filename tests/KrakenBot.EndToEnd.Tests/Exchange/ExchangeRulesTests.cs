using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Sandbox.Market;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// Trading rules follow the <c>instrument</c> channel: a pair's status set on the sandbox reaches the exchange's rules,
/// its events and its validation, so an order the market would refuse is refused here, with nothing sent.
/// </summary>
public class ExchangeRulesTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task A_pair_set_to_cancel_only_refuses_new_orders_before_sending_and_still_cancels_resting_ones()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var events = new EventLog(exchange);
        Assert.Equal(MarketStatus.Online, exchange.GetTradingRule(BtcUsd).Status);
        string resting = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, resting, OrderState.Open);

        world.Sandbox.Faults.SetPairStatus("XBTUSD", TradingStatus.CancelOnly);
        await Until.TrueAsync(() => exchange.GetTradingRule(BtcUsd).Status == MarketStatus.CancelOnly,
            () => $"BTC/USD cancel_only in the exchange's rules; it is {exchange.GetTradingRule(BtcUsd).Status}");

        Assert.Contains(exchange.TradingRules, rule => rule.Pair == BtcUsd && rule.Status == MarketStatus.CancelOnly);
        var changed = Assert.Single(events.Of<TradingRuleChanged>(), e => e.Rule.Pair == BtcUsd);
        Assert.Equal(MarketStatus.CancelOnly, changed.Rule.Status);

        var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m)));
        Assert.Contains("accepts cancels only, no new orders", ex.Message);
        Assert.Single(exchange.OpenOrders);
        Assert.Single(await exchange.Rest.GetOpenOrdersAsync());

        // Cancels are what the market still takes.
        await exchange.CancelOrderAsync(resting);
        await Until.OrderStateAsync(exchange, resting, OrderState.Cancelled);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
        Assert.Equal(1, (await exchange.Rest.GetClosedOrdersAsync()).TotalCount);
    }

    [Fact]
    public async Task A_pair_set_to_post_only_takes_only_limit_maker_orders_until_it_is_back_online()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();

        world.Sandbox.Faults.SetPairStatus("BTC/USD", TradingStatus.PostOnly);
        await Until.TrueAsync(() => exchange.GetTradingRule(BtcUsd).Status == MarketStatus.PostOnly,
            () => $"BTC/USD post_only in the exchange's rules; it is {exchange.GetTradingRule(BtcUsd).Status}");

        var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() =>
            exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m)));
        Assert.Contains("accepts post-only orders only", ex.Message);
        await ExchangeInputTests.AssertNothingPlacedAsync(world, exchange);

        // Restarted on the same journal: the rules come from AssetPairs, then the instrument snapshot, and still say post_only.
        exchange = await world.StartExchangeAsync();
        await Until.TrueAsync(() => exchange.GetTradingRule(BtcUsd).Status == MarketStatus.PostOnly,
            () => $"BTC/USD post_only after a restart; it is {exchange.GetTradingRule(BtcUsd).Status}");
        string maker = await exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, maker, OrderState.Open);

        world.Sandbox.Faults.SetPairStatus("BTC/USD", TradingStatus.Online);
        await Until.TrueAsync(() => exchange.GetTradingRule(BtcUsd).Status == MarketStatus.Online,
            () => $"BTC/USD online again; it is {exchange.GetTradingRule(BtcUsd).Status}");
        string limit = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, limit, OrderState.Open);
    }
}
