using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Strategies.Arbitrage;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Xunit;
using Xunit.Abstractions;

namespace KrakenBot.EndToEnd.Tests.Strategy;

/// <summary>
/// Triangular arbitrage on the live connector against the sandbox (real REST and WebSockets on loopback): the maker
/// makes consistent BTC/USD, ETH/BTC and ETH/USD books, then plants a cheap ETH/BTC ask. The trader holds only USD.
/// </summary>
public sealed class TriangularArbitrageSandboxTests(ITestOutputHelper output)
{
    private static readonly TradingPair BtcUsd = TradingPair.Parse("BTC-USD");
    private static readonly TradingPair EthBtc = TradingPair.Parse("ETH-BTC");
    private static readonly TradingPair EthUsd = TradingPair.Parse("ETH-USD");

    private static async Task<SandboxWorld> ConsistentBooksAsync()
    {
        var world = await SandboxWorld.StartAsync(
            traderBalances: new Dictionary<string, decimal> { ["USD"] = 10_000m },
            makerBalances: new Dictionary<string, decimal> { ["USD"] = 100_000_000m, ["BTC"] = 1_000m, ["ETH"] = 1_000m });
        // Both directions lose before fees: 1 / 60010 / 0.0501 × 2999 (−25 bps) and 1 / 3001 × 0.047 × 59990 (−605 bps).
        // ETH/BTC's bid sits low so that a cheap ask planted later rests instead of trading with it.
        await world.MakerLimitAsync("XBTUSD", OrderSide.Buy, 1m, 59990m);
        await world.MakerLimitAsync("XBTUSD", OrderSide.Sell, 1m, 60010m);
        await world.MakerLimitAsync("ETHXBT", OrderSide.Buy, 50m, 0.047m);
        await world.MakerLimitAsync("ETHXBT", OrderSide.Sell, 50m, 0.0501m);
        await world.MakerLimitAsync("ETHUSD", OrderSide.Buy, 50m, 2999m);
        await world.MakerLimitAsync("ETHUSD", OrderSide.Sell, 50m, 3001m);
        return world;
    }

    private static async Task<(KrakenSpotExchange Exchange, TriangularArbitrage Strategy, StrategyRunner Runner)> StartBotAsync(SandboxWorld world)
    {
        var exchange = await world.StartExchangeAsync(world.Options(deadManSwitch: false));
        var strategy = new TriangularArbitrage(new TriangularArbitrageConfig
        {
            Pairs = [BtcUsd, EthBtc, EthUsd], OrderAmount = 1000m, MinProfitability = 0.01m, Cooldown = TimeSpan.FromHours(1), BalanceWait = TimeSpan.FromSeconds(3),
        });
        var driver = new StrategyDriver(exchange, strategy, new StrategyHostOptions { StrategyId = "arb-e2e", TickInterval = TimeSpan.FromMilliseconds(200) },
            new JournalStrategyStateStore(exchange.Journal!));
        var runner = new StrategyRunner(driver);
        await runner.StartAsync();
        return (exchange, strategy, runner);
    }

    private static string Describe(TriangularArbitrage strategy) => strategy.StatusDetails() is TriangularArbitrageStatus s
        ? $"{s.Tally}; quotes: {string.Join("; ", s.Quotes)}; active: {s.Active}; warnings: {string.Join("; ", strategy.Warnings)}"
        : "no status";

    private static async Task<decimal> SandboxUsdAsync(KrakenSpotExchange exchange) =>
        (await exchange.Rest.GetBalanceExAsync()).Entries.Where(e => e.Asset == "ZUSD").Sum(e => e.Total);

    private static async Task<decimal> SandboxTotalAsync(KrakenSpotExchange exchange, string asset) =>
        (await exchange.Rest.GetBalanceExAsync()).Entries.Where(e => e.Asset == asset).Sum(e => e.Total);

    [Fact]
    public async Task A_planted_mispricing_is_found_and_captured_and_the_usd_balance_grows_by_about_the_expected_edge()
    {
        await using var world = await ConsistentBooksAsync();
        var (exchange, strategy, runner) = await StartBotAsync(world);
        await using var _ = runner;
        await Until.TrueAsync(() => strategy.StatusDetails() is TriangularArbitrageStatus { Quotes.Count: 2 } s && s.Quotes.All(q => q.Edge < 0),
            () => $"both directions priced at a loss: {Describe(strategy)}");
        Assert.Equal(0, strategy.Tally.Fired);

        // Planted: 0.35 ETH for 0.048 BTC. USD → BTC → ETH → USD: 1 / 60010 / 0.048 × 2999 = 1.0411, ~330 bps after three
        // taker fees of 0.26 % (the sandbox account's tier, read by the strategy at start).
        await world.MakerLimitAsync("ETHXBT", OrderSide.Sell, 0.35m, 0.048m);
        await Until.TrueAsync(() => strategy.Recent.Count == 1, () => $"one cycle ended; {runner.Driver.Status} {runner.Driver.Reason}; book {runner.Driver.Books[EthBtc].BestAsk}; {Describe(strategy)}");

        var cycle = strategy.Recent[0];
        Assert.Equal(CycleOutcome.Captured, cycle.Outcome);
        Assert.Equal("USD → BTC → ETH → USD", cycle.Route);
        Assert.Equal(0.26m, strategy.TakerFeePercents[EthBtc]);
        Assert.InRange(cycle.ExpectedEdgeBps, 325m, 335m);
        // The sandbox's account is the judge (its balances move with each fill, before the cycle can end): USD grew by the realized edge, which is the expected one less the dust
        // leg 2 keeps aside for the exchange's rounding of a buy's hold.
        decimal grown = await SandboxUsdAsync(exchange) - 10_000m;
        output.WriteLine($"expected {cycle.ExpectedEdge} USD ({cycle.ExpectedEdgeBps:0.##} bps), realized {cycle.RealizedEdge} ({cycle.RealizedEdgeBps:0.##} bps), USD grew {grown}; {string.Join("; ", cycle.Notes)}; cycle took {cycle.EndedAt - cycle.StartedAt}");
        Assert.InRange(grown, cycle.ExpectedEdge - 0.3m, cycle.ExpectedEdge);
        Assert.InRange(grown, cycle.RealizedEdge - 0.0001m, cycle.RealizedEdge + 0.0001m);
        Assert.InRange(await SandboxTotalAsync(exchange, "XETH"), 0m, 0.00000001m);
        Assert.InRange(await SandboxTotalAsync(exchange, "XXBT"), 0m, 0.00001m);
        var tally = strategy.Tally;
        Assert.Equal((1, 1, 1, 0), (tally.Found, tally.Fired, tally.Captured, tally.Unwound));
        Assert.Equal(cycle.RealizedEdge, tally.RealizedEdge);

        await runner.StopAsync();
    }

    [Fact]
    public async Task A_refused_second_leg_is_unwound_back_to_usd_and_the_loss_is_reported()
    {
        await using var world = await ConsistentBooksAsync();
        var (exchange, strategy, runner) = await StartBotAsync(world);
        await using var _ = runner;
        world.Sandbox.Faults.RefuseOrders("ETH/BTC", count: 1, apiKey: world.Trader.ApiKey);

        await world.MakerLimitAsync("ETHXBT", OrderSide.Sell, 0.35m, 0.048m);
        await Until.TrueAsync(() => strategy.Recent.Count == 1, () => $"one cycle ended; {runner.Driver.Status} {runner.Driver.Reason}; book {runner.Driver.Books[EthBtc].BestAsk}; {Describe(strategy)}");

        var cycle = strategy.Recent[0];
        Assert.Equal(CycleOutcome.Unwound, cycle.Outcome);
        Assert.Contains(cycle.Notes, n => n.StartsWith("leg 2 (buy ETH-BTC) refused", StringComparison.Ordinal) && n.Contains("cancel_only", StringComparison.Ordinal));
        Assert.Contains(cycle.Notes, n => n.StartsWith("unwind sell BTC-USD", StringComparison.Ordinal) && n.Contains("at up to 59990", StringComparison.Ordinal));
        Assert.True(cycle.ExpectedEdge > 0);
        // Bought BTC at 60010 and sold it back at 59990 with two taker fees of 0.26 %: about −5.5 USD on 1000.
        Assert.InRange(cycle.RealizedEdge, -5.6m, -5.4m);
        decimal grown = await SandboxUsdAsync(exchange) - 10_000m;
        output.WriteLine($"expected {cycle.ExpectedEdge} USD, realized {cycle.RealizedEdge}, USD grew {grown}; {string.Join("; ", cycle.Notes)}");
        Assert.InRange(grown, cycle.RealizedEdge - 0.0001m, cycle.RealizedEdge + 0.0001m);
        Assert.InRange(await SandboxTotalAsync(exchange, "XXBT"), 0m, 0.00001m);
        var status = Assert.IsType<TriangularArbitrageStatus>(strategy.StatusDetails());
        Assert.Equal((1, 0, 1), (status.Tally.Fired, status.Tally.Captured, status.Tally.Unwound));
        Assert.Equal(cycle.RealizedEdge, status.Tally.RealizedEdge);
        Assert.Equal(cycle, status.Recent[^1]);

        await runner.StopAsync();
    }
}
