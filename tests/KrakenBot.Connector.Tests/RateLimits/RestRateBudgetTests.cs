using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using Xunit;
using static KrakenBot.Connector.Tests.RateLimits.BudgetTestKit;

namespace KrakenBot.Connector.Tests.RateLimits;

public class RestRateBudgetTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(1);

    [Theory]
    [InlineData(KrakenTier.Starter, 15, "0.33")]
    [InlineData(KrakenTier.Intermediate, 20, "0.5")]
    [InlineData(KrakenTier.Pro, 20, "1")]
    public async Task A_burst_goes_out_max_at_once_then_one_call_per_decay_step(KrakenTier tier, int max, string decayText)
    {
        decimal decay = decimal.Parse(decayText, System.Globalization.CultureInfo.InvariantCulture);
        var clock = NewClock();
        var budget = new RestRateBudget(tier, clock);
        Assert.Equal(max, budget.Max);
        Assert.Equal(decay, budget.DecayPerSecond);

        var calls = Enumerable.Range(0, max + 5).Select(_ => budget.WaitAsync(1, CancellationToken.None).AsTask()).ToList();

        for (int i = 0; i < max; i++)
        {
            Assert.True(calls[i].IsCompletedSuccessfully, $"call {i + 1} of the first {max} waited");
        }

        // Call max+k goes when the counter has fallen by k: at k / decay seconds (Starter: every 3.0303 s).
        for (int k = 1; k <= 5; k++)
        {
            var due = TimeSpan.FromTicks((long)(k / decay * TimeSpan.TicksPerSecond));
            clock.AdvanceTo(due - Margin);
            await AssertPending(calls[max + k - 1], $"call {max + k}");
            clock.AdvanceTo(due + Margin);
            await AssertCompletes(calls[max + k - 1], $"call {max + k} at {due}");
            if (k < 5)
            {
                await AssertPending(calls[max + k], $"call {max + k + 1}");
            }
        }
    }

    [Fact]
    public void History_calls_cost_two_trading_calls_nothing_others_one()
    {
        Assert.Equal(2, RestRateBudget.CostOf("Ledgers"));
        Assert.Equal(2, RestRateBudget.CostOf("QueryLedgers"));
        Assert.Equal(2, RestRateBudget.CostOf("TradesHistory"));
        Assert.Equal(1, RestRateBudget.CostOf("Balance"));
        Assert.Equal(1, RestRateBudget.CostOf("QueryOrders"));
        Assert.Equal(0, RestRateBudget.CostOf("AddOrder"));
        Assert.Equal(0, RestRateBudget.CostOf("CancelOrder"));
    }

    [Fact]
    public async Task History_calls_use_the_counter_twice_as_fast()
    {
        var clock = NewClock();
        var budget = new RestRateBudget(KrakenTier.Starter, clock);

        var history = Enumerable.Range(0, 8).Select(_ => budget.WaitAsync(RestRateBudget.CostOf("TradesHistory"), default).AsTask()).ToList();

        Assert.All(history.Take(7), call => Assert.True(call.IsCompletedSuccessfully)); // 7 × 2 = 14 ≤ 15
        await AssertPending(history[7], "8th TradesHistory"); // 14 + 2 > 15: must wait for 1 point to decay

        var due = TimeSpan.FromSeconds(1 / 0.33);
        clock.AdvanceTo(due - TimeSpan.FromMilliseconds(1));
        await AssertPending(history[7], "8th TradesHistory");
        clock.AdvanceTo(due + TimeSpan.FromMilliseconds(1));
        await AssertCompletes(history[7], "8th TradesHistory");

        var cheap = new RestRateBudget(KrakenTier.Starter, NewClock());
        var balance = Enumerable.Range(0, 8).Select(_ => cheap.WaitAsync(RestRateBudget.CostOf("Balance"), default).AsTask()).ToList();
        Assert.All(balance, call => Assert.True(call.IsCompletedSuccessfully)); // the same count at cost 1 fits at once
    }

    [Fact]
    public async Task Rate_limit_exceeded_treats_the_counter_as_full()
    {
        var clock = NewClock();
        var budget = new RestRateBudget(KrakenTier.Pro, clock);
        budget.OnRateLimitExceeded();
        Assert.Equal(20m, budget.Level);

        var call = budget.WaitAsync(1, default).AsTask();
        clock.AdvanceTo(TimeSpan.FromSeconds(1) - Margin);
        await AssertPending(call, "call after EAPI:Rate limit exceeded");
        clock.AdvanceTo(TimeSpan.FromSeconds(1) + Margin);
        await AssertCompletes(call, "call after one second of decay");
    }

    [Fact]
    public async Task Rate_limit_exceeded_reschedules_calls_already_waiting()
    {
        var clock = NewClock();
        var budget = new RestRateBudget(KrakenTier.Pro, clock);
        for (int i = 0; i < 20; i++)
        {
            await budget.WaitAsync(1, default);
        }

        var waiting = budget.WaitAsync(1, default).AsTask(); // booked for t = 1 s
        clock.AdvanceTo(TimeSpan.FromSeconds(0.5));
        budget.OnRateLimitExceeded(); // full at 0.5 s: the next point frees at 1.5 s

        clock.AdvanceTo(TimeSpan.FromSeconds(1) + Margin);
        await AssertPending(waiting, "call booked before Kraken said the limit was hit");
        clock.AdvanceTo(TimeSpan.FromSeconds(1.5) + Margin);
        await AssertCompletes(waiting, "rescheduled call");
    }

    [Fact]
    public async Task Throttled_blocks_every_call_until_the_given_time()
    {
        var clock = NewClock();
        var budget = new RestRateBudget(KrakenTier.Pro, clock);
        budget.OnThrottled(Start.AddSeconds(10));

        var call = budget.WaitAsync(1, default).AsTask();
        clock.AdvanceTo(TimeSpan.FromSeconds(10) - Margin);
        await AssertPending(call, "call during EService: Throttled");
        clock.AdvanceTo(TimeSpan.FromSeconds(10));
        await AssertCompletes(call, "call at the throttle's end");

        var next = budget.WaitAsync(1, default);
        Assert.True(next.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_cancelled_wait_gives_its_slot_back()
    {
        var clock = NewClock();
        var budget = new RestRateBudget(KrakenTier.Pro, clock);
        for (int i = 0; i < 20; i++)
        {
            await budget.WaitAsync(1, default);
        }

        using var cancel = new CancellationTokenSource();
        var abandoned = budget.WaitAsync(1, cancel.Token).AsTask();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);

        var next = budget.WaitAsync(1, default).AsTask(); // takes the 1 s slot, not 2 s
        clock.AdvanceTo(TimeSpan.FromSeconds(1) + Margin);
        await AssertCompletes(next, "call after a cancelled one");
    }

    [Fact]
    public async Task Concurrent_callers_never_exceed_the_counter()
    {
        var clock = NewClock();
        var budget = new RestRateBudget(KrakenTier.Pro, clock);
        const int threads = 8, perThread = 5;
        var calls = new System.Collections.Concurrent.ConcurrentBag<Task>();

        await Task.WhenAll(Enumerable.Range(0, threads).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < perThread; i++)
            {
                calls.Add(budget.WaitAsync(1, default).AsTask());
            }
        })));

        // Pro: 20 at once, then exactly one more per second.
        Assert.Equal(20, calls.Count(c => c.IsCompletedSuccessfully));
        for (int second = 1; second <= threads * perThread - 20; second++)
        {
            clock.AdvanceTo(TimeSpan.FromSeconds(second) + Margin);
            int expected = 20 + second;
            await WaitUntil(() => calls.Count(c => c.IsCompleted) >= expected, $"{expected} calls done at {second} s");
            await Settle();

            Assert.Equal(expected, calls.Count(c => c.IsCompleted));
        }
    }
}
