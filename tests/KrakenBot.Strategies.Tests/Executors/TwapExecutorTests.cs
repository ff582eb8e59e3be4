using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>The TWAP executor on scripted books and a fake clock: the schedule, slice sizes, maker re-posts and its ends.</summary>
public sealed class TwapExecutorTests
{
    private static TwapExecutorConfig Config(OrderSide side, decimal quote, int seconds, int interval, ExecutionMode mode = ExecutionMode.Taker) => new()
    {
        Pair = StrategyHarness.BtcUsd, Side = side, TotalAmountQuote = quote, TotalDuration = TimeSpan.FromSeconds(seconds),
        OrderInterval = TimeSpan.FromSeconds(interval), Mode = mode, LimitOrderBuffer = 0.002m, OrderResubmissionTime = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Taker_mode_buys_one_market_slice_per_interval_each_sized_to_what_is_left_and_completes_keeping_the_position()
    {
        // 30 USD over 20 s every 10 s: 3 slices of 10 USD, at the ask of their moment (100, then 125, then 80).
        await using var run = await ExecutorRun.StartAsync(new TwapExecutor("t1", Config(OrderSide.Buy, 30m, 20, 10)),
            bids: [(99.9m, 5m)], asks: [(100m, 5m)]);
        Assert.Equal(0.1m, run.Executor.Ledger.Bought);

        await run.BookAsync(124.9m, 125m);
        await run.H.TickAsync(9);
        Assert.Single(run.Orders); // slice 2 is not due before 10 s
        await run.H.TickAsync(1);
        Assert.Equal(0.18m, run.Executor.Ledger.Bought); // + 10 / 125

        await run.BookAsync(79.9m, 80m);
        await run.H.TickAsync(10);
        await run.UntilEndedAsync();

        var report = run.Report;
        Assert.Equal(CloseType.Completed, report.CloseType);
        Assert.Equal([("t1 slice 1", OrderType.Market, 0.1m), ("t1 slice 2", OrderType.Market, 0.08m), ("t1 slice 3", OrderType.Market, 0.125m)],
            run.Orders.Select(o => (o.Label, o.Type, o.Filled)));
        Assert.Equal((30m, 0.12m, 0.305m), (report.FilledAmountQuote, report.CumFeesQuote, report.Position)); // kept, not sold back
        Assert.Equal(0.305m * 79.9m - 30m - 0.12m, report.NetPnlQuote); // valued at the bid
        Assert.Equal(10_000m - 30.12m, run.H.Kit.Total("USD"));
        Assert.Equal(1.305m, run.H.Kit.Total("BTC"));
    }

    [Fact]
    public async Task Maker_mode_rests_each_slice_at_mid_plus_the_buffer_and_reposts_it_at_the_new_price_when_not_filled_in_time()
    {
        // Sell 20.04 USD in 2 slices 10 s apart: 10.02 USD at mid 100 × 1.002 = 100.2 is exactly 0.1 BTC.
        await using var run = await ExecutorRun.StartAsync(new TwapExecutor("t1", Config(OrderSide.Sell, 20.04m, 10, 10, ExecutionMode.Maker)));
        var first = Assert.Single(run.H.Open);
        Assert.Equal((OrderSide.Sell, OrderType.LimitMaker, 100.2m, 0.1m), (first.Side, first.Order.Request.Type, first.Price, first.Order.Request.Amount));

        await run.H.PrintAsync(100.3m, 0.04m, OrderSide.Buy); // 0.04 of it sells as maker: 4.008 USD
        await run.BookAsync(100.9m, 101.1m);                  // mid 101
        await run.H.TickAsync(5);                             // 5 s unfilled: cancelled
        await run.H.TickAsync(0.5);                           // and re-posted for the rest of the slice
        var repost = Assert.Single(run.H.Open);
        decimal restAmount = decimal.Round((10.02m - 4.008m) / 101.3m, 8, MidpointRounding.ToZero); // 101 × 1.002 = 101.202 → 101.3
        Assert.Equal(("t1 slice 1", 101.3m, restAmount), (repost.Label, repost.Price, repost.Order.Request.Amount));

        await run.H.PrintAsync(101.4m, 1m, OrderSide.Buy);
        await run.H.TickAsync(4.5); // 10 s: slice 2 rests at 101.3 for what is left of the total
        var second = Assert.Single(run.H.Open);
        Assert.Equal("t1 slice 2", second.Label);
        decimal sold = 4.008m + restAmount * 101.3m;
        Assert.Equal(decimal.Round((20.04m - sold) / 101.3m, 8, MidpointRounding.ToZero), second.Order.Request.Amount);
        await run.H.PrintAsync(101.4m, 1m, OrderSide.Buy);
        await run.UntilEndedAsync();

        var report = run.Report;
        Assert.Equal(CloseType.Completed, report.CloseType);
        Assert.Equal(["t1 slice 1", "t1 slice 1", "t1 slice 2"], run.Orders.Select(o => o.Label));
        Assert.InRange(report.FilledAmountQuote, 20.04m - 0.0001m, 20.04m); // on the lot, never above the total
        Assert.Equal(report.FilledAmountQuote * 0.0025m, report.CumFeesQuote); // all maker
        Assert.Equal(10_000m + report.FilledAmountQuote - report.CumFeesQuote, run.H.Kit.Total("USD"));
    }

    [Fact]
    public async Task A_sale_larger_than_the_base_held_ends_as_insufficient_balance_without_orders()
    {
        // 20.04 USD at the bid 99.9 needs 0.2006 BTC; 0.1 is there.
        await using var run = await ExecutorRun.StartAsync(new TwapExecutor("t1", Config(OrderSide.Sell, 20.04m, 10, 10)),
            balances: new Dictionary<string, decimal> { ["USD"] = 0m, ["BTC"] = 0.1m });
        Assert.Equal(CloseType.InsufficientBalance, run.Report.CloseType);
        Assert.Contains("needs 0.2006006 BTC, and 0.1 BTC is available", run.Report.CloseReason, StringComparison.Ordinal);
        Assert.Empty(run.Orders);
    }

    [Fact]
    public async Task An_early_stop_cancels_the_resting_slice_and_keeps_what_was_bought()
    {
        await using var run = await ExecutorRun.StartAsync(new TwapExecutor("t1", Config(OrderSide.Buy, 20m, 10, 10, ExecutionMode.Maker)));
        await run.H.PrintAsync(99.7m, 0.05m, OrderSide.Sell); // mid 100 × 0.998 = 99.8: 0.05 bought as maker
        run.Executor.EarlyStop();
        await run.UntilEndedAsync();

        Assert.Equal(CloseType.EarlyStop, run.Report.CloseType);
        Assert.Equal(("t1 slice 1", OrderState.Cancelled, 0.05m), run.Orders.Select(o => (o.Label, o.State, o.Filled)).Single());
        Assert.Equal(0.05m, run.Report.Position);
        Assert.Equal(1.05m, run.H.Kit.Total("BTC"));
    }
}
