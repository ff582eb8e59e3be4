using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Arbitrage;
using Xunit;

namespace KrakenBot.Strategies.Tests.Arbitrage;

/// <summary>The detector on hand-computed books: depth walked level by level, taker fee in quote, lot and minimums.</summary>
public sealed class CycleDetectorTests
{
    private static readonly TradingPair BtcUsd = TradingPair.Parse("BTC-USD");
    private static readonly TradingPair EthBtc = TradingPair.Parse("ETH-BTC");
    private static readonly TradingPair EthUsd = TradingPair.Parse("ETH-USD");
    private static readonly TradingPair[] Pairs = [BtcUsd, EthBtc, EthUsd];

    private static Dictionary<TradingPair, LegMarket> Books(decimal fee = 0.001m, decimal ethBtcMin = 0.01m, bool ethUsdTradable = true) => new()
    {
        [BtcUsd] = new LegMarket(BtcUsd, [new(59990m, 1m)], [new(60000m, 0.01m), new(60010m, 1m)], 8, 0.0001m, 0.5m, fee),
        [EthBtc] = new LegMarket(EthBtc, [new(0.0489m, 10m)], [new(0.049m, 0.1m), new(0.0491m, 10m)], 8, ethBtcMin, 0.00002m, fee),
        [EthUsd] = new LegMarket(EthUsd, [new(3000m, 0.1m), new(2990m, 10m)], [new(3010m, 10m)], 8, 0.002m, 0.5m, fee, ethUsdTradable),
    };

    [Fact]
    public void The_triangle_has_two_directions_from_the_start_asset_with_the_side_each_hop_needs()
    {
        Assert.Equal("USD", TriangleCycle.DefaultStartAsset(Pairs));
        var both = TriangleCycle.Both(Pairs, "USD");
        Assert.Equal(["USD → BTC → ETH → USD", "USD → ETH → BTC → USD"], both.Select(c => c.Route));
        Assert.Equal(["buy BTC-USD", "buy ETH-BTC", "sell ETH-USD"], both[0].Legs.Select(l => l.ToString()));
        Assert.Equal(["buy ETH-USD", "sell ETH-BTC", "sell BTC-USD"], both[1].Legs.Select(l => l.ToString()));
        Assert.Equal(["sell BTC-USD", "buy ETH-USD", "sell ETH-BTC"], TriangleCycle.Both(Pairs, "BTC")[0].Legs.Select(l => l.ToString()));

        var notTriangle = Assert.Throws<ArgumentException>(() => TriangleCycle.Both([BtcUsd, EthUsd, TradingPair.Parse("SOL-USD")], "USD"));
        Assert.Contains("three pairs over three assets", notTriangle.Message);
        var twice = Assert.Throws<ArgumentException>(() => TriangleCycle.Both([BtcUsd, TradingPair.Parse("USD-BTC"), EthUsd], "USD"));
        Assert.Contains("linked once", twice.Message);
        var start = Assert.Throws<ArgumentException>(() => TriangleCycle.Both(Pairs, "EUR"));
        Assert.Contains("EUR is not traded", start.Message);
    }

    [Fact]
    public void A_profitable_cycle_is_priced_through_the_depth_of_every_leg_with_fees_and_lot_decimals()
    {
        var cycle = TriangleCycle.Both(Pairs, "USD")[0];
        // Leg 1: 1201.3001 USD / 1.001 = 1200.1 to spend: 0.01 @ 60000 (600) + 600.1 / 60010 = 0.01 @ 60010: 0.02 BTC.
        // Leg 2: 0.02 / 1.001 = 0.01998001998 BTC: 0.1 ETH @ 0.049 (0.0049 BTC) + 0.01508001998 / 0.0491 = 0.30712871|6 ETH
        //        → 0.40712871 ETH (lot 8), cost 0.0049 + 0.30712871 × 0.0491 = 0.019980019661 BTC, spend × 1.001.
        // Leg 3: 0.1 @ 3000 + 0.30712871 @ 2990 = 1218.3148429 USD, × 0.999 = 1217.0965280571.
        var quote = CycleDetector.Evaluate(cycle, Books(), 1201.3001m);

        Assert.True(quote.IsExecutable, quote.Problem);
        var (l1, l2, l3) = (quote.Legs[0], quote.Legs[1], quote.Legs[2]);
        Assert.Equal((0.02m, 60010m, 60005m, 1201.3001m, 0.02m), (l1.Amount, l1.LimitPrice, l1.AveragePrice, l1.Spend, l1.Receive));
        Assert.Equal((0.40712871m, 0.0491m, 0.019999999680661m, 0.40712871m), (l2.Amount, l2.LimitPrice, l2.Spend, l2.Receive));
        Assert.Equal((0.40712871m, 2990m, 0.40712871m, 1217.0965280571m), (l3.Amount, l3.LimitPrice, l3.Spend, l3.Receive));
        Assert.Equal(1201.3001m, quote.Spent);
        Assert.Equal(1217.0965280571m - 1201.3001m, quote.Edge);
        Assert.Equal(131.494m, decimal.Round(quote.EdgeBps, 3));
    }

    [Fact]
    public void The_other_direction_loses_and_the_better_one_comes_first()
    {
        // USD → ETH → BTC → USD: 1200.1 / 3010 = 0.39870431 ETH (cost 1200.0999731, × 1.001 = 1201.3000730731 USD);
        // × 0.0489 = 0.019496640759 BTC, × 0.999 = 0.019477144118241; 0.01947714 BTC × 59990 = 1168.4336286, × 0.999.
        var both = CycleDetector.EvaluateAll(TriangleCycle.Both(Pairs, "USD"), Books(), 1201.3001m);
        Assert.Equal("USD → BTC → ETH → USD", both[0].Cycle.Route);
        var back = both[1];
        Assert.True(back.IsExecutable);
        Assert.Equal(0.39870431m, back.Legs[0].Amount);
        Assert.Equal(1201.3000730731m, back.Spent);
        Assert.Equal(0.01947714m, back.Legs[2].Amount);
        Assert.Equal(1168.4336286m * 0.999m, back.Received);
        Assert.True(back.Edge < 0 && back.EdgeBps < -280m, back.ToString());
    }

    [Fact]
    public void Fees_can_turn_an_edge_into_a_loss()
    {
        var cycle = TriangleCycle.Both(Pairs, "USD")[0];
        Assert.True(CycleDetector.Evaluate(cycle, Books(fee: 0.001m), 1201.3001m).Edge > 0);
        // About 161 bps before fees: three legs at 0.5 % leave some of it, at 0.6 % (180 bps) none.
        Assert.True(CycleDetector.Evaluate(cycle, Books(fee: 0.005m), 1201.3001m).Edge > 0);
        Assert.True(CycleDetector.Evaluate(cycle, Books(fee: 0.006m), 1201.3001m).Edge < 0);
    }

    [Fact]
    public void Thin_depth_a_minimum_not_met_and_a_closed_market_are_refused_naming_the_leg()
    {
        var cycle = TriangleCycle.Both(Pairs, "USD")[0];
        // 0.02 BTC buys ~0.407 ETH; asks hold 10.1 ETH, bids of ETH-USD 10.1: 100 000 USD cannot be spent on 1.01 BTC of asks.
        var thin = CycleDetector.Evaluate(cycle, Books(), 100_000m);
        Assert.False(thin.IsExecutable);
        Assert.Equal("buy BTC-USD: the visible depth is too thin for the amount", thin.Problem);
        Assert.Equal(0m, thin.Edge);

        var min = CycleDetector.Evaluate(cycle, Books(ethBtcMin: 1m), 1201.3001m);
        Assert.Equal("buy ETH-BTC: 0.40712871 ETH is under the minimum order of 1", min.Problem);

        var tiny = CycleDetector.Evaluate(cycle, Books(), 0.4m);
        Assert.Equal("buy BTC-USD: 0.00000666 BTC is under the minimum order of 0.0001", tiny.Problem);
        var noMinAmount = Books();
        noMinAmount[BtcUsd] = noMinAmount[BtcUsd] with { MinAmount = 0m };
        var cheap = CycleDetector.Evaluate(cycle, noMinAmount, 0.4m);
        Assert.StartsWith("buy BTC-USD: a cost of 0.3996", cheap.Problem);
        Assert.EndsWith("USD is under the minimum of 0.5", cheap.Problem);

        var closed = CycleDetector.Evaluate(cycle, Books(ethUsdTradable: false), 1201.3001m);
        Assert.StartsWith("sell ETH-USD: the market takes no orders now", closed.Problem);
        Assert.Equal(2, closed.Legs.Count);
    }

    [Fact]
    public void Walks_take_whole_levels_then_part_of_the_next_and_cut_to_the_lot()
    {
        BookLevel[] asks = [new(100m, 1m), new(101m, 2m)];
        Assert.Equal(new Walk(1.5m, 150.5m, 101m), BookWalk.TakeBase(asks, 1.5m));
        Assert.Null(BookWalk.TakeBase(asks, 3.01m));
        Assert.Equal(new Walk(3m, 302m, 101m), BookWalk.TakeBase(asks, 3m));
        // 200 quote: 1 @ 100, then 100 / 101 = 0.990099… → 0.9900 at 4 decimals.
        Assert.Equal(new Walk(1.99m, 199.99m, 101m), BookWalk.SpendQuote(asks, 200m, 4));
        Assert.Null(BookWalk.SpendQuote(asks, 303m, 8));
        Assert.Equal(new Walk(1m, 100m, 100m), BookWalk.SpendQuote(asks, 100m, 8));
    }
}
