using KrakenBot.Backtest.Replay;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>The replay's clock fires timers as a FakeTimeProvider does, though it moves its provider only when one is due.</summary>
public sealed class ReplayClockTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_timer_fires_once_when_the_clock_reaches_it_and_sees_the_time_it_was_moved_to()
    {
        var clock = new ReplayClock(T0);
        var seen = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => seen.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        clock.MoveTo(T0.AddSeconds(4.9));
        Assert.Empty(seen);
        clock.MoveTo(T0.AddSeconds(6));
        clock.MoveTo(T0.AddSeconds(60));
        Assert.Equal([T0.AddSeconds(6)], seen);
        Assert.Equal(T0.AddSeconds(60), clock.GetUtcNow());
    }

    [Fact]
    public void A_periodic_timer_fires_for_each_period_passed_and_a_changed_or_disposed_one_as_told()
    {
        var clock = new ReplayClock(T0);
        int ticks = 0, later = 0;
        var periodic = clock.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        var moved = clock.CreateTimer(_ => later++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        clock.MoveTo(T0.AddSeconds(1.5));
        moved.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan); // now due at 11.5 s
        clock.MoveTo(T0.AddSeconds(3.5));
        Assert.Equal(3, ticks);
        Assert.Equal(0, later);

        periodic.Dispose();
        clock.MoveTo(T0.AddSeconds(11.5));
        Assert.Equal(3, ticks);
        Assert.Equal(1, later);
    }

    [Fact]
    public async Task A_delay_on_the_clock_ends_when_the_replay_passes_it()
    {
        var clock = new ReplayClock(T0);
        var delay = Task.Delay(TimeSpan.FromSeconds(2), clock);
        clock.MoveTo(T0.AddSeconds(1));
        Assert.False(delay.IsCompleted);
        clock.MoveTo(T0.AddSeconds(2));
        await delay.WaitAsync(TimeSpan.FromSeconds(30)); // completes on this move; the timeout only bounds a failure
    }
}
