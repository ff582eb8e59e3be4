using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox.Faults;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>The dead man's switch and the live book view.</summary>
public class ExchangeSafetyTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task The_dead_mans_switch_stays_armed_while_healthy_and_cancels_everything_once_the_bot_is_cut_off()
    {
        // Kraken's side of the switch counts down on the sandbox's clock, which moves only when the test says so; the
        // connector re-arms on real time (every third of the timeout), and the test waits for each re-arm to arrive.
        var sandboxClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var world = await SandboxWorld.StartAsync(clock: sandboxClock);
        var timeout = TimeSpan.FromSeconds(3);
        var options = world.Options();
        var exchange = await world.StartExchangeAsync(new Connector.Kraken.KrakenExchangeOptions
        {
            Kraken = options.Kraken, Credentials = options.Credentials, JournalPath = options.JournalPath,
            SocketRequestTimeout = options.SocketRequestTimeout, SocketTransport = options.SocketTransport,
            DeadManSwitch = true, DeadManSwitchTimeout = timeout,
        });
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        Assert.Equal(sandboxClock.GetUtcNow() + timeout, world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey));

        // Healthy: three times two thirds of the timeout pass on Kraken's clock (two timeouts in all), and each time the
        // connector re-arms before it runs out: nothing is cancelled.
        for (int i = 0; i < 3; i++)
        {
            sandboxClock.Advance(timeout * 2 / 3);
            await Until.TrueAsync(() => world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey) == sandboxClock.GetUtcNow() + timeout,
                () => $"re-armed at {sandboxClock.GetUtcNow():HH:mm:ss.fff}; the trigger is {world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey):HH:mm:ss.fff}");
        }
        Assert.Equal(OrderState.Open, exchange.GetOrder(id)!.State);
        Assert.Single(await exchange.Rest.GetOpenOrdersAsync());

        // Cut off: REST down and the socket dropped (it cannot get a token back), so nothing re-arms; then the timeout
        // passes on Kraken's clock and the switch fires.
        world.Sandbox.Faults.FailRest(RestFault.Unavailable);
        world.Sandbox.Faults.DropSockets();
        await Until.TrueAsync(() => !exchange.UserStreamReady, () => "the private socket down");
        sandboxClock.Advance(timeout);
        Assert.Null(world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey));
        // The REST counters decay on the same clock: let them recover before the connector comes back.
        sandboxClock.Advance(TimeSpan.FromMinutes(1));
        world.Sandbox.Faults.Clear();

        // Kraken cancelled the order; back online, the connector learns it (reconnect, then reconciliation).
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
    }

    [Fact]
    public async Task A_watched_book_follows_the_sandbox_book_over_the_public_socket()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 0.2m, 60000m);
        await world.MakerLimitAsync(OrderSide.Sell, 0.3m, 60100m);
        await world.MakerLimitAsync(OrderSide.Buy, 0.5m, 59900m);
        var exchange = await world.StartExchangeAsync();

        var book = await exchange.WatchOrderBookAsync(BtcUsd);
        await Until.TrueAsync(() => book.IsReady, () => "the book's snapshot");

        Assert.Equal(new BookLevel(60000m, 0.2m), book.BestAsk);
        Assert.Equal(new BookLevel(59900m, 0.5m), book.BestBid);
        Assert.Equal(100m, book.Spread);
        Assert.Equal((0.2m * 60000m + 0.3m * 60100m) / 0.5m, book.AveragePriceFor(OrderSide.Buy, 0.5m));
        Assert.Null(book.AveragePriceFor(OrderSide.Buy, 0.6m));
        Assert.Same(book, await exchange.WatchOrderBookAsync(BtcUsd));
        // The private socket's readiness and balance snapshot are handled on its own receive thread: wait, do not race it.
        await Until.TrueAsync(() => exchange.Readiness.IsReady, () => string.Join("; ", exchange.Readiness.Components));

        // An update on the exchange reaches the view (checksum-verified on the way).
        int changes = 0;
        book.Changed += (_, _) => Interlocked.Increment(ref changes);
        await world.MakerLimitAsync(OrderSide.Buy, 0.1m, 59950m);
        // Changed is raised on the receive thread just after the write that readers already see: wait for both.
        await Until.TrueAsync(() => book.BestBid == new BookLevel(59950m, 0.1m) && Volatile.Read(ref changes) > 0,
            () => $"the new best bid and Changed; the best bid is {book.BestBid}, Changed raised {Volatile.Read(ref changes)} times");
        var snapshot = book.GetSnapshot(5);
        Assert.Equal([59950m, 59900m], snapshot.Bids.Select(l => l.Price));
        Assert.Equal([60000m, 60100m], snapshot.Asks.Select(l => l.Price));
    }
}
