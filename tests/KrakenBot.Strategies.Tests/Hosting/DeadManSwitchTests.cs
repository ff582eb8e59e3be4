using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;
using static KrakenBot.Strategies.Tests.Kit.StrategyHarness;

namespace KrakenBot.Strategies.Tests.Hosting;

public class DeadManSwitchTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_switch_is_armed_while_the_strategy_runs_and_released_only_after_its_orders_are_cancelled(bool fail)
    {
        await using var kit = new PaperTestKit(latency: TimeSpan.FromMilliseconds(100));
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var exchange = new DeadManRecordingExchange(kit.Exchange);
        var strategy = new ScriptStrategy
        {
            Start = async ctx => await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.1m, 99m), "bid"),
            Tick = _ => fail ? throw new InvalidOperationException("broken") : default,
        };
        var driver = new StrategyDriver(exchange, strategy, new StrategyHostOptions { StrategyId = "dms", DeadManSwitchTimeout = TimeSpan.FromSeconds(45) },
            new InMemoryStrategyStateStore(), kit.Time);
        await driver.StartAsync();
        Assert.Equal(["arm 45s"], exchange.Log);

        if (fail)
        {
            await driver.TickAsync();
        }
        else
        {
            await driver.StopAsync();
        }

        Assert.Equal("arm 45s", exchange.Log[0]);
        Assert.StartsWith("cancel ", exchange.Log[1]);
        Assert.Equal("disarm", exchange.Log[2]);
        Assert.Equal(3, exchange.Log.Count);
    }

    [Fact]
    public async Task Without_a_timeout_nothing_is_armed()
    {
        await using var kit = new PaperTestKit();
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var exchange = new DeadManRecordingExchange(kit.Exchange);
        var driver = new StrategyDriver(exchange, new ScriptStrategy(), new StrategyHostOptions { StrategyId = "dms", DeadManSwitchTimeout = null },
            new InMemoryStrategyStateStore(), kit.Time);
        await driver.StartAsync();
        await driver.StopAsync();
        Assert.Empty(exchange.Log);
    }
}
