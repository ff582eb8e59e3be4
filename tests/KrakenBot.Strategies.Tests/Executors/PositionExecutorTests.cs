using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>
/// The position executor on scripted books, one row per close type and side. Entry 0.1 BTC at market: a long buys at
/// the ask 100.1 (10.01 USD + 0.04004 fee), a short sells at the bid 99.9 (9.99 USD − 0.03996 fee). Net P&amp;L is
/// hand-computed from the fills (taker 0.40 %, maker 0.25 %) and must equal the USD the paper account gained.
/// </summary>
public sealed class PositionExecutorTests
{
    private const decimal Amount = 0.1m;

    private sealed record Case(OrderSide Side, TripleBarrier Barrier, Func<ExecutorRun, Task> Script, CloseType Close, decimal NetPnl,
        string[] Orders, decimal? EntryPrice = null, Dictionary<string, decimal>? Balances = null);

    private static readonly TripleBarrier Market = new() { OpenOrderType = OrderType.Market };

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Long: bid 103 → (103 − 100.1) × 0.1 − 0.04004 = 0.24996 = 2.497 % ≥ 2 %; closes at 103: 10.3 − 0.0412 fee.
        ["long take profit at market"] = new(OrderSide.Buy, Market with { TakeProfit = 0.02m },
            r => r.BookAsync(103m, 103.2m), CloseType.TakeProfit, 10.3m - 10.01m - 0.04004m - 0.0412m, ["open", "close"]),
        // Long: entry 100.1 × 1.02 = 102.102 → sell limit at 102.2 (rounded up); a print at 102.3 fills it as maker (0.02555 fee).
        ["long take profit by a resting limit"] = new(OrderSide.Buy, Market with { TakeProfit = 0.02m, TakeProfitOrderType = OrderType.Limit },
            async r =>
            {
                await r.H.SettleAsync(); // the take profit order reaches the book
                Assert.Contains(r.Orders, o => o.Label == "p1 take_profit" && o.State == OrderState.Open && o.Side == OrderSide.Sell);
                await r.H.PrintAsync(102.3m, 1m, OrderSide.Buy);
            }, CloseType.TakeProfit, 10.22m - 10.01m - 0.04004m - 0.02555m, ["open", "take_profit"]),
        // Long: bid 97 → −0.35004 = −3.497 % ≤ −3 %; closes at 97: 9.7 − 0.0388 fee.
        ["long stop loss"] = new(OrderSide.Buy, Market with { StopLoss = 0.03m, TakeProfit = 0.05m },
            r => r.BookAsync(97m, 97.2m), CloseType.StopLoss, 9.7m - 10.01m - 0.04004m - 0.0388m, ["open", "close"]),
        // Long: 60 s pass on the same book; closes at the bid 99.9: 9.99 − 0.03996 fee.
        ["long time limit"] = new(OrderSide.Buy, Market with { TimeLimit = TimeSpan.FromSeconds(60), StopLoss = 0.05m },
            r => r.H.TickAsync(61), CloseType.TimeLimit, 9.99m - 10.01m - 0.04004m - 0.03996m, ["open", "close"]),
        // Long: bid 102 arms it (1.498 % > 1 %), bid 103 lifts the trigger to 2.497 − 0.5 = 1.997 %, bid 101.9 (1.398 %) fires it.
        ["long trailing stop"] = new(OrderSide.Buy, Market with { TrailingStop = new TrailingStop(0.01m, 0.005m), TakeProfit = 0.05m },
            async r =>
            {
                await r.BookAsync(102m, 102.2m);
                Assert.Equal(0.14996m / 10.01m - 0.005m, ((PositionExecutor)r.Executor).TrailingTrigger);
                await r.BookAsync(103m, 103.2m);
                await r.BookAsync(101.9m, 102.1m);
            }, CloseType.TrailingStop, 10.19m - 10.01m - 0.04004m - 0.04076m, ["open", "close"]),
        ["long early stop"] = new(OrderSide.Buy, Market with { TakeProfit = 0.05m },
            r =>
            {
                r.Executor.EarlyStop();
                return r.H.TickAsync();
            }, CloseType.EarlyStop, 9.99m - 10.01m - 0.04004m - 0.03996m, ["open", "close"]),
        // A post-only buy at 100.5 would take the ask 100.1: the exchange refuses it, nothing is filled.
        ["long failed entry"] = new(OrderSide.Buy, new TripleBarrier { OpenOrderType = OrderType.LimitMaker, TakeProfit = 0.02m },
            _ => Task.CompletedTask, CloseType.Failed, 0m, ["open"], EntryPrice: 100.5m),
        // 0.1 BTC at 100.1 with 0.40 % needs 10.05004 USD; 10 USD is there.
        ["long insufficient balance"] = new(OrderSide.Buy, Market with { TakeProfit = 0.02m },
            _ => Task.CompletedTask, CloseType.InsufficientBalance, 0m, [], Balances: new() { ["USD"] = 10m }),

        // Short: ask 97.2 → (99.9 − 97.2) × 0.1 − 0.03996 = 0.23004 = 2.303 %; buys back at 97.2: 9.72 + 0.03888 fee.
        ["short take profit at market"] = new(OrderSide.Sell, Market with { TakeProfit = 0.02m },
            r => r.BookAsync(97m, 97.2m), CloseType.TakeProfit, 9.99m - 0.03996m - 9.72m - 0.03888m, ["open", "close"]),
        // Short: 99.9 × 0.98 = 97.902 → buy limit at 97.9 (rounded down); a print at 97.8 fills it as maker (0.024475 fee).
        ["short take profit by a resting limit"] = new(OrderSide.Sell, Market with { TakeProfit = 0.02m, TakeProfitOrderType = OrderType.Limit },
            async r =>
            {
                await r.H.SettleAsync();
                await r.H.PrintAsync(97.8m, 1m, OrderSide.Sell);
            }, CloseType.TakeProfit, 9.99m - 0.03996m - 9.79m - 0.024475m, ["open", "take_profit"]),
        // Short: ask 103 → −0.35 = −3.5 %; buys back at 103: 10.3 + 0.0412 fee.
        ["short stop loss"] = new(OrderSide.Sell, Market with { StopLoss = 0.03m },
            r => r.BookAsync(102.8m, 103m), CloseType.StopLoss, 9.99m - 0.03996m - 10.3m - 0.0412m, ["open", "close"]),
        ["short time limit"] = new(OrderSide.Sell, Market with { TimeLimit = TimeSpan.FromSeconds(60) },
            r => r.H.TickAsync(61), CloseType.TimeLimit, 9.99m - 0.03996m - 10.01m - 0.04004m, ["open", "close"]),
        // Short: ask 98 arms it (1.502 %), ask 97.2 lifts the trigger to 1.803 %, ask 98.1 (1.402 %) fires it.
        ["short trailing stop"] = new(OrderSide.Sell, Market with { TrailingStop = new TrailingStop(0.01m, 0.005m) },
            async r =>
            {
                await r.BookAsync(97.8m, 98m);
                await r.BookAsync(97m, 97.2m);
                await r.BookAsync(97.9m, 98.1m);
            }, CloseType.TrailingStop, 9.99m - 0.03996m - 9.81m - 0.03924m, ["open", "close"]),
        ["short early stop"] = new(OrderSide.Sell, Market with { TakeProfit = 0.05m },
            r =>
            {
                r.Executor.EarlyStop();
                return r.H.TickAsync();
            }, CloseType.EarlyStop, 9.99m - 0.03996m - 10.01m - 0.04004m, ["open", "close"]),
        // A post-only sell at 99.5 would take the bid 99.9: refused.
        ["short failed entry"] = new(OrderSide.Sell, new TripleBarrier { OpenOrderType = OrderType.LimitMaker, TakeProfit = 0.02m },
            _ => Task.CompletedTask, CloseType.Failed, 0m, ["open"], EntryPrice: 99.5m),
        // A short sells base the account holds: 0.05 BTC is under 0.1.
        ["short insufficient balance"] = new(OrderSide.Sell, Market with { TakeProfit = 0.02m },
            _ => Task.CompletedTask, CloseType.InsufficientBalance, 0m, [], Balances: new() { ["USD"] = 10_000m, ["BTC"] = 0.05m }),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_close_type_ends_with_its_orders_and_the_hand_computed_net_pnl(string name)
    {
        var c = Cases[name];
        var balances = c.Balances ?? new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m };
        var executor = new PositionExecutor("p1", new PositionExecutorConfig { Pair = StrategyHarnessPair, Side = c.Side, Amount = Amount, EntryPrice = c.EntryPrice, Barrier = c.Barrier });
        await using var run = await ExecutorRun.StartAsync(executor, balances);
        if (c.Close != CloseType.InsufficientBalance && c.Close != CloseType.Failed)
        {
            Assert.Equal(c.Side == OrderSide.Buy ? Amount : -Amount, run.Executor.Ledger.Position); // entry filled at market
        }

        await c.Script(run);
        await run.UntilEndedAsync();

        var report = run.Report;
        Assert.Equal(c.Close, report.CloseType);
        Assert.Equal(ExecutorStatus.Terminated, report.Status);
        Assert.Equal(c.NetPnl, report.NetPnlQuote);
        Assert.Equal(0m, report.Position);
        Assert.Equal(c.Orders.Select(o => "p1 " + o), run.Orders.Select(o => o.Label));
        Assert.Empty(run.H.Kit.Exchange.OpenOrders);
        // The paper account agrees: flat in BTC, and USD moved by exactly the net P&L (fees are paid in USD).
        Assert.Equal(balances["USD"] + c.NetPnl, run.H.Kit.Total("USD"));
        Assert.Equal(balances.GetValueOrDefault("BTC"), run.H.Kit.Total("BTC"));
        var ended = await run.Strategy.Ended;
        Assert.Equal((report.CloseType, report.NetPnlQuote), (ended.CloseType, ended.NetPnlQuote));
    }

    [Fact]
    public async Task A_limit_entry_rests_at_the_best_bid_and_the_time_limit_cancels_it_unfilled_with_nothing_to_close()
    {
        var executor = new PositionExecutor("p1", new PositionExecutorConfig
        {
            Pair = StrategyHarnessPair, Side = OrderSide.Buy, Amount = Amount, Barrier = new TripleBarrier { TimeLimit = TimeSpan.FromSeconds(30), StopLoss = 0.02m },
        });
        await using var run = await ExecutorRun.StartAsync(executor);
        var open = Assert.Single(run.H.Open);
        Assert.Equal((OrderSide.Buy, 99.9m, OrderType.Limit), (open.Side, open.Price, open.Order.Request.Type));

        await run.H.TickAsync(31);
        await run.UntilEndedAsync();
        Assert.Equal(CloseType.TimeLimit, run.Report.CloseType);
        Assert.Equal(("p1 open", OrderState.Cancelled, 0m), run.Orders.Select(o => (o.Label, o.State, o.Filled)).Single());
        Assert.Equal((0m, 0m), (run.Report.NetPnlQuote, run.Report.FilledAmountQuote));
    }

    [Fact]
    public async Task A_limit_entry_filled_in_part_then_stopped_out_cancels_the_rest_and_closes_what_filled()
    {
        var executor = new PositionExecutor("p1", new PositionExecutorConfig
        {
            Pair = StrategyHarnessPair, Side = OrderSide.Buy, Amount = Amount, EntryPrice = 99.5m, Barrier = new TripleBarrier { StopLoss = 0.03m },
        });
        await using var run = await ExecutorRun.StartAsync(executor);
        await run.H.PrintAsync(99.4m, 0.04m, OrderSide.Sell); // 0.04 of 0.1 filled as maker at 99.5: 3.98 + 0.00995 fee
        await run.BookAsync(96m, 96.2m);                       // (96 − 99.5) × 0.04 − 0.00995 = −3.77 % of 3.98
        await run.UntilEndedAsync();

        Assert.Equal(CloseType.StopLoss, run.Report.CloseType);
        Assert.Equal([("p1 open", OrderState.Cancelled, 0.04m), ("p1 close", OrderState.Filled, 0.04m)],
            run.Orders.Select(o => (o.Label, o.State, o.Filled)));
        Assert.Equal(3.84m - 0.01536m - 3.98m - 0.00995m, run.Report.NetPnlQuote); // sold 0.04 at 96, taker fee
    }

    [Fact]
    public async Task With_activation_bounds_the_limit_entry_waits_for_the_mid_is_cancelled_when_it_drifts_away_and_rests_again_when_it_comes_back()
    {
        var executor = new PositionExecutor("p1", new PositionExecutorConfig
        {
            Pair = StrategyHarnessPair, Side = OrderSide.Buy, Amount = Amount, EntryPrice = 99m, ActivationBounds = 0.005m,
            Barrier = new TripleBarrier { TakeProfit = 0.01m, StopLoss = 0.05m },
        });
        await using var run = await ExecutorRun.StartAsync(executor);
        Assert.Empty(run.Orders);                 // mid 100: 99 is 1 % away
        await run.BookAsync(99.3m, 99.5m);        // mid 99.4: 0.4 %
        Assert.Equal(99m, Assert.Single(run.H.Open).Price);
        await run.BookAsync(100.4m, 100.6m);      // mid 100.5: 1.5 %, cancelled
        await run.H.TickAsync();
        Assert.Empty(run.H.Open);
        await run.BookAsync(99.3m, 99.5m);        // back: placed again
        Assert.Equal(["p1 open", "p1 open"], run.Orders.Select(o => o.Label));
        Assert.Equal([OrderState.Cancelled, OrderState.Open], run.Orders.Select(o => o.State));

        await run.H.PrintAsync(98.9m, 1m, OrderSide.Sell); // bought 0.1 at 99 as maker: 9.9 + 0.02475
        await run.BookAsync(101m, 101.2m);                 // (101 − 99) × 0.1 − 0.02475 = 1.77 % ≥ 1 %
        await run.UntilEndedAsync();
        Assert.Equal(CloseType.TakeProfit, run.Report.CloseType);
        Assert.Equal(10.1m - 9.9m - 0.02475m - 0.0404m, run.Report.NetPnlQuote);
    }

    [Fact]
    public async Task A_restart_does_not_run_a_started_executor_again()
    {
        var store = new KrakenBot.Strategies.State.InMemoryStrategyStateStore();
        var config = new PositionExecutorConfig { Pair = StrategyHarnessPair, Side = OrderSide.Buy, Amount = Amount, Barrier = Market with { TakeProfit = 0.05m } };
        await using (var first = await Kit.StrategyHarness.StartAsync(new ExecutorStrategy(new PositionExecutor("p1", config)), store: store))
        {
            await first.Driver.StopAsync(); // the position is kept: early stop
        }

        var again = new ExecutorStrategy(new PositionExecutor("p1", config));
        await using var second = await Kit.StrategyHarness.StartAsync(again, store: store);
        Assert.Equal(CloseType.EarlyStop, again.Report.CloseType);
        Assert.Empty(second.Open);
        Assert.Equal(ExecutorStatus.NotStarted, again.Executor.Status);
    }

    [Fact]
    public async Task A_restart_after_a_crash_mid_run_reports_the_executor_failed_and_places_nothing()
    {
        var store = new KrakenBot.Strategies.State.InMemoryStrategyStateStore();
        var config = new PositionExecutorConfig { Pair = StrategyHarnessPair, Side = OrderSide.Buy, Amount = Amount, Barrier = Market with { TakeProfit = 0.05m } };
        await using (var first = await Kit.StrategyHarness.StartAsync(new ExecutorStrategy(new PositionExecutor("p1", config)), store: store))
        {
            Assert.Equal(ExecutorStatus.Running, ((ExecutorStrategy)first.Driver.Strategy).Report.Status); // entry filled, then the process dies
        }

        var again = new ExecutorStrategy(new PositionExecutor("p1", config));
        await using var second = await Kit.StrategyHarness.StartAsync(again, store: store);
        Assert.Equal((ExecutorStatus.Terminated, CloseType.Failed), (again.Report.Status, again.Report.CloseType));
        Assert.StartsWith("interrupted by a restart", again.Report.CloseReason, StringComparison.Ordinal);
        Assert.Equal(Amount, again.Report.Position); // as it was when it stopped
        Assert.Empty(second.Driver.Orders.All);
        Assert.Equal(CloseType.Failed, (await again.Ended).CloseType);
    }

    [Fact]
    public async Task A_pause_of_the_host_ends_the_executor_early_keeping_its_position()
    {
        var config = new PositionExecutorConfig { Pair = StrategyHarnessPair, Side = OrderSide.Buy, Amount = Amount, Barrier = new TripleBarrier { TakeProfit = 0.05m } };
        await using var run = await ExecutorRun.StartAsync(new PositionExecutor("p1", config));
        await run.H.PrintAsync(99.8m, 0.04m, OrderSide.Sell); // the limit entry at 99.9 fills 0.04
        await run.H.Driver.PauseAsync("kill switch");
        await run.H.SettleAsync();

        Assert.Equal((ExecutorStatus.Terminated, CloseType.EarlyStop), (run.Report.Status, run.Report.CloseType));
        Assert.Equal("paused by the host, position kept", run.Report.CloseReason);
        Assert.Equal(0.04m, run.Report.Position);
        Assert.Empty(run.H.Kit.Exchange.OpenOrders);
        await run.H.Driver.ResumeAsync();
        await run.H.TickAsync();
        Assert.Empty(run.H.Kit.Exchange.OpenOrders); // nothing placed again
    }

    private static TradingPair StrategyHarnessPair => Kit.StrategyHarness.BtcUsd;
}
