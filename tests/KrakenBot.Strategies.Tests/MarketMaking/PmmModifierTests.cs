using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>Bands, budget, skew, order optimization, transaction costs, take-if-crossed, override: research §1.1, §1.3, §1.5.</summary>
public class PmmModifierTests
{
    [Fact]
    public void Inventory_skew_worked_example_of_research_1_3()
    {
        // 1 BTC + 10 000 USD at 20 000, 0.1 BTC, 1 level, multiplier 1: range 0.2 BTC, high 19 000 ≤ 20 000 → buys × 0, sells × 2.
        decimal range = InventorySkew.TotalOrderSize(0.1m, 0m, 1) * 1m;
        Assert.Equal(0.2m, range);
        Assert.Equal(new InventorySkewRatios(0m, 2m), InventorySkew.Ratios(1m, 10_000m, 20_000m, 0.5m, range));
        // At a base value of 17 000 (0.85 BTC + 13 000 USD): 0.5 / 1.5.
        Assert.Equal(new InventorySkewRatios(0.5m, 1.5m), InventorySkew.Ratios(0.85m, 13_000m, 20_000m, 0.5m, range));
        // On target: 1 / 1; at or below the low end: 2 / 0; no value or no range: 0 / 0 (Hummingbot's guard).
        Assert.Equal(new InventorySkewRatios(1m, 1m), InventorySkew.Ratios(0.75m, 15_000m, 20_000m, 0.5m, range));
        Assert.Equal(new InventorySkewRatios(2m, 0m), InventorySkew.Ratios(0.5m, 20_000m, 20_000m, 0.5m, range));
        Assert.Equal(new InventorySkewRatios(0m, 0m), InventorySkew.Ratios(0m, 0m, 20_000m, 0.5m, range));
        Assert.Equal(18m, InventorySkew.TotalOrderSize(1m, 2m, 3)); // 2 × (3 × 1 + 3 × 2 / 2 × 2)
    }

    [Theory]
    [InlineData(1, 10_000, "", "101.0@0.2")]        // B = 20 000 ≥ high 19 000
    [InlineData(0.85, 13_000, "99.0@0.05", "101.0@0.15")]
    public async Task Inventory_skew_scales_order_sizes_on_the_market(decimal btc, decimal usd, string buys, string sells)
    {
        // Mid 20 000 is 200 × the scripted book: spreads stay 1 % of 20 000 → scaled: mid 100 with base valued ×200 is the
        // same ratio problem; keep the market at 100 and scale balances instead: 1 BTC at 100 with 100 USD × (10 000/20 000).
        var (h, _) = await Pmm.StartAsync(c => c with { InventorySkewEnabled = true },
            balances: new Dictionary<string, decimal> { ["BTC"] = btc, ["USD"] = usd / 200m });
        await using var _ = h;
        await h.TickAsync();

        Assert.Equal(buys, string.Join(" ", h.Buys().Select(o => $"{o.Price}@{o.Amount:0.########}")));
        Assert.Equal(sells, string.Join(" ", h.Sells().Select(o => $"{o.Price}@{o.Amount:0.########}")));
    }

    [Fact]
    public async Task The_budget_shrinks_the_last_order_that_does_not_fit_and_drops_the_rest()
    {
        var (h, _) = await Pmm.StartAsync(c => c with { OrderLevels = 3, OrderAmount = 1m },
            balances: new Dictionary<string, decimal> { ["USD"] = 150m, ["BTC"] = 1.5m });
        await using var _ = h;
        await h.TickAsync();

        decimal fee = 1.0025m; // maker 0.25 %
        decimal left = 150m - 99.0m * fee;
        decimal shrunk = decimal.Round(left / (98.0m * fee), 8, MidpointRounding.ToZero);
        Assert.Equal(Pmm.P((99.0m, 1m), (98.0m, shrunk)), h.Buys());
        Assert.Equal(Pmm.P((101.0m, 1m), (102.0m, 0.5m)), h.Sells());
    }

    [Theory]
    [InlineData(100, -1, "", "101.0")]     // reference at the ceiling: no buys
    [InlineData(-1, 100, "99.0", "")]      // reference at the floor: no sells
    [InlineData(100.5, 99.5, "99.0", "101.0")]
    public async Task A_static_price_band_removes_a_side(decimal ceiling, decimal floor, string buys, string sells)
    {
        var (h, _) = await Pmm.StartAsync(c => c with { PriceCeiling = ceiling, PriceFloor = floor });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal(buys, string.Join(" ", h.Buys().Select(o => o.Price)));
        Assert.Equal(sells, string.Join(" ", h.Sells().Select(o => o.Price)));
    }

    [Fact]
    public async Task A_moving_price_band_follows_the_price_once_its_refresh_time_has_passed()
    {
        var (h, s) = await Pmm.StartAsync(c => c with
        {
            MovingPriceBandEnabled = true,
            PriceCeilingPct = 0.01m,
            PriceFloorPct = -0.01m,
            PriceBandRefreshTime = TimeSpan.FromSeconds(60),
            OrderRefreshTime = TimeSpan.FromSeconds(5),
        });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal((99m, 101m), (s.State.Band!.Floor, s.State.Band.Ceiling));

        await h.MidAsync(101.5m); // above the ceiling 101: no buys
        for (int i = 0; i < 6; i++) await h.TickAsync();
        await h.SettleAsync();
        Assert.Empty(h.Buys());
        Assert.Single(h.Sells());

        for (int i = 0; i < 55; i++) await h.TickAsync(); // band recentred on 101.5
        await h.SettleAsync();
        Assert.Equal(101.5m * 1.01m, s.State.Band!.Ceiling);
        Assert.Equal(Pmm.P((100.4m, 0.1m)), h.Buys());
    }

    [Theory]
    // bids, ask, depth → buy price, sell price (mid 100, spreads 1 %: proposal 99.0 / 101.0)
    [InlineData(98.0, 5, 102.0, 0, "98.1", "101.9")]     // jump to one tick inside the best bid and ask
    [InlineData(98.0, 0.01, 102.0, 0.05, "97.1", "101.9")] // 0.01 of dust at 98 ignored: next level 97
    [InlineData(99.9, 5, 100.1, 0, "99.0", "101.0")]     // the proposal is already further out: unchanged
    public async Task Order_optimization_jumps_the_best_bid_and_ask_ignoring_dust(decimal topBid, decimal topBidAmount, decimal topAsk,
        decimal depth, string buy, string sell)
    {
        (decimal, decimal)[] bids = topBid == 98.0m ? [(98.0m, topBidAmount), (97.0m, 5m)] : [(topBid, topBidAmount), (97.0m, 5m)];
        var (h, _) = await Pmm.StartAsync(c => c with
        {
            OrderOptimizationEnabled = true,
            BidOrderOptimizationDepth = depth,
            AskOrderOptimizationDepth = depth,
        }, bids: bids, asks: [(topAsk, 5m), (103.0m, 5m)]);
        await using var _ = h;
        await h.TickAsync();

        Assert.Equal(buy, string.Join(" ", h.Buys().Select(o => o.Price)));
        Assert.Equal(sell, string.Join(" ", h.Sells().Select(o => o.Price)));
    }

    [Fact]
    public async Task Transaction_costs_move_buys_down_and_sells_up_by_the_maker_fee()
    {
        var (h, _) = await Pmm.StartAsync(c => c with { AddTransactionCosts = true });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal(Pmm.P((98.7m, 0.1m)), h.Buys());    // 99.0 × 0.9975 = 98.7525 → 98.7
        Assert.Equal(Pmm.P((101.3m, 0.1m)), h.Sells());  // 101.0 × 1.0025 = 101.2525 → 101.3
    }

    [Fact]
    public async Task Crossing_orders_are_dropped_unless_take_if_crossed_sends_them_as_plain_limits()
    {
        // The reference comes from ETH-USD (mid 105): the buy at 103.9 would cross BTC-USD's ask 100.1.
        Func<PureMarketMakingConfig, PureMarketMakingConfig> external = c => c with
        {
            PriceSource = PriceSource.ExternalMarket,
            PriceSourceExchange = "kraken_paper_trade",
            PriceSourceMarket = StrategyHarness.EthUsdPair,
        };
        {
            var (h, _) = await Pmm.StartAsync(external, bids: [(99.9m, 5m)], asks: [(100.1m, 5m)], ethMid: 105m);
            await using var _ = h;
            await h.TickAsync();
            Assert.Empty(h.Buys());
            Assert.Equal(Pmm.P((106.1m, 0.1m)), h.Sells());
            Assert.All(h.Exchange.OpenOrders, o => Assert.Equal(OrderType.LimitMaker, o.Request.Type));
        }
        {
            var (h, _) = await Pmm.StartAsync(c => external(c) with { TakeIfCrossed = true }, bids: [(99.9m, 5m)], asks: [(100.1m, 5m)], ethMid: 105m);
            await using var _ = h;
            await h.TickAsync();
            var buy = h.Driver.Orders.All.Single(o => o.Side == OrderSide.Buy);
            Assert.Equal((OrderType.Limit, 103.9m), (buy.Order.Request.Type, buy.Price));
            Assert.Equal(OrderState.Filled, buy.Order.State); // it took the ask
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_order_override_or_split_levels_replace_spreads_levels_and_amounts(bool split)
    {
        var (h, _) = await Pmm.StartAsync(c => split
            ? c with
            {
                SplitOrderLevelsEnabled = true,
                BidOrderLevelSpreads = [0.01m, 0.02m],
                BidOrderLevelAmounts = [0.2m, 0.3m],
                AskOrderLevelSpreads = [0.015m],
                AskOrderLevelAmounts = [0.1m, 0.4m],
            }
            : c with
            {
                OrderLevels = 5,
                OrderOverride =
                [
                    new OrderOverride("a", OrderSide.Buy, 0.01m, 0.2m), new OrderOverride("b", OrderSide.Sell, 0.015m, 0.1m),
                    new OrderOverride("c", OrderSide.Buy, 0.02m, 0.3m),
                ],
            });
        await using var _ = h;
        await h.TickAsync();

        Assert.Equal(Pmm.P((99.0m, 0.2m), (98.0m, 0.3m)), h.Buys());
        Assert.Equal(Pmm.P((101.5m, 0.1m)), h.Sells());
    }
}
