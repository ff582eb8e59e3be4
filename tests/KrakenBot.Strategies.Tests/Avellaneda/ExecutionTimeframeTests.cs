using KrakenBot.Strategies.Avellaneda;
using Xunit;

namespace KrakenBot.Strategies.Tests.Avellaneda;

public class ExecutionTimeframeTests
{
    private static readonly DateTimeOffset Day = new(2026, 12, 5, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Infinite_is_always_active_with_the_whole_horizon_left()
    {
        Assert.True(ExecutionTimeframe.Infinite.IsActive(Day));
        Assert.Equal(1.0, ExecutionTimeframe.Infinite.TimeLeftFraction(Day.AddYears(3)));
    }

    [Fact]
    public void From_date_to_date_counts_down_over_its_span()
    {
        var frame = new FromDateToDate(Day.AddHours(10), Day.AddHours(14));
        Assert.False(frame.IsActive(Day.AddHours(9)));
        Assert.True(frame.IsActive(Day.AddHours(11)));
        Assert.Equal(0.75, frame.TimeLeftFraction(Day.AddHours(11)), 12);
        Assert.False(frame.IsActive(Day.AddHours(14)));
        Assert.Equal(0, frame.TimeLeftFraction(Day.AddHours(15)), 12);
        Assert.Throws<ArgumentException>(() => new FromDateToDate(Day, Day));
    }

    [Fact]
    public void A_daily_window_repeats_each_day_and_may_cross_midnight()
    {
        var day = new DailyBetweenTimes(new TimeOnly(9, 0), new TimeOnly(17, 0));
        Assert.True(day.IsActive(Day.AddDays(3).AddHours(13)));
        Assert.Equal(0.5, day.TimeLeftFraction(Day.AddDays(3).AddHours(13)), 12);
        Assert.False(day.IsActive(Day.AddHours(18)));

        var night = new DailyBetweenTimes(new TimeOnly(22, 0), new TimeOnly(2, 0));
        Assert.True(night.IsActive(Day.AddHours(23)));
        Assert.Equal(0.75, night.TimeLeftFraction(Day.AddHours(23)), 12);
        Assert.True(night.IsActive(Day.AddHours(1)));   // the window that started yesterday at 22:00
        Assert.Equal(0.25, night.TimeLeftFraction(Day.AddHours(1)), 12);
        Assert.False(night.IsActive(Day.AddHours(3)));
    }
}
