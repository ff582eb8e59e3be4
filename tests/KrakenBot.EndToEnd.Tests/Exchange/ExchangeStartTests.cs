using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>Start-up against the sandbox when parts of it go wrong: refused subscriptions are seen and retried; a start that fails stops all it started.</summary>
public class ExchangeStartTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Theory]
    [InlineData("executions", "balances")]
    [InlineData("balances", "executions")]
    public async Task A_refused_private_subscription_shows_in_readiness_and_is_sent_again_until_it_holds(string refused, string other)
    {
        await using var world = await SandboxWorld.StartAsync();
        world.Sandbox.Faults.RefuseSubscriptions(refused, int.MaxValue); // until cleared
        var exchange = await world.StartExchangeAsync(world.Options(socketRequestTimeout: TimeSpan.FromSeconds(2)));

        var missing = exchange.Readiness.Components.Single(c => c.Name == $"{refused}_subscription");
        Assert.False(missing.IsReady);
        Assert.Contains("Temporary lockout", missing.Reason);
        Assert.False(exchange.Readiness.IsReady);
        Assert.True(exchange.Readiness.Components.Single(c => c.Name == $"{other}_subscription").IsReady);

        world.Sandbox.Faults.RefuseSubscriptions(refused, 0); // Kraken takes it again
        await Until.TrueAsync(() => exchange.Readiness.Components.Single(c => c.Name == $"{refused}_subscription").IsReady,
            () => $"the {refused} subscription held again: {exchange.Readiness}");
        await Until.TrueAsync(() => exchange.Readiness.IsReady, () => $"the connector ready: {exchange.Readiness}");

        // The streams work: an order's acknowledgement and its fill come through, and the balances follow.
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 60000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await world.MakerMarketAsync(OrderSide.Sell, 0.1m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task A_start_that_fails_part_way_stops_every_loop_it_started()
    {
        await using var world = await SandboxWorld.StartAsync();
        var options = world.Options(deadManSwitch: true, socketRequestTimeout: TimeSpan.FromSeconds(1));
        var clock = new TimerCountingClock();
        var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = options.Kraken, Credentials = options.Credentials, JournalPath = options.JournalPath, SocketTransport = options.SocketTransport,
            SocketRequestTimeout = options.SocketRequestTimeout, DeadManSwitch = true,
            ReconcileInterval = TimeSpan.FromSeconds(1), BalanceRefreshGap = TimeSpan.FromMilliseconds(100),
            TimeProvider = clock,
        });
        // Every WebSocket answer comes late: the dead-man switch, armed last, cannot be confirmed, and the start fails
        // after the reconciliation and balance loops, the subscriptions and the sockets were all started.
        world.Sandbox.Faults.AckDelay = TimeSpan.FromSeconds(5);
        await Assert.ThrowsAnyAsync<ExchangeException>(() => exchange.StartAsync());
        world.Sandbox.Faults.AckDelay = TimeSpan.Zero;

        // Every loop of the connector waits on its clock (delays, periodic timers, timeouts) or on a socket. With no
        // timer of its clock left and no socket open, nothing it started can ever run again: no window to wait out.
        Assert.True(clock.PeakLiveTimers >= 3, $"only {clock.PeakLiveTimers} timers were ever alive: the loops did not start");
        await Until.TrueAsync(() => clock.LiveTimers == 0 && world.Sandbox.OpenWebSockets == 0,
            () => $"the failed start to let go of everything: {clock.LiveTimers} timers alive, {world.Sandbox.OpenWebSockets} sockets open");
        Assert.False(exchange.Readiness.IsReady);

        // And the same journal can be used by a fresh start at once (the failed one let go of it).
        await exchange.DisposeAsync();
        var again = await world.StartExchangeAsync(world.Options());
        Assert.True(again.Readiness.Components.Single(c => c.Name == "executions_subscription").IsReady);
    }

    [Fact]
    public async Task A_start_cancelled_in_the_private_streams_stops_them_and_lets_go_of_the_account_link_and_journal_started_before()
    {
        await using var world = await SandboxWorld.StartAsync();
        var options = world.Options();
        var clock = new TimerCountingClock();
        var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = options.Kraken, Credentials = options.Credentials, JournalPath = options.JournalPath, SocketTransport = options.SocketTransport,
            SocketRequestTimeout = TimeSpan.FromMinutes(10), TimeProvider = clock,
        });
        // The executions subscription is refused until cleared: the start waits in the private streams, with the
        // journal open, the REST client and nonces in use, and the private socket connected.
        world.Sandbox.Faults.RefuseSubscriptions("executions", int.MaxValue);
        using var cancel = new CancellationTokenSource();
        var start = exchange.StartAsync(cancel.Token);
        await Until.TrueAsync(() => world.Sandbox.OpenWebSockets == 1 || start.IsCompleted,
            () => $"the private socket to connect ({world.Sandbox.OpenWebSockets} open)");
        Assert.False(start.IsCompleted, "the start should still be waiting for its executions subscription");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start);
        world.Sandbox.Faults.RefuseSubscriptions("executions", 0);

        // The public socket was never opened, the private one is closed, and none of the loops' timers is left.
        await Until.TrueAsync(() => clock.LiveTimers == 0 && world.Sandbox.OpenWebSockets == 0,
            () => $"the cancelled start to let go of everything: {clock.LiveTimers} timers alive, {world.Sandbox.OpenWebSockets} sockets open");
        Assert.Equal("not started: call StartAsync", exchange.Readiness.Components.Single().Reason);

        // The journal was closed: a fresh start takes it at once, and draws nonces above every one the failed start used.
        await exchange.DisposeAsync();
        var again = await world.StartExchangeAsync(world.Options());
        Assert.True(again.Readiness.IsReady, again.Readiness.ToString());
    }
}
