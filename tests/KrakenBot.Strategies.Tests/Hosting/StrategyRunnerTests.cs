using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;
using static KrakenBot.Strategies.Tests.Kit.StrategyHarness;

namespace KrakenBot.Strategies.Tests.Hosting;

public class StrategyRunnerTests
{
    [Fact]
    public async Task The_runner_ticks_on_the_clock_feeds_fills_from_the_event_stream_and_stops_through_its_loop()
    {
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m }, latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var strategy = new ScriptStrategy
        {
            Start = async ctx => await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid"),
        };
        var driver = new StrategyDriver(kit.Exchange, strategy, new StrategyHostOptions { StrategyId = "live" }, new InMemoryStrategyStateStore(), kit.Time);
        await using var runner = new StrategyRunner(driver, kit.Time);
        await runner.StartAsync();

        kit.Time.Advance(TimeSpan.FromSeconds(1));
        await Until.TrueAsync(() => strategy.Calls.Contains("tick"), () => string.Join(", ", strategy.Calls));
        await kit.Exchange.FlushAsync();
        kit.Market.Print(BtcUsd, 98.9m, 0.5m, OrderSide.Sell);
        await Until.TrueAsync(() => strategy.Calls.Contains("fill bid 0.5"), () => string.Join(", ", strategy.Calls));
        kit.SetBook([(99.8m, 5m)], [(100.2m, 5m)]);
        await Until.TrueAsync(() => strategy.Calls.Contains("book"), () => string.Join(", ", strategy.Calls));

        var snapshot = await runner.SnapshotAsync();
        Assert.Equal(1, snapshot.Pnl.State.Buys);
        await runner.StopAsync();
        await runner.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(StrategyStatus.Stopped, driver.Status);
        Assert.Equal("stop", strategy.Calls[^1]);
        await kit.DisposeAsync();
    }
}
