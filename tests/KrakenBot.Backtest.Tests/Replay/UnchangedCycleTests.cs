using System.Text;
using KrakenBot.Backtest.Replay;
using KrakenBot.Backtest.Reports;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// Pure market making skips the refresh cycle on a book change that moved nothing the last cycle read, when that cycle
/// changed nothing. Replaying the bundled recording with the skip and without it must give the same report, byte for
/// byte, and the same orders sent, for configurations that exercise what a cycle reads: hanging orders, ping-pong,
/// inventory skew, max order age, filled-order delay, minimum spread, and a trading counter that puts refreshes off.
/// </summary>
public sealed class UnchangedCycleTests
{

    public static TheoryData<string> Configurations => ["plain", "hanging_ping_pong", "skew_max_age_min_spread", "counter_bound", "last_price"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task Skipping_unchanged_cycles_changes_nothing_a_replay_does(string name)
    {
        var (reportSkipping, skipping) = await ReplayAsync(name, skip: true);
        var (reportRunningAll, runningAll) = await ReplayAsync(name, skip: false);

        Assert.Equal(reportRunningAll, reportSkipping);
        Assert.Equal((runningAll.Places, runningAll.Amends, runningAll.Cancels), (skipping.Places, skipping.Amends, skipping.Cancels));
        Assert.True(runningAll.Places + runningAll.Amends > 0, "the configuration must trade for the comparison to mean something");
        if (name == "counter_bound")
        {
            Assert.True(runningAll.RefreshesStretched > 0, "refreshes must have been put off for the trading counter");
        }

        Assert.True(skipping.CyclesRun < runningAll.CyclesRun,
            $"the skip must have skipped cycles: {skipping.CyclesRun} run with it, {runningAll.CyclesRun} without");
    }

    private static async Task<(string Report, PureMarketMaking Strategy)> ReplayAsync(string name, bool skip)
    {
        var config = name switch
        {
            "hanging_ping_pong" => BundledRecording.PureMarketMaking() with
            {
                HangingOrdersEnabled = true,
                HangingOrdersCancel = 0.002m,
                PingPongEnabled = true,
                OrderLevels = 2,
                OrderLevelSpread = 0.0002m,
            },
            "skew_max_age_min_spread" => BundledRecording.PureMarketMaking() with
            {
                InventorySkewEnabled = true,
                InventoryTargetBase = 0.3m,
                MaxOrderAge = TimeSpan.FromSeconds(4),
                MinimumSpread = 0.00005m,
                OrderRefreshTolerance = 0.0001m,
                FilledOrderDelay = TimeSpan.FromSeconds(3),
            },
            "counter_bound" => BundledRecording.PureMarketMaking() with { OrderRefreshTime = TimeSpan.FromSeconds(0.1), OrderLevels = 3, OrderLevelSpread = 0.0001m },
            "last_price" => BundledRecording.PureMarketMaking() with { PriceType = PriceType.LastPrice, OrderRefreshTolerance = 0m },
            _ => BundledRecording.PureMarketMaking(),
        };
        var strategy = new PureMarketMaking(config) { SkipsUnchangedCycles = skip };
        var result = await new BacktestEngine(BundledRecording.Options()).RunAsync(strategy, new StrategyHostOptions { StrategyId = "unchanged-" + name });
        return (Encoding.UTF8.GetString(BacktestReport.ToJson(result)), strategy);
    }
}
