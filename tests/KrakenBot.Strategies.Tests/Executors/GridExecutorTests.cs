using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>
/// The grid executor on scripted books (mid 100 at start). The buy grid: 95 to 99, 25 USD, levels at least 1 % of the
/// mid apart and 5 USD each: five levels 95, 96, 97, 98, 99 of 5 USD, each taking profit one step (1 USD) up.
/// Entries and take profits fill as maker (0.25 %), a stop's close as taker (0.40 %).
/// </summary>
public sealed class GridExecutorTests
{
    private static GridExecutorConfig Config(Func<GridExecutorConfig, GridExecutorConfig>? change = null)
    {
        var config = new GridExecutorConfig
        {
            Pair = StrategyHarness.BtcUsd, Side = OrderSide.Buy, StartPrice = 95m, EndPrice = 99m, LimitPrice = 90m, TotalAmountQuote = 25m,
            MinSpreadBetweenOrders = 0.01m, MinOrderAmountQuote = 5m,
        };
        return change is null ? config : change(config);
    }

    private static decimal Lot(decimal quote, decimal price) => decimal.Round(quote / price, 8, MidpointRounding.ToZero);

    private static decimal Maker(decimal cost) => cost * 0.0025m;

    [Fact]
    public async Task The_levels_are_spaced_by_the_wider_of_the_minimum_spread_and_the_budget()
    {
        var rule = Connector.Tests.PaperTrade.PaperTestKit.Rule(StrategyHarness.BtcUsd);
        Assert.Equal([(95m, 5m, 96m), (96m, 5m, 97m), (97m, 5m, 98m), (98m, 5m, 99m), (99m, 5m, 100m)],
            GridLevels.Compute(Config(), rule, 100m).Select(l => (l.Price, l.AmountQuote, l.TakeProfitPrice)));
        // 2 % apart: 95, 97, 99; 10 USD a level at least: two levels, 12.5 USD each; a 1 % take profit.
        Assert.Equal([95m, 97m, 99m], GridLevels.Compute(Config(c => c with { MinSpreadBetweenOrders = 0.02m }), rule, 100m).Select(l => l.Price));
        Assert.Equal([(95m, 12.5m, 96m), (99m, 12.5m, 100m)],
            GridLevels.Compute(Config(c => c with { MinOrderAmountQuote = 10m, TakeProfit = 0.01m }), rule, 100m)
                .Select(l => (l.Price, l.AmountQuote, l.TakeProfitPrice)));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_filled_level_rests_its_take_profit_and_once_that_fills_the_level_starts_over_then_leaving_the_grid_upward_takes_profit()
    {
        await using var run = await ExecutorRun.StartAsync(new GridExecutor("g1", Config()));
        Assert.Equal([(99m, Lot(5m, 99m)), (98m, Lot(5m, 98m)), (97m, Lot(5m, 97m)), (96m, Lot(5m, 96m)), (95m, Lot(5m, 95m))],
            run.H.Open.OrderByDescending(o => o.Price).Select(o => (o.Price, o.Order.Request.Amount)));
        Assert.All(run.H.Open, o => Assert.Equal((OrderSide.Buy, OrderType.LimitMaker), (o.Side, o.Order.Request.Type)));

        await run.H.PrintAsync(98.9m, 1m, OrderSide.Sell); // level 5 (99) buys
        await run.H.TickAsync();
        var tp = Assert.Single(run.H.Open, o => o.Side == OrderSide.Sell);
        Assert.Equal(("g1 L5 take_profit", 100m, Lot(5m, 99m)), (tp.Label, tp.Price, tp.Order.Request.Amount));

        await run.H.PrintAsync(100.1m, 1m, OrderSide.Buy); // the take profit sells at 100
        await run.H.TickAsync();
        var grid = (GridExecutor)run.Executor;
        Assert.Equal(1, grid.CompletedRoundTrips);
        Assert.Equal(5, run.H.Open.Count(o => o.Side == OrderSide.Buy)); // level 5 rests again at 99

        await run.BookAsync(100.9m, 101.1m); // mid 101: past the last take profit (100), nothing held
        await run.UntilEndedAsync();

        decimal a = Lot(5m, 99m);
        decimal net = a * 100m - a * 99m - Maker(a * 99m) - Maker(a * 100m);
        Assert.Equal(CloseType.TakeProfit, run.Report.CloseType);
        Assert.Equal(net, run.Report.NetPnlQuote);
        Assert.Equal(0m, run.Report.Position);
        Assert.Equal(["g1 L5 open", "g1 L4 open", "g1 L3 open", "g1 L2 open", "g1 L1 open", "g1 L5 take_profit", "g1 L5 open"], run.Orders.Select(o => o.Label));
        Assert.Empty(run.H.Kit.Exchange.OpenOrders);
        Assert.Equal(10_000m + net, run.H.Kit.Total("USD"));
    }

    [Fact]
    public async Task A_sell_grid_sells_above_the_mid_buys_back_one_step_lower_and_takes_profit_when_the_mid_leaves_it_downward()
    {
        await using var run = await ExecutorRun.StartAsync(new GridExecutor("g1", Config(c => c with
        {
            Side = OrderSide.Sell,
            StartPrice = 101m,
            EndPrice = 105m,
            LimitPrice = 110m,
        })));
        Assert.Equal([101m, 102m, 103m, 104m, 105m], run.H.Open.Select(o => o.Price).Order());
        Assert.All(run.H.Open, o => Assert.Equal((OrderSide.Sell, OrderType.LimitMaker), (o.Side, o.Order.Request.Type)));

        await run.H.PrintAsync(101.1m, 1m, OrderSide.Buy); // level 1 (101) sells
        await run.H.TickAsync();
        var tp = Assert.Single(run.H.Open, o => o.Side == OrderSide.Buy);
        Assert.Equal(("g1 L1 take_profit", 100m, Lot(5m, 101m)), (tp.Label, tp.Price, tp.Order.Request.Amount));
        await run.H.PrintAsync(99.9m, 1m, OrderSide.Sell); // bought back at 100
        await run.BookAsync(99m, 99.2m);                   // mid 99.1: under the lowest take profit, nothing held
        await run.UntilEndedAsync();

        decimal a = Lot(5m, 101m);
        Assert.Equal(CloseType.TakeProfit, run.Report.CloseType);
        Assert.Equal(1, ((GridExecutor)run.Executor).CompletedRoundTrips);
        Assert.Equal(a * 101m - a * 100m - Maker(a * 101m) - Maker(a * 100m), run.Report.NetPnlQuote);
        Assert.Equal(0m, run.Report.Position);
        Assert.Empty(run.H.Kit.Exchange.OpenOrders);
        Assert.Equal(1m, run.H.Kit.Total("BTC"));
    }

    [Fact]
    public async Task Crossing_the_limit_price_stops_the_grid_and_sells_what_it_holds_at_market()
    {
        await using var run = await ExecutorRun.StartAsync(new GridExecutor("g1", Config()));
        await run.BookAsync(97.8m, 98m);
        await run.H.PrintAsync(97.9m, 1m, OrderSide.Sell); // levels 99 and 98 buy; their take profits rest at 100 and 99
        await run.H.TickAsync();
        await run.BookAsync(89.5m, 89.7m); // mid 89.6 < 90
        await run.UntilEndedAsync();

        decimal a99 = Lot(5m, 99m), a98 = Lot(5m, 98m);
        decimal paid = a99 * 99m + a98 * 98m;
        decimal sold = (a99 + a98) * 89.5m;
        Assert.Equal(CloseType.StopLoss, run.Report.CloseType);
        Assert.Equal(sold - paid - Maker(a99 * 99m) - Maker(a98 * 98m) - sold * 0.004m, run.Report.NetPnlQuote);
        Assert.Equal(0m, run.Report.Position);
        Assert.Equal("g1 close", run.Orders[^1].Label);
        Assert.Empty(run.H.Kit.Exchange.OpenOrders); // the other entries and both take profits cancelled
        Assert.Equal(1m, run.H.Kit.Total("BTC"));
    }

    [Fact]
    public async Task With_keep_position_a_stop_cancels_the_orders_and_keeps_what_the_grid_bought()
    {
        await using var run = await ExecutorRun.StartAsync(new GridExecutor("g1", Config(c => c with { KeepPosition = true, TimeLimit = TimeSpan.FromMinutes(5) })));
        await run.H.PrintAsync(98.9m, 1m, OrderSide.Sell);
        await run.H.TickAsync(300);
        await run.UntilEndedAsync();

        Assert.Equal(CloseType.TimeLimit, run.Report.CloseType);
        Assert.Equal(Lot(5m, 99m), run.Report.Position);
        Assert.DoesNotContain(run.Orders, o => o.Label == "g1 close");
        Assert.Empty(run.H.Kit.Exchange.OpenOrders);
        Assert.Equal(1m + Lot(5m, 99m), run.H.Kit.Total("BTC"));
    }

    [Fact]
    public async Task At_most_max_open_orders_entries_rest_nearest_the_mid_first_and_a_grid_above_the_mid_enters_just_inside_it()
    {
        // Levels 99 to 103 around mid 100: 101, 102 and 103 would cross, so they rest at 100 × 0.9999 → 99.9 (tick 0.1).
        await using var run = await ExecutorRun.StartAsync(new GridExecutor("g1", Config(c => c with
        {
            StartPrice = 99m,
            EndPrice = 103m,
            LimitPrice = 95m,
            MaxOpenOrders = 3,
        })));
        Assert.Equal([("g1 L1 open", 99m), ("g1 L2 open", 99.9m), ("g1 L3 open", 99.9m)],
            run.H.Open.Select(o => (o.Label, o.Price)).OrderBy(o => o.Label, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_grid_larger_than_the_quote_held_ends_as_insufficient_balance()
    {
        await using var run = await ExecutorRun.StartAsync(new GridExecutor("g1", Config()), new Dictionary<string, decimal> { ["USD"] = 20m });
        Assert.Equal(CloseType.InsufficientBalance, run.Report.CloseType);
        Assert.Empty(run.Orders);
    }
}
