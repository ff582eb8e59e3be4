using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.RateLimits;

/// <summary>Drives budgets on a FakeTimeProvider: time moves only when a test says so.</summary>
internal static class BudgetTestKit
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    // Guards against a hang only; the behaviour under test is driven by fake time, never by this.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    public static FakeTimeProvider NewClock() => new(Start);

    /// <summary>Moves the fake clock to <paramref name="sinceStart"/> after <see cref="Start"/>.</summary>
    public static void AdvanceTo(this FakeTimeProvider clock, TimeSpan sinceStart) =>
        clock.Advance(Start + sinceStart - clock.GetUtcNow());

    public static async Task AssertCompletes(Task task, string what)
    {
        var winner = await Task.WhenAny(task, Task.Delay(HangGuard));
        Assert.True(winner == task, $"{what} did not complete");
        await task;
    }

    /// <summary>Lets continuations released by a clock advance run (they may hop threads) until the condition holds.</summary>
    public static async Task WaitUntil(Func<bool> condition, string what)
    {
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(guard.Elapsed < HangGuard, $"gave up waiting for: {what}");
            await Task.Delay(1);
        }
    }

    // Task.Delay on a TimeProvider resumes its awaiters on the thread pool, so a call released by a clock advance
    // completes a moment later. Before saying "still waiting", give a wrongly released call that moment to show up.
    // (A slow machine can only hide a bug here, never fail correct code.)
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(50);

    /// <summary>Gives calls wrongly released by the last clock advance time to show up.</summary>
    public static Task Settle() => Task.Delay(SettleTime);

    public static async Task AssertPending(Task task, string what)
    {
        await Task.WhenAny(task, Settle());
        Assert.False(task.IsCompleted, $"{what} completed too early");
    }
}
