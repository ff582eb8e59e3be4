using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// A real account carries orders the trader placed on Kraken's website: a trailing stop protecting a position, a
/// stop-limit to buy a breakout. The connector starts next to them, lists them with their real type and trigger,
/// counts their holds, and never amends or cancels them unless asked for that order.
/// </summary>
public class ExchangeReadOnlyOrderTests
{
    [Fact]
    public async Task Stops_placed_on_the_website_are_adopted_read_only_held_and_left_alone_by_cancel_all()
    {
        await using var world = await SandboxWorld.StartAsync();
        using var website = new RawKrakenClient(world.Sandbox.RestUri, world.Trader.ApiKey, world.TraderSecret);
        string trailing = await PlaceAsync(website, ("type", "sell"), ("ordertype", "trailing-stop"), ("price", "+50%"), ("volume", "0.5"));
        string stopLimit = await PlaceAsync(website, ("type", "buy"), ("ordertype", "stop-loss-limit"), ("price", "66000"), ("price2", "66100"),
            ("volume", "0.1"), ("trigger", "index"));

        var exchange = await world.StartExchangeAsync();

        var stop = exchange.OpenOrders.Single(o => o.ExchangeOrderId == trailing);
        Assert.True(stop.IsReadOnly);
        Assert.Equal(OrderType.TrailingStop, stop.Request.Type);
        Assert.Equal(OrderSide.Sell, stop.Request.Side);
        Assert.Equal(new OrderTrigger("+50.0000%", null, "last"), stop.Request.Trigger);
        var breakout = exchange.OpenOrders.Single(o => o.ExchangeOrderId == stopLimit);
        Assert.Equal(OrderType.StopLossLimit, breakout.Request.Type);
        Assert.Equal(66100.0m, breakout.Request.Price);
        Assert.Equal(new OrderTrigger("66000.0", "66100.0", "index"), breakout.Request.Trigger);
        // Their holds count: the connector's balances equal Kraken's (hold_trade) for both assets.
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.Equal(0.5m, exchange.Balances["BTC"].Held);

        // Never amended; a cancel-all of the bot's orders leaves them on the book.
        await Assert.ThrowsAsync<ExchangeValidationException>(() => exchange.AmendOrderAsync(stop.ClientOrderId, newAmount: 0.4m));
        string mine = await exchange.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.2m, 59000m));
        await Until.OrderStateAsync(exchange, mine, OrderState.Open);
        Assert.Equal(1, await exchange.CancelAllAsync());
        await Until.OrderStateAsync(exchange, mine, OrderState.Cancelled);
        var stillOpen = (await exchange.Rest.GetOpenOrdersAsync()).Select(o => o.TxId).Order().ToList();
        Assert.Equal(new[] { trailing, stopLimit }.Order().ToList(), stillOpen);

        // Asked for by its own id, it is cancelled, and its hold released.
        await exchange.CancelOrderAsync(stop.ClientOrderId);
        await Until.OrderStateAsync(exchange, stop.ClientOrderId, OrderState.Cancelled);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.Equal(0m, exchange.Balances["BTC"].Held);

        // After a restart from the journal, the stop-limit is still known with its trigger.
        await exchange.StopAsync();
        var restarted = await world.StartExchangeAsync();
        Assert.Equal(breakout.Request.Trigger, restarted.OpenOrders.Single(o => o.ExchangeOrderId == stopLimit).Request.Trigger);
    }

    private static async Task<string> PlaceAsync(RawKrakenClient client, params (string, string)[] fields)
    {
        var reply = await client.PostAsync("AddOrder", [("pair", "XBTUSD"), .. fields]);
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
        return reply.GetProperty("result").GetProperty("txid")[0].GetString()!;
    }
}
