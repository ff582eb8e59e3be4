using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>
/// Waits for conditions driven by real loopback I/O. The guard only stops a broken test from hanging; no
/// assertion depends on how long anything took. Where the code under test waits on the fake clock, the clock
/// is moved forward in small steps while waiting.
/// </summary>
internal static class TestWait
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    public static async Task UntilAsync(Func<bool> condition, string what, FakeTimeProvider? clock = null, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"Gave up waiting for: {what}");
            if (clock is not null) clock.Advance(step ?? TimeSpan.FromMilliseconds(100));
            await Task.Delay(5);
        }
    }

    /// <summary>Waits for a task; advances the fake clock in steps meanwhile when given.</summary>
    public static async Task<T> ForAsync<T>(Task<T> task, string what, FakeTimeProvider? clock = null, TimeSpan? step = null)
    {
        await UntilAsync(() => task.IsCompleted, what, clock, step);
        return await task;
    }
}
