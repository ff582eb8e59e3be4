using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>
/// The DCA executor on scripted books. The maker buy rows use two levels: 9.9 USD at 99 (0.1 BTC) and 19.4 USD at 97
/// (0.2 BTC), filled by prints as maker (0.25 %: 0.02475 and 0.0485 USD fees), so 0.3 BTC for 29.3 USD, average
/// 97.667; closes are market sells at the bid (taker 0.40 %). Net P&amp;L hand-computed.
/// </summary>
public sealed class DcaExecutorTests
{
    private static DcaExecutorConfig Config(Func<DcaExecutorConfig, DcaExecutorConfig>? change = null)
    {
        var config = new DcaExecutorConfig { Pair = StrategyHarness.BtcUsd, Side = OrderSide.Buy, AmountsQuote = [9.9m, 19.4m], Prices = [99m, 97m] };
        return change is null ? config : change(config);
    }

    private sealed record Case(DcaExecutorConfig Config, Func<ExecutorRun, Task> Script, CloseType Close, decimal NetPnl, string[] Orders);

    private static async Task BothLevelsFillAsync(ExecutorRun r)
    {
        await r.H.PrintAsync(98.9m, 0.1m, OrderSide.Sell); // level 1
        await r.BookAsync(96.8m, 97m);
        await r.H.PrintAsync(96.9m, 0.2m, OrderSide.Sell); // level 2
        await r.H.TickAsync();
    }

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Bid 99: 0.3 × 99 − 29.3 − 0.07325 = 0.32675 = 1.115 % of 29.3 ≥ 1 %; sold at 99: 29.7 − 0.1188 fee.
        ["take profit on the average entry"] = new(Config(c => c with { TakeProfit = 0.01m, StopLoss = 0.05m }),
            async r =>
            {
                await BothLevelsFillAsync(r);
                await r.BookAsync(99m, 99.2m);
            }, CloseType.TakeProfit, 29.7m - 29.3m - 0.07325m - 0.1188m, ["level 1", "level 2", "close"]),
        // Maker: a stop loss waits for every level. Level 1 alone at bid 92 is −7.3 %: nothing; once level 2 fills (a print
        // through 97) the whole is −6.05 % ≤ −5 %: sold at 92: 27.6 − 0.1104 fee.
        ["stop loss once every level filled"] = new(Config(c => c with { TakeProfit = 0.01m, StopLoss = 0.05m }),
            async r =>
            {
                await r.H.PrintAsync(98.9m, 0.1m, OrderSide.Sell);
                await r.BookAsync(92m, 92.2m);
                await r.H.TickAsync();
                Assert.Equal(ExecutorStatus.Running, r.Executor.Status);
                await r.H.PrintAsync(91.9m, 0.2m, OrderSide.Sell);
            }, CloseType.StopLoss, 27.6m - 29.3m - 0.07325m - 0.1104m, ["level 1", "level 2", "close"]),
        // Level 1 only, then 60 s: level 2 cancelled, 0.1 sold at the bid 99.9: 9.99 − 0.03996 fee.
        ["time limit"] = new(Config(c => c with { TimeLimit = TimeSpan.FromSeconds(60), TakeProfit = 0.05m }),
            async r =>
            {
                await r.H.PrintAsync(98.9m, 0.1m, OrderSide.Sell);
                await r.H.TickAsync(60);
            }, CloseType.TimeLimit, 9.99m - 9.9m - 0.02475m - 0.03996m, ["level 1", "level 2", "close"]),
        // Bid 99 arms it (1.115 %), 99.5 lifts the trigger to 1.627 − 0.5 %, 98.9 (1.013 %) fires: 29.67 − 0.11868 fee.
        ["trailing stop"] = new(Config(c => c with { TrailingStop = new TrailingStop(0.01m, 0.005m) }),
            async r =>
            {
                await BothLevelsFillAsync(r);
                await r.BookAsync(99m, 99.2m);
                await r.BookAsync(99.5m, 99.7m);
                await r.BookAsync(99.2m, 99.4m);
                Assert.Equal(ExecutorStatus.Running, r.Executor.Status);
                await r.BookAsync(98.9m, 99.1m);
            }, CloseType.TrailingStop, 29.67m - 29.3m - 0.07325m - 0.11868m, ["level 1", "level 2", "close"]),
        // Taker sell: 10.1 USD at 101 (0.1) and 20.6 at 103 (0.2) sold at market when the bid reaches them (taker: 0.0404
        // and 0.0824 fees); ask 100.7: 30.7 − 0.1228 − 0.3 × 100.7 = 0.3672 = 1.196 % ≥ 1 %; bought back: 30.21 + 0.12084 fee.
        ["taker sell take profit"] = new(new DcaExecutorConfig
        {
            Pair = StrategyHarness.BtcUsd, Side = OrderSide.Sell, AmountsQuote = [10.1m, 20.6m], Prices = [101m, 103m], Mode = ExecutionMode.Taker, TakeProfit = 0.01m,
        },
            async r =>
            {
                Assert.Empty(r.Orders); // bid 99.9 is under 101
                await r.BookAsync(101m, 101.2m);
                await r.BookAsync(103m, 103.2m);
                await r.BookAsync(100.5m, 100.7m);
            }, CloseType.TakeProfit, 30.7m - 0.1228m - 30.21m - 0.12084m, ["level 1", "level 2", "close"]),
        ["early stop"] = new(Config(c => c with { TakeProfit = 0.05m }),
            async r =>
            {
                await r.H.PrintAsync(98.9m, 0.1m, OrderSide.Sell);
                r.Executor.EarlyStop();
                await r.H.TickAsync();
            }, CloseType.EarlyStop, 9.99m - 9.9m - 0.02475m - 0.03996m, ["level 1", "level 2", "close"]),
        // 29.3 USD + 0.25 % = 29.37325 USD needed; 20 there.
        ["insufficient balance"] = new(Config(), _ => Task.CompletedTask, CloseType.InsufficientBalance, 0m, []),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_close_type_ends_with_its_orders_and_the_hand_computed_net_pnl(string name)
    {
        var c = Cases[name];
        var balances = new Dictionary<string, decimal> { ["USD"] = c.Close == CloseType.InsufficientBalance ? 20m : 10_000m, ["BTC"] = 1m };
        await using var run = await ExecutorRun.StartAsync(new DcaExecutor("d1", c.Config), balances);
        await c.Script(run);
        await run.UntilEndedAsync();

        var report = run.Report;
        Assert.Equal(c.Close, report.CloseType);
        Assert.Equal(c.NetPnl, report.NetPnlQuote);
        Assert.Equal(0m, report.Position);
        Assert.Equal(c.Orders.Select(o => "d1 " + o), run.Orders.Select(o => o.Label));
        Assert.Empty(run.H.Kit.Exchange.OpenOrders);
        Assert.Equal(balances["USD"] + c.NetPnl, run.H.Kit.Total("USD"));
        Assert.Equal(1m, run.H.Kit.Total("BTC"));
    }

    [Fact]
    public async Task A_taker_level_whose_market_order_finds_nothing_is_sent_again()
    {
        var config = Config(c => c with { Mode = ExecutionMode.Taker, Prices = [100.1m, 97m], AmountsQuote = [10.01m, 19.4m], TakeProfit = 0.05m });
        await using var run = await ExecutorRun.StartAsync(new DcaExecutor("d1", config), bids: [(99.9m, 5m)], asks: [(100.1m, 5m)], start: false);
        await run.H.Driver.StartAsync();                  // level 1 reached: a market buy is on its way
        run.H.Kit.SetBook([(99.9m, 5m)], []);             // and the asks are gone when it lands
        await run.H.SettleAsync();
        await run.BookAsync(99.9m, 100.1m);               // back: sent again
        await run.H.SettleAsync();

        Assert.Equal([("d1 level 1", 0m), ("d1 level 1", 0.1m)], run.Orders.Select(o => (o.Label, o.Filled)));
        Assert.Equal(0.1m, run.Executor.Ledger.Bought);
        Assert.Equal(ExecutorStatus.Running, run.Executor.Status);
    }

    [Fact]
    public async Task With_activation_bounds_a_level_rests_only_once_the_mid_is_within_them()
    {
        await using var run = await ExecutorRun.StartAsync(new DcaExecutor("d1", Config(c => c with { ActivationBounds = 0.01m, TakeProfit = 0.05m })));
        Assert.Equal([("d1 level 1", 99m)], run.H.Open.Select(o => (o.Label, o.Price))); // mid 100: 99 is 1 % away, 97 is 3 %

        await run.BookAsync(97.9m, 98.1m); // mid 98: 97 is 1.02 % away
        Assert.Single(run.H.Open);
        await run.BookAsync(97.8m, 98m);   // mid 97.9: 0.92 %
        Assert.Equal([("d1 level 1", 99m), ("d1 level 2", 97m)], run.H.Open.Select(o => (o.Label, o.Price)));
        Assert.Equal([0.1m, 0.2m], run.H.Open.Select(o => o.Order.Request.Amount));
        Assert.All(run.H.Open, o => Assert.Equal(OrderType.LimitMaker, o.Order.Request.Type));
    }
}
