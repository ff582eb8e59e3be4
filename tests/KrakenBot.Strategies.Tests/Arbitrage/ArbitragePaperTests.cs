using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Arbitrage;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Strategies.Tests.Arbitrage;

/// <summary>
/// The strategy on paper trading over scripted books of BTC-USD, ETH-BTC and ETH-USD (taker 0.40 %) and a fake clock:
/// a mispriced triangle fired leg after leg; the book changed between legs so a leg fills nothing or part, and what
/// the cycle holds is sold back to USD.
/// </summary>
public sealed class ArbitragePaperTests
{
    private static readonly TradingPair BtcUsd = TradingPair.Parse("BTC-USD");
    private static readonly TradingPair EthBtc = TradingPair.Parse("ETH-BTC");
    private static readonly TradingPair EthUsd = TradingPair.Parse("ETH-USD");

    private static TradingRule Rule(TradingPair pair, decimal tick, int priceDecimals, decimal minAmount, decimal minCost, int costDecimals) =>
        new(pair, tick, priceDecimals, 8, costDecimals, minAmount, minCost, MarketStatus.Online,
            new FeeSchedule([new FeeStep(0m, 0.40m)]), new FeeSchedule([new FeeStep(0m, 0.25m)]));

    private sealed class World : IAsyncDisposable
    {
        public required PaperTestKit Kit { get; init; }
        public required StrategyDriver Driver { get; init; }
        public required TriangularArbitrage Strategy { get; init; }

        public decimal Total(string asset) => Kit.Total(asset);

        /// <summary>Lets the paper latency pass and hands the driver what happened, until the strategy has ended <paramref name="cycles"/> cycles.</summary>
        public async Task UntilCyclesAsync(int cycles, Action? betweenSteps = null)
        {
            for (int step = 0; step < 50 && Strategy.Recent.Count < cycles; step++)
            {
                betweenSteps?.Invoke();
                Kit.Time.Advance(TimeSpan.FromMilliseconds(100));
                await Kit.Exchange.FlushAsync();
                await Driver.ProcessPendingAsync();
                await Driver.TickAsync();
            }

            Assert.True(Strategy.Recent.Count >= cycles, $"{Strategy.Recent.Count} cycles ended; status: {Strategy.StatusDetails()}");
        }

        public async ValueTask DisposeAsync()
        {
            await Driver.DisposeAsync();
            await Kit.DisposeAsync();
        }
    }

    private static async Task<World> StartAsync(decimal minProfitability = 0.01m, IStrategyStateStore? store = null, decimal usd = 10_000m)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        var market = new ScriptedMarketData(time, Rule(BtcUsd, 0.1m, 1, 0.0001m, 0.5m, 5), Rule(EthBtc, 0.00001m, 5, 0.01m, 0.00002m, 6),
            Rule(EthUsd, 0.01m, 2, 0.002m, 0.5m, 5));
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = usd }, time: time, market: market, latency: TimeSpan.FromMilliseconds(100));
        await kit.Exchange.StartAsync();
        // 1 USD → 1/60000 BTC → /0.048 ETH → × 3000 USD = 1.0417: 417 bps before three taker fees of 40 bps.
        market.Book(BtcUsd).Set([(59990m, 1m)], [(60000m, 1m)]);
        market.Book(EthBtc).Set([(0.0479m, 50m)], [(0.048m, 50m)]);
        market.Book(EthUsd).Set([(3000m, 50m)], [(3001m, 50m)]);
        var strategy = new TriangularArbitrage(new TriangularArbitrageConfig
        {
            Pairs = [BtcUsd, EthBtc, EthUsd], OrderAmount = 1000m, MinProfitability = minProfitability, Cooldown = TimeSpan.FromHours(1),
        });
        var driver = new StrategyDriver(kit.Exchange, strategy, new StrategyHostOptions { StrategyId = "arb" }, store ?? new InMemoryStrategyStateStore(), time);
        return new World { Kit = kit, Driver = driver, Strategy = strategy };
    }

    [Fact]
    public async Task A_mispriced_triangle_is_fired_leg_after_leg_and_the_usd_balance_grows_by_the_realized_edge()
    {
        await using var world = await StartAsync();
        await world.Driver.StartAsync();
        Assert.Equal(0.40m, world.Strategy.TakerFeePercents[EthBtc]); // the account's tier, asked at start

        await world.UntilCyclesAsync(1);
        var cycle = world.Strategy.Recent[0];
        Assert.Equal(CycleOutcome.Captured, cycle.Outcome);
        Assert.Equal("USD → BTC → ETH → USD", cycle.Route);
        Assert.Empty(cycle.Notes);
        // Expected: 1000 / 1.004 = 996.01593625 USD of BTC = 0.01660026 BTC; / 1.004 / 0.048 = 0.34446337 ETH; × 3000 × 0.996.
        Assert.InRange(cycle.PlannedSpend, 999.999m, 1000m); // 0.01660026 BTC (lot 8) × 60000 × 1.004
        Assert.InRange(cycle.ExpectedEdgeBps, 290m, 300m);
        // The realized edge is the expected one but for what leg 2 keeps aside: the account holds exactly the BTC leg 1
        // brought, and a buy's hold rounded up to the 6 cost decimals would exceed it, so 2e-6 BTC (0.12 USD) stay as dust.
        Assert.InRange(cycle.RealizedEdge, cycle.ExpectedEdge - 0.15m, cycle.ExpectedEdge);
        Assert.Equal(10_000m + cycle.RealizedEdge, world.Total("USD"));
        Assert.All(cycle.Residual, r => Assert.True(Math.Abs(r.Value) < 0.0001m, $"{r.Key} {r.Value} left"));
        var tally = world.Strategy.Tally;
        Assert.Equal((1, 1, 1, 0), (tally.Found, tally.Fired, tally.Captured, tally.Unwound));
        Assert.Equal(cycle.RealizedEdge, tally.RealizedEdge);
        Assert.Empty(world.Kit.Exchange.OpenOrders);
        Assert.Equal(["arb 1 leg 1", "arb 1 leg 2", "arb 1 leg 3"], world.Driver.Orders.All.Select(o => o.Label).Order());
    }

    [Fact]
    public async Task A_second_leg_that_finds_its_price_gone_fills_nothing_and_the_btc_is_sold_back_to_usd_at_a_loss()
    {
        await using var world = await StartAsync();
        await world.Driver.StartAsync(); // leg 1 sent
        world.Kit.Market.Book(EthBtc).Set([(0.0479m, 50m)], [(0.0600m, 50m)]); // gone before leg 2 lands

        await world.UntilCyclesAsync(1);
        var cycle = world.Strategy.Recent[0];
        Assert.Equal(CycleOutcome.Unwound, cycle.Outcome);
        Assert.Contains("leg 2 (buy ETH-BTC) filled nothing", cycle.Notes);
        Assert.Contains(cycle.Notes, n => n.StartsWith("unwind sell BTC-USD 0.01660026 BTC at up to 59990", StringComparison.Ordinal));
        // 0.01660026 BTC bought at 60000 (996.0156 + 3.9841 fee), sold at 59990 (995.8496 − 3.9834 fee): −8.1335 USD.
        Assert.InRange(cycle.RealizedEdge, -8.14m, -8.13m);
        Assert.Equal(10_000m + cycle.RealizedEdge, world.Total("USD"));
        Assert.Equal(0m, world.Total("BTC"));
        Assert.True(cycle.ExpectedEdge > 0);
        var tally = world.Strategy.Tally;
        Assert.Equal((1, 0, 1), (tally.Fired, tally.Captured, tally.Unwound));
        Assert.Equal(cycle.RealizedEdge, tally.RealizedEdge);
    }

    [Fact]
    public async Task A_second_leg_filled_in_part_goes_on_with_what_it_brought_and_unwinds_the_rest()
    {
        await using var world = await StartAsync();
        await world.Driver.StartAsync();
        world.Kit.Market.Book(EthBtc).Set([(0.0479m, 50m)], [(0.048m, 0.1m), (0.0600m, 50m)]); // only 0.1 ETH left at the price

        await world.UntilCyclesAsync(1);
        var cycle = world.Strategy.Recent[0];
        Assert.Equal(CycleOutcome.Unwound, cycle.Outcome);
        Assert.Contains(cycle.Notes, n => n.StartsWith("leg 2 (buy ETH-BTC) filled 0.1 of", StringComparison.Ordinal));
        Assert.Contains(cycle.Notes, n => n.StartsWith("unwind sell BTC-USD", StringComparison.Ordinal));
        var legs = world.Driver.Orders.All.Select(o => o.Order).Where(o => o.FilledAmount > 0).ToList();
        Assert.Contains(legs, o => o.Request.Pair == EthUsd && o.FilledAmount == 0.1m); // leg 3 sold the 0.1 ETH
        Assert.Equal(10_000m + cycle.RealizedEdge, world.Total("USD"));
        Assert.True(world.Total("BTC") < 0.0001m && world.Total("ETH") == 0m);
    }

    [Fact]
    public async Task The_tally_and_the_last_cycles_are_kept_across_a_restart()
    {
        var store = new InMemoryStrategyStateStore();
        CycleRecord first;
        await using (var world = await StartAsync(store: store))
        {
            await world.Driver.StartAsync();
            await world.UntilCyclesAsync(1);
            first = world.Strategy.Recent[0];
            await world.Driver.StopAsync();
        }

        await using var again = await StartAsync(minProfitability: 0.05m, store: store); // nothing fires this time
        await again.Driver.StartAsync();
        Assert.Equal((1, 1, first.RealizedEdge), (again.Strategy.Tally.Fired, again.Strategy.Tally.Captured, again.Strategy.Tally.RealizedEdge));
        var kept = Assert.Single(again.Strategy.Recent);
        Assert.Equal((first.Number, first.Route, first.Outcome, first.ExpectedEdge, first.RealizedEdge), (kept.Number, kept.Route, kept.Outcome, kept.ExpectedEdge, kept.RealizedEdge));
    }

    [Fact]
    public async Task A_cycle_found_without_enough_of_the_start_asset_is_counted_once_not_fired_and_warned_about()
    {
        await using var world = await StartAsync(usd: 500m);
        await world.Driver.StartAsync();
        await world.Driver.TickAsync();
        await world.Driver.TickAsync();
        Assert.Empty(world.Driver.Orders.All);
        Assert.Equal((1, 0), (world.Strategy.Tally.Found, world.Strategy.Tally.Fired));
        var warning = Assert.Single(world.Strategy.Warnings);
        Assert.Contains("USD available (500) is under the 999.9996624 it spends: lower order_amount or add USD", warning);
    }

    [Fact]
    public async Task A_first_leg_that_finds_nothing_is_a_missed_cycle_that_spent_nothing()
    {
        await using var world = await StartAsync();
        await world.Driver.StartAsync();
        world.Kit.Market.Book(BtcUsd).Set([(59990m, 1m)], [(61000m, 1m)]); // the ask is gone before leg 1 lands

        await world.UntilCyclesAsync(1);
        var cycle = world.Strategy.Recent[0];
        Assert.Equal(CycleOutcome.Missed, cycle.Outcome);
        Assert.Equal(["leg 1 (buy BTC-USD) filled nothing"], cycle.Notes);
        Assert.Equal((0m, 0m), (cycle.RealizedEdge, cycle.Spent));
        Assert.Null(cycle.RealizedEdgeBps);
        Assert.Equal(10_000m, world.Total("USD"));
        Assert.Equal((1, 1, 0), (world.Strategy.Tally.Fired, world.Strategy.Tally.Missed, world.Strategy.Tally.Unwound));
    }

    [Fact]
    public async Task When_nothing_can_take_the_btc_back_the_cycle_ends_stuck_after_its_attempts_and_says_what_it_holds()
    {
        await using var world = await StartAsync();
        await world.Driver.StartAsync();
        world.Kit.Market.Book(EthBtc).Set([(0.0479m, 50m)], [(0.0600m, 50m)]); // leg 2 finds nothing
        world.Kit.Market.Book(BtcUsd).Set([], [(60000m, 1m)]); // and no bid to sell the BTC back to

        await world.UntilCyclesAsync(1);
        var cycle = world.Strategy.Recent[0];
        Assert.Equal(CycleOutcome.Stuck, cycle.Outcome);
        Assert.Equal(0.01660026m, cycle.Residual["BTC"]);
        Assert.Equal(5, cycle.Notes.Count(n => n.StartsWith("unwind of 0.01660026 BTC (sell BTC-USD) not possible now: the visible depth is too thin", StringComparison.Ordinal)));
        Assert.Equal(0.01660026m, world.Total("BTC"));
        Assert.Equal(1, world.Strategy.Tally.Stuck);
    }

    [Fact]
    public async Task An_edge_under_the_minimum_profitability_is_not_fired_and_status_shows_both_directions()
    {
        await using var world = await StartAsync(minProfitability: 0.05m); // 500 bps wanted, ~296 there
        await world.Driver.StartAsync();
        await world.Driver.TickAsync();
        Assert.Empty(world.Driver.Orders.All);
        var status = Assert.IsType<TriangularArbitrageStatus>(world.Strategy.StatusDetails());
        Assert.Equal(0, status.Tally.Fired);
        Assert.Equal(["USD → BTC → ETH → USD", "USD → ETH → BTC → USD"], status.Quotes.Select(q => q.Route));
        Assert.True(status.Quotes[0].EdgeBps > 290m && status.Quotes[1].EdgeBps < 0m);
    }
}
