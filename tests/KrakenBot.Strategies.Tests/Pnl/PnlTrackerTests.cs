using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Pnl;
using Xunit;

namespace KrakenBot.Strategies.Tests.Pnl;

public class PnlTrackerTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static int _trade;

    private static Fill F(OrderSide side, decimal price, decimal amount, decimal fee = 0m, string feeAsset = "USD") =>
        new($"T{++_trade}", "c1", null, BtcUsd, side, price, amount, fee, feeAsset, true, T0);

    [Fact]
    public void Average_cost_realizes_on_sells_and_fees_sit_in_cost_and_proceeds_once()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(startBase: 1m, startQuote: 1000m, startMark: 100m, T0);

        pnl.Apply(F(OrderSide.Buy, 90m, 1m, fee: 0.09m));            // cost 90.09 for 1 BTC
        Assert.Equal(95.045m, pnl.State.AverageCost);                 // (100 + 90.09) / 2
        pnl.Apply(F(OrderSide.Sell, 110m, 1.5m, fee: 0.165m));        // brings in 164.835
        Assert.Equal(164.835m - 1.5m * 95.045m, pnl.State.Realized);  // 22.2675
        pnl.Mark(105m);

        var s = pnl.Snapshot();
        Assert.Equal(0.5m, s.State.Base);
        Assert.Equal(1000m - 90.09m + 164.835m, s.State.Quote);
        Assert.Equal(0.5m * (105m - 95.045m), s.Unrealized);
        Assert.Equal(s.Equity - s.StartEquity, s.Total);              // fees are not taken off a second time
        Assert.Equal(0.255m, s.FeesInQuote);
        Assert.Equal(0.255m, s.Fees["USD"]);
    }

    [Fact]
    public void A_mark_at_the_same_mid_keeps_the_state_as_it_was_and_a_new_mid_moves_it()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(startBase: 1m, startQuote: 1000m, startMark: 100m, T0);
        pnl.Mark(101m);
        var before = pnl.State;

        Assert.False(pnl.Mark(101m));
        Assert.Same(before, pnl.State); // the replay marks on every book change: an unchanged mid allocates nothing

        pnl.Mark(100.5m);
        Assert.Equal(100.5m, pnl.State.Mark);
        Assert.Equal(1101m, pnl.State.PeakEquity); // the peak stays at 101's equity
    }

    [Fact]
    public void Marks_that_set_no_new_peak_allocate_nothing_and_the_state_read_after_them_has_the_last()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(startBase: 1m, startQuote: 1000m, startMark: 100m, T0);
        pnl.Mark(99m);
        pnl.Mark(98m); // warm

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            Assert.False(pnl.Mark(i % 2 == 0 ? 99m : 98.5m)); // below the start's equity: no new peak, nothing to save
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(98.5m, pnl.State.Mark);
        Assert.Equal(-1.5m, pnl.Snapshot().Total);
        Assert.Equal(1100m, pnl.State.PeakEquity);
    }

    [Fact]
    public void Marks_that_set_a_new_peak_allocate_nothing_are_reported_and_the_state_read_after_them_has_the_peak()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(startBase: 1m, startQuote: 1000m, startMark: 100m, T0);
        int changed = 0;
        pnl.Changed += () => changed++;
        pnl.Mark(101m); // warm

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            Assert.True(pnl.Mark(102m + i)); // each a new high: the peak is saved, so it is reported
        }

        var (held, quote) = pnl.Holdings; // what the backtester samples, read without a new state
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal((1m, 1000m), (held, quote));
        Assert.Equal(1_001, changed);
        Assert.Equal(1101m, pnl.State.Mark);
        Assert.Equal(2101m, pnl.State.PeakEquity);
        Assert.Same(pnl.State, pnl.State);
        pnl.Mark(1000m);
        Assert.Equal(2101m, pnl.State.PeakEquity); // a lower mark leaves the peak as it was
    }

    [Fact]
    public void A_fee_paid_in_base_shrinks_the_position_and_is_counted_once()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(0m, 1000m, 100m, T0);

        pnl.Apply(F(OrderSide.Buy, 100m, 1m, fee: 0.01m, feeAsset: "BTC")); // receive 0.99 BTC for 100 USD
        Assert.Equal(0.99m, pnl.State.Base);
        Assert.Equal(100m / 0.99m, pnl.State.AverageCost);
        pnl.Apply(F(OrderSide.Sell, 100m, 0.98m, fee: 0.01m, feeAsset: "BTC")); // gives 0.99 BTC, gets 98 USD
        pnl.Mark(100m);

        var s = pnl.Snapshot();
        Assert.Equal(0m, s.State.Base);
        Assert.Equal(998m, s.State.Quote);
        Assert.Equal(-2m, s.Total!.Value, 20);
        Assert.Equal(s.Equity - s.StartEquity, s.Total);
        Assert.Equal(0.02m, s.Fees["BTC"]);
        Assert.Equal(2m, s.FeesInQuote);
    }

    [Fact]
    public void Hummingbot_8099_a_round_trip_shows_its_return_with_fees_counted_once()
    {
        // 10 000 USD, buy 1 BTC at 10 000 (fee 26 USD), sell it at 11 000 (fee 28.6 USD): +945.4 USD, +9.454 %.
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(0m, 10_000m, 10_000m, T0);
        pnl.Apply(F(OrderSide.Buy, 10_000m, 1m, fee: 26m));
        pnl.Apply(F(OrderSide.Sell, 11_000m, 1m, fee: 28.6m));
        pnl.Mark(11_000m);

        var s = pnl.Snapshot();
        Assert.Equal(945.4m, s.Total);
        Assert.Equal(945.4m, s.Realized);
        Assert.Equal(0.09454m, s.Return);
        Assert.Equal(54.6m, s.FeesInQuote);
    }

    [Fact]
    public void Selling_through_zero_opens_a_short_at_the_fill_price_and_buying_back_realizes_it()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(1m, 0m, 100m, T0);
        pnl.Apply(F(OrderSide.Sell, 120m, 3m));      // 1 closed at +20, short 2 at 120
        Assert.Equal((-2m, 120m, 20m), (pnl.State.Base, pnl.State.AverageCost, pnl.State.Realized));
        pnl.Apply(F(OrderSide.Buy, 110m, 2m));       // short covered at +10 each
        Assert.Equal((0m, 40m), (pnl.State.Base, pnl.State.Realized));
        pnl.Mark(130m);
        var s = pnl.Snapshot();
        Assert.Equal(s.Equity - s.StartEquity, s.Total);
    }

    [Fact]
    public void Peak_equity_follows_new_highs_and_drawdown_is_measured_from_it()
    {
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(10m, 0m, 100m, T0);
        Assert.True(pnl.Mark(120m));
        Assert.False(pnl.Mark(90m));
        var s = pnl.Snapshot();
        Assert.Equal(1200m, s.State.PeakEquity);
        Assert.Equal(0.25m, s.Drawdown);
        Assert.Equal(-0.1m, s.Return);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void Total_pnl_always_equals_the_change_in_equity_whatever_the_fills_and_fee_assets(int seed)
    {
        var random = new Random(seed);
        var pnl = new PnlTracker(BtcUsd);
        pnl.Begin(random.Next(0, 5), random.Next(0, 5000), 100m, T0);
        for (int i = 0; i < 300; i++)
        {
            var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
            decimal price = 50m + random.Next(0, 1000) / 10m;
            decimal amount = random.Next(1, 300) / 100m;
            decimal fee = random.Next(0, 3) switch { 0 => 0m, 1 => amount * price * 0.0026m, _ => amount * 0.0026m };
            string asset = fee > 0 && fee < amount ? "BTC" : "USD";
            pnl.Apply(F(side, price, amount, fee, asset));
            pnl.Mark(50m + random.Next(0, 1000) / 10m);
            var s = pnl.Snapshot();
            Assert.Equal(Math.Round(s.Equity!.Value - s.StartEquity!.Value, 12), Math.Round(s.Total!.Value, 12));
        }
    }
}
