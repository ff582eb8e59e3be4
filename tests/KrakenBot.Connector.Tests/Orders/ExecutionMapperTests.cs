using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

public class ExecutionMapperTests
{
    [Fact]
    public async Task A_limit_order_is_acknowledged_filled_in_two_parts_and_journaled()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);

        kit.Feed(Exec.Update(Exec.PendingNew("O1", "c1")));
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.4m, 30000m, 0.4m)));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T2", 0.6m, 29990m, 1m)));
        kit.Feed(Exec.Update(Exec.Filled("O1", "c1", 1m)));

        var order = kit.Tracker.Get("c1")!;
        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal("O1", order.ExchangeOrderId);
        Assert.Equal(1m, order.FilledAmount);
        Assert.Equal(1m, order.Fees["USD"]);
        Assert.Single(kit.EventsOf<OrderCreated>());
        Assert.Single(kit.EventsOf<OrderPartiallyFilled>());
        Assert.Single(kit.EventsOf<OrderFilled>());
        Assert.Equal(["T1", "T2"], kit.EventsOf<FillRecorded>().Select(e => e.Fill.TradeId));

        // The journal replays to the same order.
        var journaled = await kit.Account.Orders.GetByClientIdAsync("c1");
        Assert.Equal(OrderState.Filled, journaled!.State);
        Assert.Equal(2, journaled.Fills.Count);
        Assert.Equal(0, kit.Mapper.CumulativeMismatches);
    }

    [Fact]
    public async Task Duplicated_messages_record_each_fill_once()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);
        string trade = Exec.Trade("O1", "c1", "T1", 0.25m, 30000m, 0.25m);

        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(trade));
        kit.Feed(Exec.Update(trade));
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(trade, trade));

        var order = kit.Tracker.Get("c1")!;
        Assert.Equal(0.25m, order.FilledAmount);
        Assert.Equal(OrderState.PartiallyFilled, order.State);
        Assert.Single(kit.EventsOf<FillRecorded>());
        Assert.Single(kit.EventsOf<OrderCreated>());
        var journaled = await kit.Account.Fills.GetAsync("T1");
        Assert.NotNull(journaled);
    }

    [Fact]
    public async Task Reordered_messages_end_in_the_same_state_with_every_fill()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);

        // Completion first, then the second trade, then the acknowledgement, then the first trade.
        kit.Feed(Exec.Update(Exec.Filled("O1", "c1", 1m)));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T2", 0.6m, 29990m, 1m)));
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.4m, 30000m, 0.4m)));

        var order = kit.Tracker.Get("c1")!;
        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal(1m, order.FilledAmount);
        Assert.Equal(2, order.Fills.Count);
        Assert.Single(kit.EventsOf<OrderFilled>());
        Assert.Empty(kit.EventsOf<OrderCreated>()); // it was never "open" from our point of view after filling
        var journaled = await kit.Account.Orders.GetByClientIdAsync("c1");
        Assert.Equal(OrderState.Filled, journaled!.State);
    }

    [Fact]
    public async Task A_cum_qty_above_what_we_recorded_is_detected_and_asks_for_reconciliation()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        // T1 (0.3) is lost; T2 says 0.5 filled in total.
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T2", 0.2m, 30000m, 0.5m)));

        Assert.Equal(1, kit.Mapper.CumulativeMismatches);
        Assert.Contains(kit.ReconciliationReasons, r => r.Contains("cum_qty 0.5"));
        Assert.Equal(0.2m, kit.Tracker.Get("c1")!.FilledAmount);
    }

    [Fact]
    public async Task Matching_cum_qty_raises_nothing()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.3m, 30000m, 0.3m)));
        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0.3m, "User requested")));

        Assert.Equal(0, kit.Mapper.CumulativeMismatches);
        Assert.Empty(kit.ReconciliationReasons);
        var cancelled = Assert.Single(kit.EventsOf<OrderCancelled>());
        Assert.Equal(0.3m, cancelled.Order.FilledAmount);
        Assert.Equal("User requested", cancelled.Reason);
    }

    [Fact]
    public async Task A_post_only_cancel_is_reported_as_a_post_only_rejection()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);
        kit.Feed(Exec.Update(Exec.PendingNew("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0m, "Post only order")));

        var failed = Assert.Single(kit.EventsOf<OrderFailed>());
        Assert.True(failed.IsPostOnlyRejection);
        Assert.Equal(ExchangeErrorCategory.OrderRejected, failed.Category);
        Assert.Equal(OrderState.Failed, kit.Tracker.Get("c1")!.State);
        Assert.Empty(kit.EventsOf<OrderCancelled>());
    }

    [Fact]
    public async Task A_late_new_does_not_undo_a_pending_cancel()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);
        kit.Feed(Exec.Update(Exec.PendingNew("O1", "c1")));
        Assert.True(kit.Tracker.MoveTo("c1", OrderState.PendingCancel));
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        Assert.Equal(OrderState.PendingCancel, kit.Tracker.Get("c1")!.State);
        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0m, "User requested")));
        Assert.Equal(OrderState.Cancelled, kit.Tracker.Get("c1")!.State);
    }

    [Fact]
    public async Task Orders_this_connector_did_not_place_are_left_alone()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.Feed(Exec.Update(Exec.Trade("OX", "someone-else", "TX", 1m, 30000m, 1m)));
        Assert.Empty(kit.Events);
        Assert.Null(await kit.Account.Fills.GetAsync("TX"));
    }

    [Fact]
    public async Task A_malformed_frame_is_skipped_and_asks_for_reconciliation()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m);
        kit.Feed("""{"channel":"executions","type":"update","data":[{"order_id":"O1","cl_ord_id":"c1","exec_type":"trade","exec_id":"T1","last_qty":"x"}]}""");
        Assert.Contains("unreadable executions message", kit.ReconciliationReasons);
        Assert.Empty(kit.EventsOf<FillRecorded>());
    }

    [Fact]
    public async Task Each_event_reader_gets_every_event_in_order()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        using var cts = new CancellationTokenSource();
        var first = kit.Hub.Subscribe(cts.Token).GetAsyncEnumerator();
        var second = kit.Hub.Subscribe(cts.Token).GetAsyncEnumerator();
        kit.AddBuy("c1", 1m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 1m, 30000m, 1m)));

        foreach (var reader in new[] { first, second })
        {
            var seen = new List<string>();
            for (int i = 0; i < 3; i++)
            {
                Assert.True(await reader.MoveNextAsync());
                seen.Add(reader.Current.GetType().Name);
            }
            Assert.Equal(["OrderCreated", "FillRecorded", "OrderFilled"], seen);
        }
        await cts.CancelAsync();
    }

    [Fact]
    public async Task An_amend_changes_price_and_amount_in_place_once_and_is_journaled()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.AddBuy("c1", 1m, 30000m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.2m, 30000m, 0.2m)));
        string amended = Exec.Update(Exec.Amended("O1", "c1", 0.6m, 30100m, 0.2m));
        kit.Feed(amended);
        kit.Feed(amended);

        var order = kit.Tracker.Get("c1")!;
        Assert.Equal(0.6m, order.Request.Amount);
        Assert.Equal(30100m, order.Request.Price);
        Assert.Equal("O1", order.ExchangeOrderId);
        Assert.Equal(0.2m, order.FilledAmount);
        Assert.Single(kit.EventsOf<OrderAmended>());
        var journaled = await kit.Account.Orders.GetByClientIdAsync("c1");
        Assert.Equal(0.6m, journaled!.Request.Amount);
        Assert.Equal(30100m, journaled.Request.Price);

        // The rest fills at the new amount and the order completes.
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T2", 0.4m, 30100m, 0.6m)));
        Assert.Equal(OrderState.Filled, kit.Tracker.Get("c1")!.State);
    }
}
