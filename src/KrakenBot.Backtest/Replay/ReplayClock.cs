using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Backtest.Replay;

/// <summary>
/// The replay's clock: <see cref="FakeTimeProvider"/>'s timers (order latency, expiry, strategy waits fire as the replay
/// moves through them) without its lock on every step. A replay reads the clock several times per record and moves it
/// once per record; <see cref="FakeTimeProvider"/> locks for both, and that lock was most of the replay thread's time.
/// Here the time is one 64-bit field, and the underlying provider is moved only when a timer is due (or before a timer
/// is set, so it schedules from the right time). Only the replay uses it: its timers are set, moved and fired on the
/// replay's thread.
/// </summary>
internal sealed class ReplayClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<ReplayTimer> _timers = [];
    private long _utcTicks = start.UtcTicks;
    private long _providerTicks = start.UtcTicks; // where the underlying provider stands (it may lag the time)
    private long _earliestDue = long.MaxValue;    // no timer fires before this (exact after each catch-up)

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward to <paramref name="at"/> and fires the timers due by then (nothing when it is not later).</summary>
    public void MoveTo(DateTimeOffset at)
    {
        if (at.UtcTicks <= Volatile.Read(ref _utcTicks)) return;
        Volatile.Write(ref _utcTicks, at.UtcTicks); // timers fired below read the new time, as they do on FakeTimeProvider
        if (at.UtcTicks < _earliestDue) return;
        CatchUp();
        _earliestDue = EarliestDue();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        CatchUp();
        var timer = new ReplayTimer(this, callback, state);
        lock (_timers) _timers.Add(timer);
        timer.Start(dueTime, period);
        return timer;
    }

    // Brings the underlying provider to the time, firing what is due.
    private void CatchUp()
    {
        long now = Volatile.Read(ref _utcTicks);
        if (_providerTicks == now) return;
        _providerTicks = now;
        SetUtcNow(new DateTimeOffset(now, TimeSpan.Zero));
    }

    private long EarliestDue()
    {
        long earliest = long.MaxValue;
        lock (_timers)
        {
            foreach (var timer in _timers) earliest = Math.Min(earliest, timer.DueTicks);
        }

        return earliest;
    }

    /// <summary>A timer of the underlying provider whose next due time the clock can see.</summary>
    private sealed class ReplayTimer(ReplayClock clock, TimerCallback callback, object? state) : ITimer
    {
        private ITimer? _inner;
        private long _periodTicks;

        /// <summary>When it fires next (UTC ticks); <see cref="long.MaxValue"/> when it will not.</summary>
        public long DueTicks { get; private set; } = long.MaxValue;

        public void Start(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime, period);
            _inner = clock.CreateBaseTimer(static s => ((ReplayTimer)s!).Fire(), this, dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.CatchUp();
            Schedule(dueTime, period);
            return _inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            DueTicks = long.MaxValue;
            lock (clock._timers) clock._timers.Remove(this);
            _inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            _periodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            DueTicks = dueTime == Timeout.InfiniteTimeSpan ? long.MaxValue : Volatile.Read(ref clock._utcTicks) + Math.Max(0, dueTime.Ticks);
            clock._earliestDue = Math.Min(clock._earliestDue, DueTicks);
        }

        private void Fire()
        {
            DueTicks = _periodTicks > 0 ? DueTicks + _periodTicks : long.MaxValue;
            callback(state);
        }
    }

    private ITimer CreateBaseTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime, period);
}
