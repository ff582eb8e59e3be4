using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Backtest.Replay;

/// <summary>
/// The replay's clock: <see cref="FakeTimeProvider"/>'s timers (order latency, expiry, strategy waits fire as the replay
/// moves through them), with the time read without its lock. A replay reads the clock several times per record and
/// that lock was most of the replay thread's time; only the replay moves the clock (<see cref="MoveTo"/>), and the
/// time is one 64-bit field, read whole from any thread.
/// </summary>
internal sealed class ReplayClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _utcTicks), TimeSpan.Zero);

    /// <summary>Moves the clock forward to <paramref name="at"/> and fires the timers due by then (nothing when it is not later).</summary>
    public void MoveTo(DateTimeOffset at)
    {
        if (at.UtcTicks <= Volatile.Read(ref _utcTicks)) return;
        Volatile.Write(ref _utcTicks, at.UtcTicks); // timers fired below read the new time, as they do on FakeTimeProvider
        SetUtcNow(at);
    }
}
