using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

/// <summary>
/// Reading one order takes no lock: a reader (a strategy on the socket's thread) never waits for a change being
/// journaled, and sees the order as it was until the change is visible. The change count grows once per change made
/// visible, after it is, so a reader that saw the old count reads again and misses nothing.
/// </summary>
public class OrderTrackerReadTests
{
    [Fact]
    public async Task A_read_during_a_change_returns_at_once_with_the_order_as_it_was()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c-1", 1m);
        kit.Tracker.SetExchangeId("c-1", "O-1");
        kit.Tracker.MoveTo("c-1", OrderState.Open);
        long countBefore = kit.Tracker.Changes;
        (decimal? Price, TrackedOrder? ByExchangeId, long Count)? seenFromAnotherThread = null;
        kit.Tracker.OrderChanged += _ =>
        {
            // The change is journaled and the tracker's lock held by this thread: another thread reads all the same.
            var read = Task.Run(() => (kit.Tracker.Get("c-1")?.Request.Price, kit.Tracker.Find(null, "O-1"), kit.Tracker.Changes));
            Assert.True(read.Wait(TimeSpan.FromSeconds(30)), "a read waited for the tracker's lock");
            seenFromAnotherThread = read.Result;
        };

        Assert.True(kit.Tracker.Amend("c-1", 29000m, null));

        Assert.NotNull(seenFromAnotherThread);
        Assert.Equal(30000m, seenFromAnotherThread.Value.Price);
        Assert.Equal(30000m, seenFromAnotherThread.Value.ByExchangeId!.Request.Price);
        Assert.Equal(countBefore, seenFromAnotherThread.Value.Count);
        Assert.Equal(29000m, kit.Tracker.Get("c-1")!.Request.Price);
        Assert.Equal(countBefore + 1, kit.Tracker.Changes);
        Assert.Equal(29000m, (await kit.Account.Orders.GetByClientIdAsync("c-1"))!.Request.Price);
    }

    [Fact]
    public async Task The_change_count_grows_once_per_change_made_visible_and_not_for_one_refused_or_repeated()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        long count = kit.Tracker.Changes;
        void Counted(int changes, Action change)
        {
            change();
            Assert.Equal(count + changes, kit.Tracker.Changes);
            count = kit.Tracker.Changes;
        }

        Counted(1, () => kit.AddBuy("c-1", 1m));
        Counted(1, () => kit.Tracker.SetExchangeId("c-1", "O-1"));
        Counted(0, () => kit.Tracker.SetExchangeId("c-1", "O-1"));
        Counted(1, () => kit.Tracker.MoveTo("c-1", OrderState.Open));
        Counted(1, () => kit.Tracker.Amend("c-1", 29000m, null));
        Counted(0, () => kit.Tracker.Amend("c-1", 29000m, null)); // the same amend from the executions stream
        var fill = new Fill("T-1", "c-1", "O-1", OrdersTestKit.BtcUsd, OrderSide.Buy, 29000m, 0.25m, 0.1m, "USD", true, kit.Time.GetUtcNow());
        Counted(1, () => kit.Tracker.ApplyFill(fill, out _));
        Counted(0, () => kit.Tracker.ApplyFill(fill, out _));
        Counted(0, () => kit.Tracker.Get("c-1"));
        Counted(0, () => _ = kit.Tracker.Open);

        // Taken elsewhere (e.g. by an earlier run): the journal refuses it, nothing becomes visible, nothing is counted.
        await kit.Account.Orders.RecordCreatedAsync(TrackedOrder.Create("c-2", OrderRequest.Limit(OrdersTestKit.BtcUsd, OrderSide.Sell, 2m, 40000m), kit.Time.GetUtcNow()));
        Counted(0, () => Assert.Throws<JournalConflictException>(() => kit.AddBuy("c-2", 1m)));
        Counted(1, () => kit.Tracker.MoveTo("c-1", OrderState.PendingCancel));
    }
}
