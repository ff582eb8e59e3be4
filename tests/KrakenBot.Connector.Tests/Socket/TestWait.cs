using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>
/// Waits for conditions driven by real loopback I/O. The guard only stops a broken test from hanging; no
/// assertion depends on how long anything took. Where the code under test waits on the fake clock, the clock
/// is moved forward in small steps while waiting (a <see cref="WaitingClock"/> only while a timer of it is armed).
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
            // A WaitingClock moves only while the code under test waits on it, so a slow machine cannot make time run ahead.
            if (clock is not null && (clock is not WaitingClock waiting || waiting.ArmedTimers > 0)) clock.Advance(step ?? TimeSpan.FromMilliseconds(100));
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

internal static class StreamCollector
{
    /// <summary>
    /// Starts reading <paramref name="source"/> now (the first MoveNextAsync registers the reader before returning)
    /// and adds every item to <paramref name="into"/> (under its lock) until cancelled.
    /// </summary>
    public static Task CollectAsync<T>(IAsyncEnumerable<T> source, List<T> into, CancellationToken cancellationToken)
    {
        var enumerator = source.GetAsyncEnumerator(cancellationToken);
        var first = enumerator.MoveNextAsync();
        return LoopAsync(enumerator, first, into);

        static async Task LoopAsync(IAsyncEnumerator<T> enumerator, ValueTask<bool> first, List<T> into)
        {
            try
            {
                bool has = await first;
                while (has)
                {
                    lock (into) into.Add(enumerator.Current);
                    has = await enumerator.MoveNextAsync();
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
        }
    }
}
