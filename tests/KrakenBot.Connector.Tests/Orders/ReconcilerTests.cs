using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

public class ReconcilerTests
{
    private static Reconciler NewReconciler(OrdersTestKit kit, FakeOrderQueries kraken, Func<string, bool>? isBeingSent = null) =>
        new(kit.Tracker, kraken, kit.Account, kit.Hub, kit.Time, NullLogger.Instance, isBeingSent);

    [Fact]
    public async Task A_fill_the_stream_missed_is_applied_exactly_once_however_often_it_runs()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.3m, 30000m, 0.3m)));
        // T2 happened on Kraken but its message was lost.
        var t0 = kit.Time.GetUtcNow();
        kraken.Orders.Add(FakeOrderQueries.Order("O1", "c1", "open", 1m, 0.5m, "T1", "T2"));
        kraken.Trades.Add(FakeOrderQueries.Trade("T1", "O1", 0.3m, 30000m, t0));
        kraken.Trades.Add(FakeOrderQueries.Trade("T2", "O1", 0.2m, 29995m, t0.AddSeconds(1)));
        var reconciler = NewReconciler(kit, kraken);

        var first = await reconciler.RunAsync("test", CancellationToken.None);
        var second = await reconciler.RunAsync("test", CancellationToken.None);
        var third = await reconciler.RunAsync("test", CancellationToken.None);

        Assert.Equal(1, first.FillsRecovered);
        Assert.Equal(0, second.FillsRecovered);
        Assert.Equal(0, third.FillsRecovered);
        var order = kit.Tracker.Get("c1")!;
        Assert.Equal(0.5m, order.FilledAmount);
        Assert.Equal(["T1", "T2"], order.Fills.Select(f => f.TradeId));
        Assert.Equal(2, kit.EventsOf<FillRecorded>().Count);
        Assert.Equal(0.5m, (await kit.Account.Orders.GetByClientIdAsync("c1"))!.FilledAmount);
        Assert.Equal("T2", (await kit.Account.GetTradeCursorAsync())!.TradeId);
        // The late live message for T2 changes nothing either.
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T2", 0.2m, 29995m, 0.5m)));
        Assert.Equal(2, kit.EventsOf<FillRecorded>().Count);
    }

    [Fact]
    public async Task A_pending_cancel_still_open_on_kraken_after_the_grace_is_open_again_with_its_fills_and_not_before()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        kit.Tracker.SetExchangeId("c1", "O1");
        kit.Tracker.MoveTo("c1", OrderState.Open);
        kit.Tracker.MoveTo("c1", OrderState.PendingCancel); // the cancel went out; Kraken never acted on it
        kit.AddBuy("c2", 1m);
        kit.Tracker.SetExchangeId("c2", "O2");
        kit.Tracker.MoveTo("c2", OrderState.Open);
        kit.Feed(Exec.Update(Exec.Trade("O2", "c2", "T1", 0.4m, 30000m, 0.4m)));
        kit.Tracker.MoveTo("c2", OrderState.PendingCancel);
        kraken.Orders.Add(FakeOrderQueries.Order("O1", "c1", "open", 1m, 0m));
        kraken.Orders.Add(FakeOrderQueries.Order("O2", "c2", "open", 1m, 0.4m, "T1"));
        var reconciler = NewReconciler(kit, kraken);

        await reconciler.RunAsync("soon after the cancel", CancellationToken.None);
        Assert.Equal(OrderState.PendingCancel, kit.Tracker.Get("c1")!.State); // its answer may still be on its way
        Assert.Empty(kit.EventsOf<OrderCancelRejected>());

        kit.Time.Advance(reconciler.UnknownOrderGrace + TimeSpan.FromSeconds(1));
        var done = await reconciler.RunAsync("later", CancellationToken.None);
        Assert.Equal(OrderState.Open, kit.Tracker.Get("c1")!.State);
        Assert.Equal(OrderState.PartiallyFilled, kit.Tracker.Get("c2")!.State);
        Assert.Equal(2, done.OrdersUpdated);
        Assert.Equal(OrderState.Open, (await kit.Account.Orders.GetByClientIdAsync("c1"))!.State); // journaled
        // Each is reported as a cancel that did not happen, back in its open state.
        var rejected = kit.EventsOf<OrderCancelRejected>();
        Assert.Equal([("c1", OrderState.Open), ("c2", OrderState.PartiallyFilled)],
            rejected.Select(e => (e.Order.ClientOrderId, e.Order.State)).OrderBy(e => e.ClientOrderId));
        Assert.All(rejected, e => Assert.Contains("still open on Kraken", e.Reason));
    }

    [Fact]
    public async Task An_order_that_closed_while_we_were_away_gets_its_fills_then_its_final_state()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        kit.Tracker.SetExchangeId("c1", "O1");
        kit.Tracker.MoveTo("c1", OrderState.Open);
        var t0 = kit.Time.GetUtcNow();
        kraken.Orders.Add(FakeOrderQueries.Order("O1", "c1", "closed", 1m, 1m, "T1", "T2"));
        kraken.Trades.Add(FakeOrderQueries.Trade("T1", "O1", 0.5m, 30000m, t0));
        kraken.Trades.Add(FakeOrderQueries.Trade("T2", "O1", 0.5m, 30000m, t0.AddSeconds(1)));
        // The cursor is already past these trades: only QueryOrders + QueryTrades can find them.
        await kit.Account.AdvanceTradeCursorAsync(new("T9", t0.AddSeconds(10)));

        var done = await NewReconciler(kit, kraken).RunAsync("reconnect", CancellationToken.None);

        Assert.Equal(2, done.FillsRecovered);
        Assert.Equal(OrderState.Filled, kit.Tracker.Get("c1")!.State);
        Assert.Contains("QueryOrders 1", kraken.Calls);
        Assert.Contains("QueryTrades 2", kraken.Calls);
        Assert.Single(kit.EventsOf<OrderFilled>());
        Assert.Equal("reconnect", Assert.Single(kit.EventsOf<ReconciliationCompleted>()).Trigger);
    }

    [Fact]
    public async Task A_pending_order_is_found_by_client_order_id_and_never_resent()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        kraken.Orders.Add(FakeOrderQueries.Order("O1", "c1", "open", 1m, 0m));

        var done = await NewReconciler(kit, kraken).RunAsync("start", CancellationToken.None);

        var order = kit.Tracker.Get("c1")!;
        Assert.Equal("O1", order.ExchangeOrderId);
        Assert.Equal(OrderState.Open, order.State);
        Assert.True(done.OrdersUpdated >= 1);
        Assert.Contains("OpenOrders c1", kraken.Calls);
    }

    [Fact]
    public async Task A_pending_order_found_closed_is_looked_up_in_closed_orders()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        kraken.Orders.Add(FakeOrderQueries.Order("O1", "c1", "canceled", 1m, 0m));

        await NewReconciler(kit, kraken).RunAsync("start", CancellationToken.None);

        Assert.Contains("ClosedOrders c1", kraken.Calls);
        Assert.Equal(OrderState.Cancelled, kit.Tracker.Get("c1")!.State);
    }

    [Fact]
    public async Task A_pending_order_Kraken_never_saw_fails_only_after_the_grace_period()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        var reconciler = NewReconciler(kit, kraken);

        await reconciler.RunAsync("start", CancellationToken.None);
        Assert.Equal(OrderState.PendingCreate, kit.Tracker.Get("c1")!.State);

        kit.Time.Advance(reconciler.UnknownOrderGrace + TimeSpan.FromSeconds(1));
        await reconciler.RunAsync("interval", CancellationToken.None);
        var failed = Assert.Single(kit.EventsOf<OrderFailed>());
        Assert.Equal(ExchangeErrorCategory.OutcomeUnknown, failed.Category);
        Assert.Equal(OrderState.Failed, kit.Tracker.Get("c1")!.State);
    }

    [Fact]
    public async Task An_order_still_being_sent_is_left_to_its_sender()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m);
        kit.Time.Advance(TimeSpan.FromMinutes(5));
        await NewReconciler(kit, kraken, id => id == "c1").RunAsync("interval", CancellationToken.None);
        Assert.Equal(OrderState.PendingCreate, kit.Tracker.Get("c1")!.State);
        Assert.DoesNotContain("OpenOrders c1", kraken.Calls);
    }

    [Fact]
    public async Task Kraken_unavailable_fails_the_run_and_changes_nothing()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries { Unavailable = true };
        kit.AddBuy("c1", 1m);
        await Assert.ThrowsAsync<ServiceUnavailableException>(() => NewReconciler(kit, kraken).RunAsync("start", CancellationToken.None));
        Assert.Equal(OrderState.PendingCreate, kit.Tracker.Get("c1")!.State);
        Assert.Empty(kit.EventsOf<ReconciliationCompleted>());
    }
}
