using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>Start-up against the sandbox when parts of it go wrong: refused subscriptions are seen and retried; a start that fails stops all it started.</summary>
public class ExchangeStartTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task A_refused_executions_subscription_shows_in_readiness_and_is_sent_again_until_it_holds()
    {
        await using var world = await SandboxWorld.StartAsync();
        world.Sandbox.Faults.RefuseSubscriptions("executions", int.MaxValue); // until cleared
        var exchange = await world.StartExchangeAsync(world.Options(socketRequestTimeout: TimeSpan.FromSeconds(2)));

        var missing = exchange.Readiness.Components.Single(c => c.Name == "executions_subscription");
        Assert.False(missing.IsReady);
        Assert.Contains("Temporary lockout", missing.Reason);
        Assert.False(exchange.Readiness.IsReady);
        Assert.True(exchange.Readiness.Components.Single(c => c.Name == "balances_subscription").IsReady);

        world.Sandbox.Faults.RefuseSubscriptions("executions", 0); // Kraken takes it again
        await Until.TrueAsync(() => exchange.Readiness.Components.Single(c => c.Name == "executions_subscription").IsReady,
            () => $"the executions subscription held again: {exchange.Readiness}");

        // The stream works: an order's acknowledgement and its fill come through it.
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 60000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await world.MakerMarketAsync(OrderSide.Sell, 0.1m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
    }

    [Fact]
    public async Task A_start_that_fails_part_way_stops_every_loop_it_started()
    {
        await using var world = await SandboxWorld.StartAsync();
        var options = world.Options(deadManSwitch: true, socketRequestTimeout: TimeSpan.FromSeconds(1));
        var logs = new CapturingLoggerFactory();
        var exchange = KrakenSpotExchange.Create(new KrakenExchangeOptions
        {
            Kraken = options.Kraken, Credentials = options.Credentials, JournalPath = options.JournalPath, SocketTransport = options.SocketTransport,
            SocketRequestTimeout = options.SocketRequestTimeout, DeadManSwitch = true,
            ReconcileInterval = TimeSpan.FromSeconds(1), BalanceRefreshGap = TimeSpan.FromMilliseconds(100), LoggerFactory = logs,
        });
        // Every WebSocket answer comes late: the dead-man switch, armed last, cannot be confirmed, and the start fails
        // after the reconciliation and balance loops, the subscriptions and the sockets were all started.
        world.Sandbox.Faults.AckDelay = TimeSpan.FromSeconds(5);
        await Assert.ThrowsAnyAsync<ExchangeException>(() => exchange.StartAsync());
        world.Sandbox.Faults.AckDelay = TimeSpan.Zero;
        ulong after = world.Sandbox.LastNonce(world.Trader.ApiKey);
        int linesAtFailure = logs.Lines.Count;

        // Nothing it started may go on: with a 1 s reconciliation interval, a leftover loop would have called Kraken
        // (a private REST call: a new nonce) or logged its failure several times in this window. Asserting an absence
        // needs a window; it cannot fail by chance, since nothing else uses this key or this logger.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(after, world.Sandbox.LastNonce(world.Trader.ApiKey));
        Assert.Empty(logs.Lines.Skip(linesAtFailure));
        Assert.False(exchange.Readiness.IsReady);

        // And the same journal can be used by a fresh start at once (the failed one let go of it).
        await exchange.DisposeAsync();
        var again = await world.StartExchangeAsync(world.Options());
        Assert.True(again.Readiness.Components.Single(c => c.Name == "executions_subscription").IsReady);
    }
}
