using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>
/// Once a refresh is due, a book change that moves nothing the last cycle read skips the cycle when that cycle changed
/// nothing. What time alone changes must still happen on time: a refresh put off for the trading counter goes out as
/// soon as the counter's decay (or the orders' age) lets it, and an order reaching its maximum age is refreshed, exactly
/// as when every book change runs a cycle. Each test drives two strategies through the same script, with and without
/// the skip, and compares what they sent after every step.
/// </summary>
public class PmmUnchangedCycleTests
{
    [Fact]
    public async Task A_refresh_put_off_for_the_trading_counter_goes_out_at_the_same_moment_while_only_deep_levels_change()
    {
        // Starter counter: 60 points, 1 per second; three levels amended twice a second fill it and refreshes are put off.
        Func<PureMarketMakingConfig, PureMarketMakingConfig> config = c => c with
        {
            OrderLevels = 3,
            OrderRefreshTime = TimeSpan.FromSeconds(0.5),
            OrderRefreshTolerance = 0m,
        };
        async Task Script(StrategyHarness h, Action step)
        {
            await FillTheTradingCounterAsync(h, step);

            // The top moves once more, then only the second level's size changes, every 100 ms, with no tick.
            await h.BookAsync([(101.4m, 5m), (100.5m, 5m)], [(101.6m, 5m), (102.5m, 5m)]);
            step();
            for (int i = 0; i < 120; i++)
            {
                await h.BookAsync([(101.4m, 5m), (100.5m, 5m + (i % 2))], [(101.6m, 5m), (102.5m, 5m)]);
                step();
            }
        }

        var (skipping, runningAll) = await BothAsync(config, Script);
        Assert.Equal(runningAll.Steps, skipping.Steps);
        Assert.True(runningAll.Strategy.RefreshesStretched > 0, "refreshes must have been put off");
        Assert.Contains(runningAll.Steps.Skip(25), s => s.Amends > runningAll.Steps[24].Amends); // an amend went out on a deep change
        Assert.True(skipping.Strategy.CyclesRun < runningAll.Strategy.CyclesRun,
            $"cycles must have been skipped: {skipping.Strategy.CyclesRun} with the skip, {runningAll.Strategy.CyclesRun} without");
    }

    [Theory]
    [InlineData(2, -1)]    // the minimum spread off; these walks meet prices at which some levels' proposals equal
    [InlineData(4, -1)]    // their orders (a cheaper refresh): holding every price while put off would send it late
    [InlineData(7, 0.009)] // an order the mid comes within 0.9 % of is cancelled, put off or not
    public async Task A_refresh_put_off_for_the_trading_counter_goes_out_at_the_same_moment_while_the_mid_wanders(int seed, double minimumSpread)
    {
        // Starter counter: 60 points, 1 per second; three levels amended twice a second fill it and refreshes are put off.
        // Then the mid wanders up and down half a tick at a time, a book change every 100 ms and no tick: each move runs
        // a cycle unless the put-off refresh's range of prices holds it.
        Func<PureMarketMakingConfig, PureMarketMakingConfig> config = c => c with
        {
            OrderLevels = 3,
            OrderLevelSpread = 0.001m,
            OrderRefreshTime = TimeSpan.FromSeconds(0.5),
            OrderRefreshTolerance = 0m,
            MinimumSpread = (decimal)minimumSpread,
        };
        async Task Script(StrategyHarness h, Action step)
        {
            await FillTheTradingCounterAsync(h, step);

            var random = new Random(seed);
            decimal mid = 101m;
            for (int i = 0; i < 200; i++)
            {
                mid += (random.Next(3) - 1) * 0.05m;
                await h.MidAsync(mid);
                step();
            }
        }

        var (skipping, runningAll) = await BothAsync(config, Script);
        Assert.Equal(runningAll.Steps, skipping.Steps);
        Assert.True(runningAll.Strategy.RefreshesStretched > 0, "refreshes must have been put off");
        var before = runningAll.Steps[23];
        Assert.Contains(runningAll.Steps.Skip(24), s => s.Places + s.Amends + s.Cancels > before.Places + before.Amends + before.Cancels);
        if (minimumSpread > 0)
        {
            Assert.Contains(runningAll.Steps.Skip(24), s => s.Cancels > before.Cancels);
        }

        Assert.True(skipping.Strategy.CyclesRun < runningAll.Strategy.CyclesRun,
            $"cycles must have been skipped: {skipping.Strategy.CyclesRun} with the skip, {runningAll.Strategy.CyclesRun} without");
    }

    [Fact]
    public async Task Buys_the_mid_falls_below_half_of_while_a_refresh_is_put_off_are_cancelled_at_the_same_moment()
    {
        // The minimum spread off (-1) still cancels a buy above twice the reference. While the counter puts the refresh off,
        // the mid falls to under half the buys' prices: the held range of prices must end there.
        Func<PureMarketMakingConfig, PureMarketMakingConfig> config = c => c with
        {
            OrderLevels = 3,
            OrderLevelSpread = 0.001m,
            OrderRefreshTime = TimeSpan.FromSeconds(0.5),
            OrderRefreshTolerance = 0m,
        };
        async Task Script(StrategyHarness h, Action step)
        {
            await FillTheTradingCounterAsync(h, step);

            for (decimal mid = 99m; mid > 40m; mid -= 2.5m)
            {
                await h.MidAsync(mid);
                step();
            }
        }

        var (skipping, runningAll) = await BothAsync(config, Script);
        Assert.Equal(runningAll.Steps, skipping.Steps);
        Assert.True(runningAll.Strategy.RefreshesStretched > 0, "refreshes must have been put off");
        Assert.True(runningAll.Steps[^1].Cancels > runningAll.Steps[23].Cancels, "buys above twice the mid must have been cancelled");
        Assert.True(skipping.Strategy.CyclesRun < runningAll.Strategy.CyclesRun,
            $"cycles must have been skipped: {skipping.Strategy.CyclesRun} with the skip, {runningAll.Strategy.CyclesRun} without");
    }

    [Fact]
    public async Task An_order_reaching_its_maximum_age_is_refreshed_at_the_same_moment_while_only_deep_levels_change()
    {
        Func<PureMarketMakingConfig, PureMarketMakingConfig> config = c => c with
        {
            OrderRefreshTime = TimeSpan.FromSeconds(1),
            MaxOrderAge = TimeSpan.FromSeconds(3),
            OrderRefreshTolerance = 0.05m,
        };
        async Task Script(StrategyHarness h, Action step)
        {
            await h.TickAsync();
            step();
            // The mid moves within the tolerance (no refresh for it), then only the second level's size changes.
            for (int i = 0; i < 60; i++)
            {
                await h.BookAsync([(100.1m, 5m), (99.5m, 5m + (i % 2))], [(100.3m, 5m), (100.5m, 5m)]);
                step();
            }
        }

        var (skipping, runningAll) = await BothAsync(config, Script);
        Assert.Equal(runningAll.Steps, skipping.Steps);
        Assert.True(runningAll.Steps[^1].Amends + runningAll.Steps[^1].Places > runningAll.Steps[0].Amends + runningAll.Steps[0].Places,
            "orders must have been refreshed for their age");
        Assert.True(skipping.Strategy.CyclesRun < runningAll.Strategy.CyclesRun,
            $"cycles must have been skipped: {skipping.Strategy.CyclesRun} with the skip, {runningAll.Strategy.CyclesRun} without");
    }

    // Twelve seconds of the mid moving a tick every half second with a tick each time: three levels amended that often
    // fill the starter counter (60 points, 1 per second), so the refreshes that follow are put off.
    private static async Task FillTheTradingCounterAsync(StrategyHarness h, Action step)
    {
        for (int i = 0; i < 24; i++)
        {
            await h.MidAsync(i % 2 == 0 ? 100m : 101m);
            await h.TickAsync(0.5);
            step();
        }
    }

    private sealed record Step(DateTimeOffset At, long Places, long Amends, long Cancels, string Orders);

    private sealed record Run(PureMarketMaking Strategy, List<Step> Steps);

    private static async Task<(Run Skipping, Run RunningAll)> BothAsync(Func<PureMarketMakingConfig, PureMarketMakingConfig> config,
        Func<StrategyHarness, Action, Task> script) => (await RunAsync(config, script, skip: true), await RunAsync(config, script, skip: false));

    // What the strategy has sent and holds after each step of the script.
    private static async Task<Run> RunAsync(Func<PureMarketMakingConfig, PureMarketMakingConfig> config, Func<StrategyHarness, Action, Task> script,
        bool skip)
    {
        var (h, s) = await Pmm.StartAsync(config);
        await using var _ = h;
        s.SkipsUnchangedCycles = skip;
        var steps = new List<Step>();
        await script(h, () => steps.Add(new Step(h.Time.GetUtcNow(), s.Places, s.Amends, s.Cancels,
            string.Join(" ", h.Open.Select(o => $"{o.Side} {o.RemainingAmount}@{o.Price}").Order(StringComparer.Ordinal)))));
        return new Run(s, steps);
    }
}
