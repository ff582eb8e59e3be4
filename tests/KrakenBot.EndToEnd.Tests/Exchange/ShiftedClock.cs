namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// The real clock plus an offset the test moves forward: timers and delays run in real time, but "now" jumps ahead
/// (past a deadline, say) without the test waiting for it. Give the same instance to the sandbox and the connector so
/// both agree on the time.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    /// <summary>Moves "now" forward by <paramref name="by"/> at once.</summary>
    public void Jump(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
