using KrakenBot.Connector.Candles;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.Candles;

public sealed class TradeCandleBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void One_candle_per_interval_with_trades_and_none_for_an_empty_interval()
    {
        var builder = new TradeCandleBuilder(TimeSpan.FromMinutes(5));
        builder.Add(10.0m, 1m, T0.AddSeconds(1));
        builder.Add(12.5m, 2m, T0.AddMinutes(2));
        builder.Add(9.5m, 1m, T0.AddMinutes(4).AddSeconds(59));
        builder.Add(11.0m, 0.5m, T0.AddMinutes(4).AddSeconds(59.9)); // same interval, last trade closes it
        builder.Add(20.0m, 4m, T0.AddMinutes(10)); // 10:05 had no trades

        List<Candle> candles = builder.Build(T0.AddMinutes(12));

        Assert.Equal([T0, T0.AddMinutes(10)], candles.Select(c => c.OpenTime));
        Candle first = candles[0];
        Assert.Equal((10.0m, 12.5m, 9.5m, 11.0m, 4.5m, 4L), (first.Open, first.High, first.Low, first.Close, first.Volume, first.TradeCount));
        Assert.Equal((10.0m + 25.0m + 9.5m + 5.5m) / 4.5m, first.Vwap);
        Assert.True(first.IsClosed);
        Assert.False(candles[1].IsClosed); // 10:10–10:15 has not ended at 10:12
        Assert.Equal(TimeSpan.FromMinutes(5), candles[1].Interval);
    }

    [Fact]
    public void Intervals_are_aligned_to_the_epoch_like_Krakens()
    {
        var builder = new TradeCandleBuilder(TimeSpan.FromDays(7));
        builder.Add(1m, 1m, new DateTimeOffset(2026, 1, 6, 12, 0, 0, TimeSpan.Zero)); // a Tuesday

        Candle week = Assert.Single(builder.Build(DateTimeOffset.MaxValue));

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), week.OpenTime); // Thursday, as 1970-01-01
    }

    [Fact]
    public void Trades_out_of_time_order_are_refused_with_a_clear_error()
    {
        var builder = new TradeCandleBuilder(TimeSpan.FromMinutes(1));
        builder.Add(1m, 1m, T0.AddMinutes(3));

        var error = Assert.Throws<InvalidOperationException>(() => builder.Add(1m, 1m, T0));

        Assert.Contains("out of time order", error.Message);
    }
}
