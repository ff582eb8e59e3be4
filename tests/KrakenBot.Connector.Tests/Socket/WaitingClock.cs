using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>
/// A fake clock that knows whether the code under test is waiting on it: <see cref="ArmedTimers"/> counts its timers
/// that are set to fire (created or changed with a due time, not yet fired or disposed; a periodic one until disposed).
/// <see cref="TestWait"/> moves it only then, so fake time never runs ahead of code that has not started waiting yet,
/// however slow the machine is.
/// </summary>
internal sealed class WaitingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private int _armed;

    /// <summary>Timers that will fire when the clock moves far enough.</summary>
    public int ArmedTimers => Volatile.Read(ref _armed);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new TrackedTimer(this, dueTime, period);
        timer.Inner = base.CreateTimer(s => timer.Fired(callback, s), state, dueTime, period);
        return timer;
    }

    private sealed class TrackedTimer : ITimer
    {
        private readonly WaitingClock _clock;
        private readonly Lock _gate = new();
        private bool _armed;
        private bool _periodic;

        public TrackedTimer(WaitingClock clock, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            Set(dueTime, period);
        }

        public ITimer Inner { get; set; } = null!;

        public void Fired(TimerCallback callback, object? state)
        {
            lock (_gate)
            {
                if (!_periodic) Arm(false);
            }
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate) Set(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (_gate) Arm(false);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Set(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            Arm(dueTime != Timeout.InfiniteTimeSpan);
        }

        private void Arm(bool armed)
        {
            if (armed == _armed) return;
            _armed = armed;
            Interlocked.Add(ref _clock._armed, armed ? 1 : -1);
        }
    }
}
