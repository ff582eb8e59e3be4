using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// Orders sent over REST (the private socket unreachable) whose request is slow on its way to the matching engine:
/// the deadline they carry decides whether Kraken may still take them, and the connector settles a lost reply only by
/// looking the order up after that deadline. Nothing orphaned, nothing sent twice.
/// </summary>
public class ExchangeOrderDeadlineTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(6);

    // The private socket points at a closed port (REST carries every order) and REST gives up after 1 s.
    private static KrakenExchangeOptions RestOnly(SandboxWorld world)
    {
        var options = world.Options();
        var kraken = SandboxWorld.KrakenOptionsFor(world.Sandbox);
        kraken.WebSocketAuthUrl = new Uri("ws://127.0.0.1:9/v2");
        kraken.RequestTimeout = TimeSpan.FromSeconds(1);
        return new KrakenExchangeOptions
        {
            Kraken = kraken, Credentials = options.Credentials, JournalPath = options.JournalPath, OrderDeadline = Deadline,
            SocketTransport = options.SocketTransport,
        };
    }

    [Fact]
    public async Task An_order_held_in_transit_but_within_its_deadline_is_found_tracked_and_its_fill_recorded()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync(RestOnly(world));
        var log = new EventLog(exchange);
        // Reaches the engine 2 s after it was sent: well inside its 6 s deadline, long after the 1 s REST timeout.
        world.Sandbox.Faults.HoldOrderRequests(TimeSpan.FromSeconds(2));

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.2m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);

        var onKraken = Assert.Single(await exchange.Rest.GetOpenOrdersAsync());
        Assert.Equal(id, onKraken.ClientOrderId);
        Assert.Equal(onKraken.TxId, exchange.GetOrder(id)!.ExchangeOrderId);
        Assert.Equal(0, (await exchange.Rest.GetClosedOrdersAsync()).TotalCount); // sent once: no second order, open or closed

        await world.MakerMarketAsync(OrderSide.Sell, 0.2m);
        await exchange.ReconcileAsync(); // no user stream: fills arrive by reconciliation
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        Assert.Single(log.For<FillRecorded>(id));
        Assert.Empty(log.For<OrderFailed>(id));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task An_order_that_reaches_the_engine_after_its_deadline_is_refused_there_and_failed_here_only_after_the_deadline()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync(RestOnly(world));
        decimal usdBefore = exchange.Balances["USD"].Available;
        // Reaches the engine 8 s after it was sent, past its 6 s deadline.
        world.Sandbox.Faults.HoldOrderRequests(TimeSpan.FromSeconds(8));
        var sentAt = DateTimeOffset.UtcNow;

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.2m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Failed);
        var failedAt = DateTimeOffset.UtcNow;
        // Declared never placed only once Kraken could no longer take it.
        Assert.True(failedAt - sentAt >= Deadline, $"failed after {(failedAt - sentAt).TotalSeconds:0.0} s, before its {Deadline.TotalSeconds} s deadline");

        // Once the held request did reach the engine, it was refused for its deadline: no order exists that we do not track.
        await Until.TrueAsync(() => world.Sandbox.Faults.HeldOrderRequestsReleased == 1, () => "the held request processed");
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
        Assert.Equal(0, (await exchange.Rest.GetClosedOrdersAsync()).TotalCount);
        await Until.TrueAsync(() => exchange.Balances["USD"].Available == usdBefore, () => $"the hold released (available {exchange.Balances["USD"].Available}, was {usdBefore})");
    }
}
