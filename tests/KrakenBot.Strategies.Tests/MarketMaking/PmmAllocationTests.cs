using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

/// <summary>
/// Once a refresh is due, pure market making runs its whole cycle on every book change (proposal, tolerance check), so a
/// backtest runs it millions of times: a cycle that leaves the set as it is must not allocate.
/// </summary>
public class PmmAllocationTests
{
    [Fact]
    public async Task A_book_change_that_leaves_the_set_within_tolerance_allocates_nothing()
    {
        var (h, s) = await Pmm.StartAsync(c => c with { OrderRefreshTolerance = 0.01m, OrderLevels = 3, OrderLevelSpread = 0.001m });
        await using var _ = h;
        await h.TickAsync();
        Assert.Equal(6, h.Open.Count);
        await h.TickAsync(11);
        Assert.True(s.CancelAt <= h.Time.GetUtcNow(), "the refresh is due, so every book change runs the whole cycle");
        long places = s.Places;

        for (int i = 0; i < 100; i++)
        {
            await h.Driver.BookChangedAsync(StrategyHarness.BtcUsd); // first calls may initialise statics and caches
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            var change = h.Driver.BookChangedAsync(StrategyHarness.BtcUsd);
            Assert.True(change.IsCompletedSuccessfully); // ran on this thread, so this thread's count covers it
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(places, s.Places);
        Assert.Equal(0, s.Amends);
        Assert.Equal(6, h.Open.Count);
    }
}
