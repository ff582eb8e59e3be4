namespace KrakenBot.EndToEnd.Tests;

/// <summary>
/// The real clock, counting the timers made on it that are still alive (created and not yet disposed). Every timed
/// wait of the connector (delays, periodic timers, timeouts) is a timer on its injected clock, so a connector whose
/// loops have all ended holds none.
/// </summary>
internal sealed class TimerCountingClock : TimeProvider
{
    private int _live;
    private int _peak;

    /// <summary>Timers created and not disposed.</summary>
    public int LiveTimers => Volatile.Read(ref _live);

    /// <summary>The most timers alive at once.</summary>
    public int PeakLiveTimers => Volatile.Read(ref _peak);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        int live = Interlocked.Increment(ref _live);
        int peak;
        while (live > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, live, peak) != peak)
        {
        }
        return new CountedTimer(this, base.CreateTimer(callback, state, dueTime, period));
    }

    private sealed class CountedTimer(TimerCountingClock clock, ITimer inner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) Interlocked.Decrement(ref clock._live);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
