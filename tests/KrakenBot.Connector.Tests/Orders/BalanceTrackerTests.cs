using System.Text;
using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.Orders;

public class BalanceTrackerTests
{
    private static KrakenBalances BalanceEx(params (string Key, decimal Total, decimal Held)[] entries) =>
        new([.. entries.Select(e => new KrakenAssetBalance(e.Key, e.Key, KrakenBalanceKind.Spot, e.Total, 0m, 0m, e.Held))]);

    [Fact]
    public async Task A_new_order_is_held_at_once_and_the_exchange_hold_replaces_it_once_Kraken_knows_the_order()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 0m), ("XXBT", 2m, 0m)), new HashSet<string>());
        Assert.Equal(100_000m, balances.Available("USD"));

        var order = kit.AddBuy("c1", 1m, 30000m);
        balances.HoldFor(order, takerFeePercent: 0.4m);

        Assert.Equal(100_000m - 30120m, balances.Available("USD"));
        Assert.Equal(30120m, balances.Current["USD"].Held);

        // A BalanceEx read while Kraken has not acknowledged it keeps the local hold (hold_trade does not have it yet).
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 0m), ("XXBT", 2m, 0m)), new HashSet<string> { "c1" });
        Assert.Equal(30120m, balances.Current["USD"].Held);

        // Once acknowledged, Kraken's own hold is the figure.
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 30078m), ("XXBT", 2m, 0m)), new HashSet<string>());
        Assert.Equal(30078m, balances.Current["USD"].Held);
        Assert.Equal(69922m, balances.Available("USD"));
    }

    [Fact]
    public async Task Current_is_a_snapshot_shared_by_readers_that_later_changes_leave_as_it_was()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 0m)), new HashSet<string>());

        var before = balances.Current;
        Assert.Same(before, balances.Current);
        balances.HoldFor(kit.AddBuy("c1", 1m, 30000m), takerFeePercent: 0.4m);

        Assert.Equal(0m, before["USD"].Held);
        Assert.Equal(30120m, balances.Current["USD"].Held);
        Assert.IsNotType<Dictionary<string, Balance>>(balances.Current);
    }

    [Fact]
    public async Task A_refused_order_releases_its_hold()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        balances.OnBalanceEx(BalanceEx(("XXBT", 2m, 0m)), new HashSet<string>());
        var sell = TrackedOrder.Create("s1", OrderRequest.Limit(OrdersTestKit.BtcUsd, OrderSide.Sell, 1.5m, 70000m), kit.Time.GetUtcNow());
        balances.HoldFor(sell, 0.4m);
        Assert.Equal(0.5m, balances.Available("BTC"));
        balances.Release("s1");
        Assert.Equal(2m, balances.Available("BTC"));
    }

    [Fact]
    public async Task WS_balance_updates_set_totals_and_each_change_is_reported_once()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        Assert.Null(balances.Available("BTC"));

        balances.OnFrame(Encoding.UTF8.GetBytes("""{"channel":"balances","type":"snapshot","data":[{"asset":"BTC","asset_class":"currency","balance":1.5,"wallets":[{"type":"spot","id":"main","balance":1.5}]},{"asset":"USD","balance":1000.25}],"sequence":1}"""));
        balances.OnFrame(Encoding.UTF8.GetBytes("""{"channel":"balances","type":"update","data":[{"ledger_id":"L1","type":"trade","asset":"BTC","wallet_type":"spot","wallet_id":"main","amount":0.1,"fee":0,"balance":1.6}],"sequence":2}"""));
        balances.OnFrame(Encoding.UTF8.GetBytes("""{"channel":"balances","type":"update","data":[{"ledger_id":"L2","type":"earn","asset":"BTC","wallet_type":"earn","amount":5,"balance":5}],"sequence":3}"""));

        Assert.True(balances.IsKnown);
        Assert.Equal(1.6m, balances.Current["BTC"].Total);
        Assert.Equal(1000.25m, balances.Current["USD"].Total);
        Assert.Equal([1.5m, 1.6m], kit.EventsOf<BalanceChanged>().Where(e => e.Balance.Asset == "BTC").Select(e => e.Balance.Total));
    }

    [Fact]
    public async Task A_fill_and_then_a_cancel_free_the_order_s_hold_at_once_before_the_order_s_event()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        kit.Tracker.OrderChanged += balances.OnOrderChanged;
        var heldAtEvent = new List<(string Event, decimal Held)>();
        kit.Hub.EventRaised += (_, e) =>
        {
            if (e is OrderPartiallyFilled or OrderCancelled) heldAtEvent.Add((e.GetType().Name, balances.Current["USD"].Held));
        };
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 0m)), new HashSet<string>());
        var order = kit.AddBuy("c1", 1m, 30000m);
        balances.HoldFor(order, takerFeePercent: 0.4m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        // Kraken's hold for the order (it rounds its own way); our local hold gives way to it.
        long asked = balances.BeginRead();
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 30120.01m)), new HashSet<string>(), asked);
        Assert.Equal(30120.01m, balances.Current["USD"].Held);

        // 0.25 filled at 30000 with a 30 USD fee: 7530 leaves the hold.
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.25m, 30000m, 0.25m, fee: 30m)));
        Assert.Equal(22590.01m, balances.Current["USD"].Held);
        Assert.Equal(100_000m, balances.Current["USD"].Total);
        Assert.Equal(100_000m - 22590.01m, balances.Current["USD"].Available);

        // The cancel frees the rest; no order holds USD any more, so nothing is held (not a rounding remainder).
        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0.25m, "User requested")));
        Assert.Equal(0m, balances.Current["USD"].Held);
        Assert.Equal([("OrderPartiallyFilled", 22590.01m), ("OrderCancelled", 0m)], heldAtEvent);
        var usdChanges = kit.EventsOf<BalanceChanged>().Where(e => e.Balance.Asset == "USD").Select(e => e.Balance.Held).ToList();
        Assert.Equal([0m, 30120m, 30120.01m, 22590.01m, 0m], usdChanges);

        // A read asked before the cancel (still showing the hold) does not bring it back; one asked after replaces the estimate.
        balances.OnBalanceEx(BalanceEx(("ZUSD", 92_470m, 22590.01m)), new HashSet<string>(), asked);
        Assert.Equal(0m, balances.Current["USD"].Held);
        balances.OnBalanceEx(BalanceEx(("ZUSD", 92_470m, 5m)), new HashSet<string>(), balances.BeginRead());
        Assert.Equal(5m, balances.Current["USD"].Held);
        Assert.Equal(92_465m, balances.Current["USD"].Available);
    }

    [Fact]
    public async Task A_read_under_way_during_a_fill_is_set_aside_so_the_fill_is_never_taken_off_twice()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        kit.Tracker.OrderChanged += balances.OnOrderChanged;
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 0m)), new HashSet<string>());
        var order = kit.AddBuy("c1", 1m, 30000m);
        balances.HoldFor(order, takerFeePercent: 0m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 30000m)), new HashSet<string>(), balances.BeginRead());

        // A read is asked; before its answer, 0.5 fills (15000 leaves the hold); Kraken answered after the fill.
        long asked = balances.BeginRead();
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.5m, 30000m, 0.5m, fee: 0m)));
        Assert.Equal(15000m, balances.Current["USD"].Held);
        long readsBefore = balances.Reads;
        Assert.False(balances.OnBalanceEx(BalanceEx(("ZUSD", 85_000m, 15000m)), new HashSet<string>(), asked));

        // Applying it would have taken the fill off again (held 0, 85000 available of which 15000 is still bid).
        Assert.Equal(15000m, balances.Current["USD"].Held);
        Assert.Equal(readsBefore, balances.Reads);

        // The read asked after the fill is the authority.
        Assert.True(balances.OnBalanceEx(BalanceEx(("ZUSD", 85_000m, 15000m)), new HashSet<string>(), balances.BeginRead()));
        Assert.Equal(15000m, balances.Current["USD"].Held);
        Assert.Equal(70_000m, balances.Current["USD"].Available);
    }

    [Fact]
    public async Task A_website_stop_buy_at_an_offset_keeps_its_hold_when_one_of_our_buys_ends()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        kit.Tracker.OrderChanged += balances.OnOrderChanged;
        // A trailing-stop-limit buy placed on the website: its limit is an offset, so only Kraken knows its hold (6000).
        var stop = OrderRequest.ReadOnly(OrdersTestKit.BtcUsd, OrderSide.Buy, OrderType.TrailingStopLimit, 0.1m,
            trigger: new OrderTrigger("+500.0", "+100.0"));
        balances.OnOrderChanged(kit.Tracker.AdoptExternal("OSTOP", stop, kit.Time.GetUtcNow()));
        balances.HoldFor(kit.AddBuy("c1", 1m, 30000m), takerFeePercent: 0m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 36000m)), new HashSet<string>(), balances.BeginRead());

        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0m, "User requested")));

        // Our 30000 is released; the stop's 6000 stays held (not zeroed as if no order held USD).
        Assert.Equal(6000m, balances.Current["USD"].Held);
    }

    [Fact]
    public async Task A_released_order_only_frees_its_own_part_while_another_order_still_holds_the_asset()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        kit.Tracker.OrderChanged += balances.OnOrderChanged;
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 0m)), new HashSet<string>());
        balances.HoldFor(kit.AddBuy("c1", 1m, 30000m), takerFeePercent: 0m);
        balances.HoldFor(kit.AddBuy("c2", 1m, 20000m), takerFeePercent: 0m);
        kit.Feed(Exec.Update(Exec.New("O1", "c1"), Exec.New("O2", "c2")));
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 50000m)), new HashSet<string>(), balances.BeginRead());

        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0m, "User requested")));
        Assert.Equal(20000m, balances.Current["USD"].Held);

        // An estimate larger than what Kraken holds never takes the held figure below zero.
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 100m)), new HashSet<string>(), balances.BeginRead());
        kit.Feed(Exec.Update(Exec.Trade("O2", "c2", "T2", 0.5m, 20000m, 0.5m, fee: 0m)));
        Assert.Equal(0m, balances.Current["USD"].Held);
        Assert.Equal(100_000m, balances.Current["USD"].Available);
    }

    [Fact]
    public async Task A_cancel_before_any_read_shows_the_order_shrinks_its_local_hold_only()
    {
        await using var kit = await OrdersTestKit.CreateAsync();
        var balances = new BalanceTracker(kit.Catalog, kit.Hub, kit.Time, NullLogger.Instance);
        kit.Tracker.OrderChanged += balances.OnOrderChanged;
        balances.OnBalanceEx(BalanceEx(("ZUSD", 100_000m, 700m)), new HashSet<string>()); // held by an order of another app
        balances.HoldFor(kit.AddBuy("c1", 1m, 30000m), takerFeePercent: 0m);
        Assert.Equal(30700m, balances.Current["USD"].Held);
        kit.Feed(Exec.Update(Exec.New("O1", "c1")));
        kit.Feed(Exec.Update(Exec.Trade("O1", "c1", "T1", 0.5m, 30000m, 0.5m, fee: 0m)));
        Assert.Equal(15700m, balances.Current["USD"].Held);
        kit.Feed(Exec.Update(Exec.Canceled("O1", "c1", 0.5m, "User requested")));
        Assert.Equal(700m, balances.Current["USD"].Held);
    }
}
