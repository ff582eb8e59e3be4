using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Xunit;
using Xunit.Abstractions;

namespace KrakenBot.EndToEnd.Tests.Strategy;

/// <summary>
/// Executors on the live connector against the sandbox (real REST and WebSockets on loopback, no synthetic market):
/// the maker account rests the book and moves it by hand; each executor ends with the expected close type, and the
/// sandbox's own balances agree with the executor's net P&amp;L. Nothing depends on timing: every step waits for a
/// condition.
/// </summary>
public sealed class ExecutorSandboxTests(ITestOutputHelper output)
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private sealed record Bot(KrakenSpotExchange Exchange, ExecutorStrategy Strategy, StrategyRunner Runner, decimal Usd, decimal Btc) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Runner.DisposeAsync();
    }

    private static async Task<Bot> StartAsync(SandboxWorld world, Executor executor)
    {
        var exchange = await world.StartExchangeAsync(world.Options(deadManSwitch: false));
        decimal usd = await SandboxTotalAsync(exchange, "ZUSD"), btc = await SandboxTotalAsync(exchange, "XXBT");
        var strategy = new ExecutorStrategy(executor);
        var driver = new StrategyDriver(exchange, strategy, new StrategyHostOptions { StrategyId = "exec-e2e", TickInterval = TimeSpan.FromMilliseconds(200) },
            new JournalStrategyStateStore(exchange.Journal!));
        var runner = new StrategyRunner(driver);
        await runner.StartAsync();
        return new Bot(exchange, strategy, runner, usd, btc);
    }

    private static async Task<decimal> SandboxTotalAsync(KrakenSpotExchange exchange, string asset) =>
        (await exchange.Rest.GetBalanceExAsync()).Entries.Where(e => e.Asset == asset).Sum(e => e.Total);

    private async Task<ExecutorReport> EndedAsync(Bot bot)
    {
        var report = await bot.Strategy.Ended.WaitAsync(Guard);
        output.WriteLine($"{report.Type} {report.CloseType}: {report.CloseReason}; net {report.NetPnlQuote} USD, fees {report.CumFeesQuote}, position {report.Position}; " +
            string.Join("; ", report.Info));
        return report;
    }

    /// <summary>The sandbox's balances moved by exactly what the executor's fills say (fees in USD).</summary>
    private static async Task AssertSandboxAgreesAsync(Bot bot, ExecutorReport report, decimal markForPosition = 0m)
    {
        decimal usd = await SandboxTotalAsync(bot.Exchange, "ZUSD") - bot.Usd;
        decimal btc = await SandboxTotalAsync(bot.Exchange, "XXBT") - bot.Btc;
        Assert.Equal(report.Position, btc);
        // The sandbox books each fill's cost and fee rounded to the pair's cost decimals; the executor counts them exact.
        Assert.InRange(usd + btc * markForPosition, report.NetPnlQuote - 0.001m, report.NetPnlQuote + 0.001m);
    }

    [Fact]
    public async Task A_long_position_opened_at_market_takes_profit_when_the_maker_lifts_the_bid()
    {
        await using var world = await SandboxWorld.StartAsync();
        string bid = await world.MakerLimitAsync(OrderSide.Buy, 1m, 59990m);
        await world.MakerLimitAsync(OrderSide.Sell, 0.01m, 60010m);
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 60600m);
        await using var bot = await StartAsync(world, new PositionExecutor("pos", new PositionExecutorConfig
        {
            Pair = BtcUsd, Side = OrderSide.Buy, Amount = 0.01m,
            Barrier = new TripleBarrier { OpenOrderType = OrderType.Market, TakeProfit = 0.005m, StopLoss = 0.05m },
        }));
        await Until.TrueAsync(() => bot.Strategy.Executor.Ledger.Position == 0.01m, () => $"the entry filled: {bot.Strategy.Report}");
        Assert.Equal(ExecutorStatus.Running, bot.Strategy.Executor.Status); // bid 59990: under water

        await world.MakerRest.CancelOrderAsync(bid);
        await world.MakerLimitAsync(OrderSide.Buy, 1m, 60500m); // (60500 − 60010) / 60010 = 0.82 % before fees
        var report = await EndedAsync(bot);

        Assert.Equal(CloseType.TakeProfit, report.CloseType);
        Assert.Equal(0m, report.Position);
        Assert.Equal(60010m, report.AverageEntryPrice);
        Assert.True(report.NetPnlQuote > 0);
        await AssertSandboxAgreesAsync(bot, report);
        var trades = (await bot.Exchange.Rest.GetTradesHistoryAsync()).Trades.OrderBy(t => t.Time).ToList();
        Assert.Equal([(KrakenSide.Buy, 60010m), (KrakenSide.Sell, 60500m)], trades.Select(t => (t.Side, t.Price)));
    }

    [Fact]
    public async Task A_taker_twap_buys_in_three_market_slices_and_completes()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Buy, 1m, 59990m);
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 60010m);
        await using var bot = await StartAsync(world, new TwapExecutor("twap", new TwapExecutorConfig
        {
            Pair = BtcUsd, Side = OrderSide.Buy, TotalAmountQuote = 300m, TotalDuration = TimeSpan.FromSeconds(1), OrderInterval = TimeSpan.FromMilliseconds(500),
        }));
        var report = await EndedAsync(bot);

        Assert.Equal(CloseType.Completed, report.CloseType);
        Assert.Equal(3, ((TwapExecutor)bot.Strategy.Executor).SlicesPlaced);
        Assert.InRange(report.FilledAmountQuote, 299.99m, 300m); // each slice on the lot
        Assert.InRange(report.Position, 0.00499m, 0.005m);
        await AssertSandboxAgreesAsync(bot, report, markForPosition: 59990m);
        var trades = (await bot.Exchange.Rest.GetTradesHistoryAsync()).Trades.ToList();
        Assert.Equal(3, trades.Count);
        Assert.All(trades, t => Assert.Equal((KrakenSide.Buy, 60010m), (t.Side, t.Price)));
    }

    [Fact]
    public async Task A_maker_dca_rests_both_levels_the_maker_sells_into_them_and_a_higher_bid_takes_profit_on_the_average()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Buy, 1m, 59000m);
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 61000m);
        await using var bot = await StartAsync(world, new DcaExecutor("dca", new DcaExecutorConfig
        {
            Pair = BtcUsd, Side = OrderSide.Buy, AmountsQuote = [599m, 598m], Prices = [59900m, 59800m], TakeProfit = 0.005m, StopLoss = 0.1m,
        }));
        await Until.TrueAsync(() => bot.Exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 2, () => $"both levels resting: {bot.Strategy.Report}");

        await world.MakerLimitAsync(OrderSide.Sell, 0.02m, 59800m); // takes both levels: 0.01 at 59900, 0.01 at 59800
        await Until.TrueAsync(() => bot.Strategy.Executor.Ledger.Bought == 0.02m, () => $"both levels filled: {bot.Strategy.Report}");
        await world.MakerLimitAsync(OrderSide.Buy, 1m, 60400m);     // average 59850: +0.92 % before fees
        var report = await EndedAsync(bot);

        Assert.Equal(CloseType.TakeProfit, report.CloseType);
        Assert.Equal(59850m, report.AverageEntryPrice);
        Assert.Equal(0m, report.Position);
        Assert.True(report.NetPnlQuote > 0);
        await AssertSandboxAgreesAsync(bot, report);
    }

    [Fact]
    public async Task A_buy_grid_completes_a_round_trip_recycles_the_level_and_takes_profit_when_the_mid_leaves_it_upward()
    {
        await using var world = await SandboxWorld.StartAsync();
        string bid = await world.MakerLimitAsync(OrderSide.Buy, 1m, 59950m);
        string ask = await world.MakerLimitAsync(OrderSide.Sell, 1m, 60010m);
        // Levels at least 0.4 % of the mid apart (a step wider than two maker fees): 59500 and 59900, 250 USD each.
        await using var bot = await StartAsync(world, new GridExecutor("grid", new GridExecutorConfig
        {
            Pair = BtcUsd, Side = OrderSide.Buy, StartPrice = 59500m, EndPrice = 59900m, LimitPrice = 59000m, TotalAmountQuote = 500m,
            MinSpreadBetweenOrders = 0.004m, MinOrderAmountQuote = 100m,
        }));
        var grid = (GridExecutor)bot.Strategy.Executor;
        await Until.TrueAsync(() => bot.Exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 2, () => $"two entries resting: {bot.Strategy.Report}");
        Assert.Equal([(59500m, 59900m), (59900m, 60300m)], grid.Levels.Select(l => (l.Price, l.TakeProfitPrice)));

        await world.MakerRest.CancelOrderAsync(bid);
        decimal amount = decimal.Round(250m / 59900m, 8, MidpointRounding.ToZero);
        await world.MakerLimitAsync(OrderSide.Sell, amount, 59900m); // level 2 buys; its take profit rests at 60300
        await Until.TrueAsync(() => bot.Exchange.OpenOrders.Any(o => o.Request.Side == OrderSide.Sell && o.State == OrderState.Open),
            () => $"the take profit resting: {bot.Strategy.Report}");
        await world.MakerRest.CancelOrderAsync(ask);
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 60600m);
        await world.MakerLimitAsync(OrderSide.Buy, amount, 60300m);  // the take profit sells
        await Until.TrueAsync(() => grid.CompletedRoundTrips == 1, () => $"one round trip: {bot.Strategy.Report}");
        await Until.TrueAsync(() => bot.Exchange.OpenOrders.Count(o => o.State == OrderState.Open) == 2, () => $"level 2 resting again: {bot.Strategy.Report}");

        await world.MakerLimitAsync(OrderSide.Buy, 1m, 60400m); // mid 60500: above the last take profit, nothing held
        var report = await EndedAsync(bot);

        Assert.Equal(CloseType.TakeProfit, report.CloseType);
        Assert.Equal(0m, report.Position);
        Assert.True(report.NetPnlQuote > 0);
        await AssertSandboxAgreesAsync(bot, report);
        await Until.TrueAsync(async () => (await bot.Exchange.Rest.GetOpenOrdersAsync()).Count == 0, () => "every entry cancelled on the sandbox");
    }
}
