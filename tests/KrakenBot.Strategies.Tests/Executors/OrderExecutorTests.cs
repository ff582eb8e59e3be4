using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>The order executor on scripted books: the limit chaser follows the bid by amending its order in place; its ends.</summary>
public sealed class OrderExecutorTests
{
    private static OrderExecutorConfig Config(ExecutionStrategy strategy, decimal? price = null, OrderSide side = OrderSide.Buy) => new()
    {
        Pair = StrategyHarness.BtcUsd, Side = side, Amount = 0.1m, ExecutionStrategy = strategy, Price = price,
        Chaser = strategy == ExecutionStrategy.LimitChaser ? new LimitChaserConfig(0.001m, 0.002m) : null,
    };

    [Fact]
    public async Task The_chaser_rests_behind_the_bid_amends_its_order_only_past_the_threshold_and_completes_when_filled()
    {
        await using var run = await ExecutorRun.StartAsync(new OrderExecutor("o1", Config(ExecutionStrategy.LimitChaser)));
        var order = Assert.Single(run.H.Open);
        Assert.Equal((99.8m, OrderType.LimitMaker), (order.Price, order.Order.Request.Type)); // 99.9 × 0.999 = 99.8001 → 99.8
        string id = order.ClientOrderId;

        await run.BookAsync(100m, 100.2m); // target 99.9: 0.1 % from 99.8, under the 0.2 % threshold
        Assert.Equal(99.8m, Assert.Single(run.H.Open).Price);
        await run.BookAsync(100.4m, 100.6m); // target 100.2999 → 100.2: 0.4 % away
        await run.H.SettleAsync();
        order = Assert.Single(run.H.Open);
        Assert.Equal((id, 100.2m), (order.ClientOrderId, order.Price)); // the same order, amended
        Assert.Equal(1, ((OrderExecutor)run.Executor).Chases);

        await run.H.PrintAsync(100.1m, 1m, OrderSide.Sell);
        await run.UntilEndedAsync();
        Assert.Equal(CloseType.Completed, run.Report.CloseType);
        Assert.Equal(0.1m, run.Report.Position); // kept
        Assert.Equal(10.02m * 0.0025m, run.Report.CumFeesQuote);
        Assert.Equal(0.1m * 100.4m - 10.02m - 10.02m * 0.0025m, run.Report.NetPnlQuote); // valued at the bid 100.4
        Assert.Equal(["o1 order"], run.Orders.Select(o => o.Label));
    }

    [Fact]
    public async Task A_market_order_completes_at_once_and_a_post_only_that_would_cross_fails()
    {
        await using (var run = await ExecutorRun.StartAsync(new OrderExecutor("o1", Config(ExecutionStrategy.Market, side: OrderSide.Sell))))
        {
            await run.UntilEndedAsync();
            Assert.Equal(CloseType.Completed, run.Report.CloseType);
            Assert.Equal((-0.1m, 9.99m), (run.Report.Position, run.Report.FilledAmountQuote));
        }

        await using (var run = await ExecutorRun.StartAsync(new OrderExecutor("o1", Config(ExecutionStrategy.LimitMaker, price: 100.5m))))
        {
            await run.UntilEndedAsync();
            Assert.Equal(CloseType.Failed, run.Report.CloseType);
            Assert.Contains("Post only", run.Report.CloseReason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_buy_beyond_the_quote_held_ends_as_insufficient_balance()
    {
        await using var run = await ExecutorRun.StartAsync(new OrderExecutor("o1", Config(ExecutionStrategy.Limit, price: 100m)),
            new Dictionary<string, decimal> { ["USD"] = 5m });
        Assert.Equal(CloseType.InsufficientBalance, run.Report.CloseType);
        Assert.Empty(run.Orders);
    }
}
