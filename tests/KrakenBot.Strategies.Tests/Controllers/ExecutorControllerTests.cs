using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Controllers;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Controllers;

/// <summary>
/// One controller owning two long position executors on the scripted paper BTC-USD market (taker 0.40 %): "a" buys
/// 0.1 BTC and "b" 0.2 BTC at the ask 100.1. When the book falls to 97 / 97.2, a's open P&amp;L (valued at the bid) is
/// 9.7 − 10.01 − 0.04004 = −0.35004 and b's −0.70008; closed at 97, each also pays the 0.40 % closing fee
/// (a: −0.38884, b: −0.77768).
/// </summary>
public sealed class ExecutorControllerTests
{
    private const decimal LossA = 9.7m - 10.01m - 0.04004m - 0.0388m;
    private const decimal LossB = 2 * LossA;

    private static PositionExecutor Long(string id, decimal amount) => new(id, new PositionExecutorConfig
    {
        Pair = StrategyHarness.BtcUsd, Side = OrderSide.Buy, Amount = amount,
        Barrier = new TripleBarrier { OpenOrderType = OrderType.Market, TakeProfit = 0.5m },
    });

    [Fact]
    public async Task An_executor_past_its_drawdown_limit_is_stopped_and_closed_while_the_other_runs_on()
    {
        var controller = new ExecutorController(new ExecutorControllerConfig
        {
            Executors = [Long("a", 0.1m), Long("b", 0.2m)], MaxExecutorDrawdownQuote = 0.5m, MaxGlobalDrawdownQuote = 5m,
        });
        await using var h = await StrategyHarness.StartAsync(controller, new StrategyHostOptions { StrategyId = "ctl" });
        Assert.Equal([0.1m, 0.2m], controller.Executors.Select(e => e.Ledger.Position)); // each entry filled, each its own

        await h.BookAsync([(97m, 5m), (96.6m, 5m)], [(97.2m, 5m), (97.6m, 5m)]);
        var b = controller.Executors[1];
        for (int i = 0; i < 20 && !b.IsDone; i++) await h.TickAsync(0.5);

        Assert.Equal(CloseType.EarlyStop, b.ClosedAs);
        Assert.Equal(0m, b.Ledger.Position);
        Assert.Equal(LossB, b.Report(null).NetPnlQuote); // closed at the bid 97
        var a = controller.Executors[0];
        Assert.Equal(ExecutorStatus.Running, a.Status); // 0.35004 below its peak: under the limit
        Assert.Equal(0.1m, a.Ledger.Position);
        Assert.Null(controller.GlobalStop);
        Assert.Equal(1m + 0.1m, h.Kit.Total("BTC")); // the paper account holds a's position only
    }

    [Fact]
    public async Task The_global_drawdown_stops_every_executor_though_none_reached_its_own_limit()
    {
        var controller = new ExecutorController(new ExecutorControllerConfig
        {
            Executors = [Long("a", 0.1m), Long("b", 0.2m)], MaxExecutorDrawdownQuote = 1m, MaxGlobalDrawdownQuote = 1m,
        });
        await using var h = await StrategyHarness.StartAsync(controller, new StrategyHostOptions { StrategyId = "ctl" });

        await h.BookAsync([(97m, 5m), (96.6m, 5m)], [(97.2m, 5m), (97.6m, 5m)]); // −1.05012 open in all
        for (int i = 0; i < 20 && !controller.Executors.All(e => e.IsDone); i++) await h.TickAsync(0.5);

        Assert.All(controller.Executors, e => Assert.Equal(CloseType.EarlyStop, e.ClosedAs));
        Assert.Equal("global drawdown 1.05012 reached its limit 1", controller.GlobalStop);
        Assert.Equal(LossA + LossB, controller.NetPnlQuote);
        Assert.Equal(10_000m + LossA + LossB, h.Kit.Total("USD"));
        Assert.Equal(1m, h.Kit.Total("BTC"));
        Assert.Empty(h.Kit.Exchange.OpenOrders);
    }

    [Fact]
    public void Executors_must_share_a_quote_asset_and_have_their_own_ids()
    {
        var eth = new PositionExecutor("e", new PositionExecutorConfig { Pair = new TradingPair("ETH", "BTC"), Side = OrderSide.Buy, Amount = 1m, Barrier = new TripleBarrier() });
        Assert.Contains("share one quote asset", Assert.Throws<ArgumentException>(() =>
            new ExecutorController(new ExecutorControllerConfig { Executors = [Long("a", 0.1m), eth] })).Message);
        Assert.Contains("its own id", Assert.Throws<ArgumentException>(() =>
            new ExecutorController(new ExecutorControllerConfig { Executors = [Long("a", 0.1m), Long("a", 0.2m)] })).Message);
    }
}
