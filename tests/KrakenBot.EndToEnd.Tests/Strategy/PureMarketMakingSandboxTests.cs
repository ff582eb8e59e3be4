using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.State;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Strategy;

/// <summary>Pure market making on the live connector against the sandbox: quotes, amends on a moved book, stops clean.</summary>
public sealed class PureMarketMakingSandboxTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task Pmm_quotes_on_the_live_connector_requotes_by_amend_when_the_book_moves_and_cancels_everything_on_stop()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Buy, 1m, 59900m);
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 60100m);
        var exchange = await world.StartExchangeAsync(world.Options(deadManSwitch: false));
        var strategy = new PureMarketMaking(new PureMarketMakingConfig
        {
            Market = BtcUsd, BidSpread = 0.001m, AskSpread = 0.001m, OrderAmount = 0.01m,
            OrderRefreshTime = TimeSpan.FromSeconds(1), OrderRefreshTolerance = 0m,
        });
        var driver = new StrategyDriver(exchange, strategy, new StrategyHostOptions { StrategyId = "pmm-e2e", TickInterval = TimeSpan.FromMilliseconds(200) },
            new JournalStrategyStateStore(exchange.Journal!));
        await using var runner = new StrategyRunner(driver);
        await runner.StartAsync();

        await Until.TrueAsync(() => exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 2, () => "two quotes resting");
        var first = exchange.OpenOrders.OrderBy(o => o.Request.Side).ToList();
        Assert.Equal([59940.0m, 60060.0m], first.Select(o => o.Request.Price!.Value));
        Assert.All(first, o => Assert.Equal("kb:pmm-e2e", o.Request.ClientTag));

        await world.MakerLimitAsync(OrderSide.Buy, 1m, 60050m); // mid 60075: bid 60014.9, ask 60135.1
        await Until.TrueAsync(async () =>
        {
            var open = await exchange.Rest.GetOpenOrdersAsync();
            return open.Count(o => o.Description.Price?.Absolute is 60014.9m or 60135.1m) == 2;
        }, () => $"the sandbox shows the amended quotes; connector: {string.Join(", ", exchange.OpenOrders.Select(o => o.Request.Price))}");

        Assert.Equal(first.Select(o => o.ClientOrderId).Order(), exchange.OpenOrders.Select(o => o.ClientOrderId).Order()); // the same orders
        Assert.True(strategy.Amends >= 2);
        Assert.Equal(0, strategy.Cancels);

        await runner.StopAsync();
        await Until.TrueAsync(async () => (await exchange.Rest.GetOpenOrdersAsync()).Count == 0, () => "none of the trader's orders left on the sandbox");
        Assert.Equal(StrategyStatus.Stopped, driver.Status);
    }

    [Fact]
    public async Task The_live_connector_arms_and_releases_the_dead_man_switch_on_demand_and_reports_the_trading_counter()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        Assert.Null(world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey));

        var lease = await ((IDeadManSwitchControl)exchange).ArmDeadManSwitchAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey));
        await lease.DisposeAsync();
        Assert.Null(world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey));

        var counter = (ITradingRateCounter)exchange;
        var start = counter.GetTradingCounter(BtcUsd);
        Assert.Equal((0m, 180m, 3.75m), (start.Level, start.Max, start.DecayPerSecond));
        // Each order adds 1 and the counter decays 3.75 a second: the level read lies between what ten orders add less
        // the decay of the time that really passed, and ten. Bounds from the measured time, so a slow machine cannot fail it.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var ids = new List<string>();
        for (int i = 0; i < 10; i++)
            ids.Add(await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, 50000m - i)));
        foreach (var id in ids) await Until.OrderStateAsync(exchange, id, OrderState.Open); // each charged once sent
        decimal level = counter.GetTradingCounter(BtcUsd).Level;
        decimal decayed = 3.75m * (decimal)watch.Elapsed.TotalSeconds;
        Assert.InRange(level, Math.Max(0m, 10m - decayed), 10m);
        Assert.True(level > 0m || decayed >= 10m, $"level {level} after 10 orders in {watch.Elapsed}");
    }
}
