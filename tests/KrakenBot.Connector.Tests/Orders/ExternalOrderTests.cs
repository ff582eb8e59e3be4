using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

/// <summary>Orders open on the account that this connector did not place: adopted once, journaled, their fills recorded.</summary>
public class ExternalOrderTests
{
    private static Reconciler NewReconciler(OrdersTestKit kit, FakeOrderQueries kraken, Func<string, bool>? isBeingSent = null) =>
        new(kit.Tracker, kraken, kit.Account, kit.Hub, kit.Time, NullLogger.Instance, isBeingSent,
            new ExternalOrderAdopter(kit.Catalog, kit.Tracker, kit.Account, NullLogger.Instance));

    [Fact]
    public async Task An_order_placed_elsewhere_is_adopted_once_as_external_with_its_fills_journaled()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        var t0 = kit.Time.GetUtcNow();
        kraken.Orders.Add(FakeOrderQueries.Order("OX1", "someone-elses-id", "open", 1m, 0.4m, "TX1"));
        kraken.Trades.Add(FakeOrderQueries.Trade("TX1", "OX1", 0.4m, 30000m, t0));
        var reconciler = NewReconciler(kit, kraken);

        var first = await reconciler.RunAsync("start", CancellationToken.None);
        var second = await reconciler.RunAsync("interval", CancellationToken.None);

        var order = Assert.Single(kit.Tracker.Open);
        Assert.True(order.IsExternal);
        Assert.Equal("external-OX1", order.ClientOrderId);
        Assert.Equal("OX1", order.ExchangeOrderId);
        Assert.Equal(OrderState.PartiallyFilled, order.State);
        Assert.Equal(new OrderRequest(OrdersTestKit.BtcUsd, OrderSide.Buy, OrderType.Limit, 1m, 30000m).ToString(), order.Request.ToString());
        Assert.Equal(0.4m, order.FilledAmount);
        Assert.Equal(1, first.FillsRecovered);
        Assert.Equal(0, second.FillsRecovered);
        Assert.Equal(0, second.OrdersUpdated);
        var created = Assert.Single(kit.EventsOf<OrderCreated>());
        Assert.True(created.Order.IsExternal);
        Assert.Single(kit.EventsOf<FillRecorded>());

        var journaled = (await kit.Account.Orders.GetByExchangeIdAsync("OX1"))!;
        Assert.Equal("external-OX1", journaled.ClientOrderId);
        Assert.Equal(0.4m, journaled.FilledAmount);
        Assert.Equal("OX1", (await kit.Account.Fills.GetAsync("TX1"))!.Fill.ExchangeOrderId);

        // From now on the live stream drives it like one of ours.
        kit.Feed(Exec.Update(Exec.Trade("OX1", "someone-elses-id", "TX2", 0.6m, 30000m, 1m)));
        Assert.Equal(OrderState.Filled, kit.Tracker.Get("external-OX1")!.State);
    }

    [Fact]
    public async Task A_trailing_stop_placed_elsewhere_is_adopted_read_only_with_its_trigger_and_journaled()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        var stop = FakeOrderQueries.Order("OS1", null, "open", 1m, 0m);
        kraken.Orders.Add(stop with
        {
            Description = stop.Description with { Side = KrakenSide.Sell, OrderType = "trailing-stop-limit", Price = KrakenOrderPrice.Parse("+50.0000%"), Price2 = KrakenOrderPrice.Parse("-100.0") },
            Trigger = "index",
        });
        kraken.Orders.Add(FakeOrderQueries.Order("OX2", null, "open", 2m, 0m));

        var done = await NewReconciler(kit, kraken).RunAsync("start", CancellationToken.None);

        Assert.Equal(2, done.OrdersUpdated);
        var adopted = kit.Tracker.Open.Single(o => o.ExchangeOrderId == "OS1");
        Assert.True(adopted.IsReadOnly);
        Assert.True(adopted.IsExternal);
        Assert.Equal(OrderType.TrailingStopLimit, adopted.Request.Type);
        Assert.Null(adopted.Request.Price); // its limit is an offset, not a price
        Assert.Equal(new OrderTrigger("+50.0000%", "-100.0", "index"), adopted.Request.Trigger);
        var journaled = await kit.Account.Orders.GetByExchangeIdAsync("OS1");
        Assert.Equal(adopted.Request.Trigger, journaled!.Request.Trigger);
        Assert.False(kit.Tracker.Open.Single(o => o.ExchangeOrderId == "OX2").IsReadOnly);
    }

    [Fact]
    public async Task An_order_of_a_type_Kraken_does_not_document_or_an_unreadable_one_is_left_alone_and_nothing_else_breaks()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        var odd = FakeOrderQueries.Order("OS1", null, "open", 1m, 0m);
        kraken.Orders.Add(odd with { Description = odd.Description with { OrderType = "teleport" } });
        kraken.Orders.Add(KrakenOrder.Unreadable("OU1", "open", "descr.price is not a price"));
        kraken.Orders.Add(FakeOrderQueries.Order("OX2", null, "open", 2m, 0m));

        var adopter = new ExternalOrderAdopter(kit.Catalog, kit.Tracker, kit.Account, NullLogger.Instance);
        var done = await new Reconciler(kit.Tracker, kraken, kit.Account, kit.Hub, kit.Time, NullLogger.Instance, null, adopter)
            .RunAsync("start", CancellationToken.None);

        // Each is named with why, for the user to see (not only a log line).
        Assert.Equal(["OS1", "OU1"], adopter.LeftAlone.Select(o => o.ExchangeOrderId));
        Assert.Contains("teleport", adopter.LeftAlone[0].Reason);
        Assert.Contains("descr.price is not a price", adopter.LeftAlone[1].Reason);
        // Gone from Kraken: no longer listed.
        kraken.Orders.RemoveAll(o => o.TxId == "OS1");
        await new Reconciler(kit.Tracker, kraken, kit.Account, kit.Hub, kit.Time, NullLogger.Instance, null, adopter).RunAsync("again", CancellationToken.None);
        Assert.Equal(["OU1"], adopter.LeftAlone.Select(o => o.ExchangeOrderId));

        var adopted = Assert.Single(kit.Tracker.Open);
        Assert.Equal("external-OX2", adopted.ClientOrderId);
        Assert.Equal(OrderState.Open, adopted.State);
        Assert.Equal(1, done.OrdersUpdated);
        Assert.Null(await kit.Account.Orders.GetByExchangeIdAsync("OS1"));
        Assert.Null(await kit.Account.Orders.GetByExchangeIdAsync("OU1"));
    }

    [Fact]
    public async Task Our_own_orders_are_never_adopted_even_before_their_ack()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var kraken = new FakeOrderQueries();
        kit.AddBuy("c1", 1m); // sent, not yet acknowledged: Kraken lists it under our client id
        kraken.Orders.Add(FakeOrderQueries.Order("O1", "c1", "open", 1m, 0m));
        kraken.Orders.Add(FakeOrderQueries.Order("O2", "c2", "open", 1m, 0m)); // being sent now, not yet tracked by id

        await NewReconciler(kit, kraken, isBeingSent: id => id == "c2").RunAsync("start", CancellationToken.None);

        var order = Assert.Single(kit.Tracker.Open);
        Assert.Equal("c1", order.ClientOrderId);
        Assert.Equal("O1", order.ExchangeOrderId);
        Assert.DoesNotContain(kit.Tracker.Open, o => o.IsExternal);
    }

    [Fact]
    public async Task An_execution_of_an_untracked_order_asks_for_reconciliation()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        kit.Feed(Exec.Update(Exec.New("OX9", "not-ours")));
        Assert.Contains(kit.ReconciliationReasons, r => r.Contains("outside this connector"));
    }
}
