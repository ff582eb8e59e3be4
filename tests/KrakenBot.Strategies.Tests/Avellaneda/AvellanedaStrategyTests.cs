using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Avellaneda;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Avellaneda;

/// <summary>
/// The Avellaneda–Stoikov strategy on a scripted paper market and a fake clock: it waits for its estimators, then
/// quotes around the reservation price, skewed and sized against its inventory, moves its quotes by amend, and
/// pauses after a fill.
/// </summary>
public sealed class AvellanedaStrategyTests
{
    private static readonly TradingPair BtcUsd = StrategyHarness.BtcUsd;

    private static readonly AvellanedaConfig Config = new()
    {
        Market = BtcUsd, OrderAmount = 0.1m, RiskFactor = 0.5, OrderAmountShapeFactor = 1.0, MinSpread = 0.001m,
        OrderRefreshTime = TimeSpan.FromSeconds(1), FilledOrderDelay = TimeSpan.FromSeconds(10), InventoryTargetBase = 0.5m,
        VolatilityBufferSize = 4, TradingIntensityBufferSize = 3,
    };

    private static AvellanedaMarketMaking Strategy() => new(Config);

    // One tick of market: the book around the mid, then trades at a few depths above it (fewer the deeper).
    private static async Task MarketTickAsync(StrategyHarness h, decimal mid, bool trades = true)
    {
        await h.BookAsync([(mid - 0.1m, 5m)], [(mid + 0.1m, 5m)]);
        await h.TickAsync();
        if (!trades) return;
        await h.PrintAsync(mid + 0.2m, 0.8m, OrderSide.Buy);
        await h.PrintAsync(mid + 0.5m, 0.3m, OrderSide.Buy);
        await h.PrintAsync(mid + 1.0m, 0.1m, OrderSide.Buy);
    }

    [Fact]
    public async Task It_waits_for_its_estimators_then_quotes_around_the_reservation_price_skewed_and_sized_against_its_inventory()
    {
        var strategy = Strategy();
        // 3 BTC and 100 USD at 100: 75 % of the value in base, target 50 %: long, so q > 0.
        await using var h = await StrategyHarness.StartAsync(strategy, balances: new Dictionary<string, decimal> { ["USD"] = 100m, ["BTC"] = 3m });

        decimal[] mids = [100.0m, 100.2m, 99.9m, 100.1m];
        foreach (var mid in mids)
        {
            await MarketTickAsync(h, mid);
            Assert.Empty(h.Open);
        }
        Assert.Contains(strategy.Warnings, w => w.Contains("Collecting", StringComparison.Ordinal));

        await MarketTickAsync(h, 100.0m, trades: false);
        var quote = Assert.IsType<AvellanedaQuote>(strategy.LastQuote);
        Assert.Empty(strategy.Warnings);
        Assert.True(quote.Inventory > 0, $"q = {quote.Inventory}");
        Assert.True(quote.Sigma > 0 && quote.Kappa > 0);
        double reservation = AvellanedaModel.ReservationPrice(100.0, quote.Inventory, 0.5, quote.Sigma, 1.0, SigmaConvention.PaperExact);
        Assert.Equal(reservation, (double)quote.ReservationPrice, 6);
        Assert.True(quote.ReservationPrice < 100.0m); // long: quotes lean down to sell
        Assert.True(quote.AskPrice - 100.0m < 100.0m - quote.BidPrice); // the ask is the nearer side
        Assert.True(quote.BidAmount < quote.AskAmount); // buys shrink by e^(−ηq)
        Assert.True(quote.AskPrice - quote.BidPrice >= 0.1m); // at least the minimum spread (0.1 % of 100)

        var bid = Assert.Single(h.Open, o => o.Side == OrderSide.Buy);
        var ask = Assert.Single(h.Open, o => o.Side == OrderSide.Sell);
        Assert.Equal((quote.BidPrice, quote.BidAmount), (bid.Price, bid.Order.Request.Amount));
        Assert.Equal((quote.AskPrice, quote.AskAmount), (ask.Price, ask.Order.Request.Amount));
        Assert.Equal(OrderType.LimitMaker, bid.Order.Request.Type);
    }

    [Fact]
    public async Task Quotes_move_by_amend_keeping_their_orders_and_a_fill_pauses_quoting_for_the_filled_order_delay()
    {
        var strategy = Strategy();
        await using var h = await StrategyHarness.StartAsync(strategy, balances: new Dictionary<string, decimal> { ["USD"] = 300m, ["BTC"] = 3m });
        foreach (var mid in new[] { 100.0m, 100.2m, 99.9m, 100.1m }) await MarketTickAsync(h, mid);
        await MarketTickAsync(h, 100.0m, trades: false);
        var ids = h.Open.Select(o => o.ClientOrderId).Order().ToList();
        Assert.Equal(2, ids.Count);
        decimal bidBefore = h.Open.Single(o => o.Side == OrderSide.Buy).Price;

        await MarketTickAsync(h, 101.0m, trades: false); // the market moves up a whole unit
        await h.SettleAsync();
        Assert.Equal(ids, h.Open.Select(o => o.ClientOrderId).Order()); // the same orders
        decimal bidAfter = h.Open.Single(o => o.Side == OrderSide.Buy).Price;
        Assert.True(bidAfter > bidBefore, $"bid {bidBefore} → {bidAfter}");
        Assert.Equal(strategy.LastQuote!.BidPrice, bidAfter);

        // A seller hits the bid: filled; for the next 10 s no new quote, then quoting resumes.
        await h.PrintAsync(bidAfter - 0.5m, 5m, OrderSide.Sell);
        await h.SettleAsync();
        Assert.DoesNotContain(h.Open, o => o.Side == OrderSide.Buy);
        for (int i = 0; i < 5; i++)
        {
            await MarketTickAsync(h, 101.0m, trades: false);
            Assert.DoesNotContain(h.Open, o => o.Side == OrderSide.Buy);
        }
        for (int i = 0; i < 7; i++) await MarketTickAsync(h, 101.0m, trades: false);
        Assert.Single(h.Open, o => o.Side == OrderSide.Buy);
    }

    [Fact]
    public async Task Several_levels_sit_level_distances_of_the_optimal_half_spread_apart_each_its_own_order()
    {
        var strategy = new AvellanedaMarketMaking(Config with { OrderLevels = 3, LevelDistance = 0.5m, OrderAmountShapeFactor = 0 });
        await using var h = await StrategyHarness.StartAsync(strategy, balances: new Dictionary<string, decimal> { ["USD"] = 300m, ["BTC"] = 3m });
        foreach (var mid in new[] { 100.0m, 100.2m, 99.9m, 100.1m }) await MarketTickAsync(h, mid);
        await MarketTickAsync(h, 100.0m, trades: false);

        var quote = Assert.IsType<AvellanedaQuote>(strategy.LastQuote);
        var rule = h.Exchange.GetTradingRule(BtcUsd);
        decimal step = quote.OptimalSpread / 2 * 0.5m; // (δ*/2) · level_distances
        Assert.True(step > rule.TickSize, $"step {step}: the levels must be apart for the test to mean something");
        for (int level = 0; level < 3; level++)
        {
            var bid = Assert.Single(h.Open, o => o.Label == AvellanedaMarketMaking.LevelLabel(OrderSide.Buy, level));
            var ask = Assert.Single(h.Open, o => o.Label == AvellanedaMarketMaking.LevelLabel(OrderSide.Sell, level));
            Assert.Equal(rule.QuantizePrice(quote.BidPrice - level * step, RoundingDirection.Down), bid.Price);
            Assert.Equal(rule.QuantizePrice(quote.AskPrice + level * step, RoundingDirection.Up), ask.Price);
            Assert.Equal(quote.BidAmount, bid.Order.Request.Amount);
        }
        Assert.Equal(6, h.Open.Count);
        Assert.Equal(["ask", "ask2", "ask3", "bid", "bid2", "bid3"], h.Open.Select(o => o.Label).Order());
    }

    [Fact]
    public async Task With_hanging_orders_a_fill_leaves_the_other_side_hanging_unmoved_until_it_is_too_far_from_the_mid()
    {
        var strategy = new AvellanedaMarketMaking(Config with { HangingOrdersEnabled = true, HangingOrdersCancel = 0.02m });
        await using var h = await StrategyHarness.StartAsync(strategy, balances: new Dictionary<string, decimal> { ["USD"] = 300m, ["BTC"] = 3m });
        foreach (var mid in new[] { 100.0m, 100.2m, 99.9m, 100.1m }) await MarketTickAsync(h, mid);
        await MarketTickAsync(h, 100.0m, trades: false);
        var bid = h.Open.Single(o => o.Side == OrderSide.Buy);
        var ask = h.Open.Single(o => o.Side == OrderSide.Sell);
        decimal hangingPrice = ask.Price;

        // A seller takes the bid: the ask of the same level is now a hanging order.
        await h.PrintAsync(bid.Price - 0.5m, 5m, OrderSide.Sell);
        await h.SettleAsync();
        var hanging = Assert.Single(h.Open);
        Assert.Equal(ask.ClientOrderId, hanging.ClientOrderId);
        Assert.Equal(AvellanedaMarketMaking.HangingLabel, hanging.Label);

        // After the filled-order delay quoting resumes with a fresh pair; the market rising 1 % moves the quotes, not the hanging order.
        for (int i = 0; i < 12; i++) await MarketTickAsync(h, 101.0m, trades: false);
        await h.SettleAsync();
        Assert.Equal(3, h.Open.Count);
        Assert.Equal(hangingPrice, h.Open.Single(o => o.Label == AvellanedaMarketMaking.HangingLabel).Price);
        Assert.Single(h.Open, o => o.Label == "ask");
        Assert.Single(h.Open, o => o.Label == "bid");

        // More than 2 % from the mid: the hanging order is cancelled; the quotes stay.
        await MarketTickAsync(h, 103.0m, trades: false);
        await h.SettleAsync();
        Assert.DoesNotContain(h.Open, o => o.Label == AvellanedaMarketMaking.HangingLabel);
        Assert.Equal(["ask", "bid"], h.Open.Select(o => o.Label).Order());
    }
}
