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
}
