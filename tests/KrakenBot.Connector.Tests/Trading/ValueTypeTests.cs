using Xunit;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Tests.Trading;

public class ValueTypeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Balance_total_is_available_plus_held()
    {
        var balance = new Balance("BTC", 1.5m, 0.25m);
        Assert.Equal(1.75m, balance.Total);

        var fromTotal = Balance.FromTotal("USD", 1000m, 250.5m);
        Assert.Equal(749.5m, fromTotal.Available);
        Assert.Equal(fromTotal.Total, fromTotal.Available + fromTotal.Held);
    }

    [Fact]
    public void Balance_refuses_negative_parts_and_holds_above_total()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Balance("BTC", -1m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Balance("BTC", 1m, -0.1m));
        Assert.Throws<ArgumentOutOfRangeException>(() => Balance.FromTotal("BTC", 1m, 2m));
    }

    [Fact]
    public void Fill_needs_an_order_id_and_positive_price_and_amount()
    {
        var pair = new TradingPair("BTC", "USD");
        Assert.Throws<ArgumentException>(() => new Fill("T1", null, null, pair, OrderSide.Buy, 1m, 1m, 0m, "USD", true, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fill("T1", "c", null, pair, OrderSide.Buy, 0m, 1m, 0m, "USD", true, T0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fill("T1", "c", null, pair, OrderSide.Buy, 1m, -1m, 0m, "USD", true, T0));
        Assert.Equal(2.5m, new Fill("T1", "c", null, pair, OrderSide.Buy, 10m, 0.25m, 0m, "USD", true, T0).Cost);
    }

    [Fact]
    public void Candle_checks_high_and_low_bracket_open_and_close()
    {
        var candle = new Candle(T0, TimeSpan.FromMinutes(1), 10m, 12m, 9m, 11m, 10.5m, 3m, 7, true);
        Assert.Equal(T0.AddMinutes(1), candle.CloseTime);

        var error = Assert.Throws<ArgumentException>(() => new Candle(T0, TimeSpan.FromMinutes(1), 10m, 12m, 9m, 13m, 10.5m, 3m, 7, true));
        Assert.Contains("close 13", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Candle(T0, TimeSpan.Zero, 10m, 10m, 10m, 10m, 10m, 0m, 0, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Candle(T0, TimeSpan.FromMinutes(1), 10m, 10m, 10m, 10m, 10m, -1m, 0, false));
    }

    [Fact]
    public void Fee_schedule_picks_the_highest_step_reached()
    {
        var schedule = new FeeSchedule([new(50000m, 0.24m), new(0m, 0.26m), new(100000m, 0.22m)]);
        Assert.Equal(0.26m, schedule.PercentFor(0m));
        Assert.Equal(0.26m, schedule.PercentFor(49999.99m));
        Assert.Equal(0.24m, schedule.PercentFor(50000m));
        Assert.Equal(0.22m, schedule.PercentFor(10_000_000m));
        Assert.Equal([0m, 50000m, 100000m], schedule.Steps.Select(s => s.FromVolume));
        Assert.Throws<InvalidOperationException>(() => FeeSchedule.Empty.PercentFor(1m));
    }
}
