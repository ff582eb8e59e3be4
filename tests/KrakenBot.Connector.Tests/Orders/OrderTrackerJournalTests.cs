using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

/// <summary>
/// The tracker writes each change through the journal's synchronous path before the change is visible or reported:
/// a change the journal refuses leaves the tracker and its events untouched, and a change made is in the file.
/// </summary>
public class OrderTrackerJournalTests
{
    [Fact]
    public async Task An_intent_the_journal_refuses_is_neither_tracked_nor_reported()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        // The id is already journaled for another order (e.g. by an earlier run).
        var other = TrackedOrder.Create("c-1", OrderRequest.Limit(OrdersTestKit.BtcUsd, OrderSide.Sell, 2m, 40000m), kit.Time.GetUtcNow());
        await kit.Account.Orders.RecordCreatedAsync(other);

        var order = TrackedOrder.Create("c-1", OrderRequest.Limit(OrdersTestKit.BtcUsd, OrderSide.Buy, 1m, 30000m), kit.Time.GetUtcNow());
        Assert.Throws<JournalConflictException>(() => kit.Tracker.Add(order));

        Assert.Null(kit.Tracker.Get("c-1"));
        Assert.Empty(kit.Tracker.Open);
        Assert.Empty(kit.Events);
    }

    [Fact]
    public async Task A_fill_the_journal_refuses_changes_nothing_and_raises_nothing()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c-1", 1m);
        kit.Tracker.SetExchangeId("c-1", "O-1");
        // The trade id is already journaled with other figures: applying it must not show a fill the file does not hold.
        var recorded = new Fill("T-1", null, "O-1", OrdersTestKit.BtcUsd, OrderSide.Buy, 30000m, 0.2m, 0.1m, "USD", true, kit.Time.GetUtcNow());
        await kit.Account.Fills.RecordAsync(recorded);

        var differing = new Fill("T-1", "c-1", "O-1", OrdersTestKit.BtcUsd, OrderSide.Buy, 30000m, 0.3m, 0.1m, "USD", true, kit.Time.GetUtcNow());
        Assert.Throws<JournalConflictException>(() => kit.Tracker.ApplyFill(differing, out _));

        var order = kit.Tracker.Get("c-1")!;
        Assert.Empty(order.Fills);
        Assert.Equal(0m, order.FilledAmount);
        Assert.Empty(kit.EventsOf<FillRecorded>());
        Assert.Empty(kit.EventsOf<OrderPartiallyFilled>());
    }

    [Fact]
    public async Task Every_change_is_in_the_journal_when_the_tracker_returns()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c-1", 1m);
        Assert.Equal(OrderState.PendingCreate, (await kit.Account.Orders.GetByClientIdAsync("c-1"))!.State);

        kit.Tracker.SetExchangeId("c-1", "O-1");
        kit.Tracker.MoveTo("c-1", OrderState.Open);
        var fill = new Fill("T-1", "c-1", "O-1", OrdersTestKit.BtcUsd, OrderSide.Buy, 30000m, 0.25m, 0.1m, "USD", true, kit.Time.GetUtcNow());
        Assert.Equal(FillOutcome.Applied, kit.Tracker.ApplyFill(fill, out _));
        kit.Tracker.Amend("c-1", 29000m, null);

        var journaled = (await kit.Account.Orders.GetByClientIdAsync("c-1"))!;
        Assert.Equal("O-1", journaled.ExchangeOrderId);
        Assert.Equal(OrderState.PartiallyFilled, journaled.State);
        Assert.Equal(0.25m, journaled.FilledAmount);
        Assert.Equal(29000m, journaled.Request.Price);
        Assert.Equal(kit.Tracker.Get("c-1")!.Fills, journaled.Fills);
    }

    [Fact]
    public async Task Each_fill_applied_is_heard_once_whichever_path_applied_it()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c-1", 0.5m);
        kit.Tracker.SetExchangeId("c-1", "O-1");
        kit.Tracker.MoveTo("c-1", OrderState.Open);
        var heard = new List<string>();
        kit.Tracker.FillApplied += fill => heard.Add(fill.TradeId);

        var fill = new Fill("T-1", "c-1", "O-1", OrdersTestKit.BtcUsd, OrderSide.Buy, 30000m, 0.5m, 0.1m, "USD", true, kit.Time.GetUtcNow());
        Assert.Equal(FillOutcome.Applied, kit.Tracker.ApplyFill(fill, out _));
        Assert.Equal(FillOutcome.Duplicate, kit.Tracker.ApplyFill(fill, out _));

        Assert.Equal(["T-1"], heard);
        Assert.Equal(OrderState.Filled, kit.Tracker.Get("c-1")!.State);
    }
}
