using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// Two bots' connectors on one key and one PostgreSQL journal (as two processes would run them): each knows, reconciles
/// and cancels only its own orders; an order placed outside the fleet is reported by both and adopted by neither; a
/// member that stops leaves its orders to itself (a restart under its name takes them back), and a name runs once.
/// </summary>
public sealed class FleetOwnershipTests
{
    [PostgresFact]
    public async Task Two_bots_on_one_key_each_reconcile_adopt_and_cancel_only_their_own_orders()
    {
        await using var schema = new TestPostgresSchema();
        await using var world = await SandboxWorld.StartAsync();
        var a = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-a"));
        var b = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-b"));

        string a1 = await a.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        string a2 = await a.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50001m));
        string b1 = await b.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.2m, 50002m));
        await Until.OrderStateAsync(a, a1, OrderState.Open);
        await Until.OrderStateAsync(a, a2, OrderState.Open);
        await Until.OrderStateAsync(b, b1, OrderState.Open);

        // An order on the key from outside the fleet (the website, another tool): no cl_ord_id, in no journal. Sent with
        // A's REST client only so that its nonce takes the key's turn (a second nonce source on a busy key would race).
        var placed = await a.Rest.AddOrderAsync(new KrakenOrderRequest
        {
            Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.05m, Price = 40000m,
        });
        string foreignTxid = Assert.Single(placed.TxIds);

        // Reconciliation reads every order on the key; each connector keeps to its own.
        await a.ReconcileAsync();
        await b.ReconcileAsync();
        Assert.Equal(new[] { a1, a2 }.Order(), a.OpenOrders.Select(o => o.ClientOrderId).Order());
        Assert.Equal([b1], b.OpenOrders.Select(o => o.ClientOrderId));
        Assert.All([a, b], connector =>
        {
            var untracked = Assert.Single(connector.UntrackedOrders);
            Assert.Equal(foreignTxid, untracked.ExchangeOrderId);
            Assert.Contains("outside the fleet", untracked.Reason);
        });

        // Cancel-all cancels one bot's orders, never the other's nor the outsider's (Kraken's CancelAll would take all).
        Assert.Equal(2, await a.CancelAllAsync());
        await Until.OrderStateAsync(a, a1, OrderState.Cancelled);
        await Until.OrderStateAsync(a, a2, OrderState.Cancelled);
        var open = await b.Rest.GetOpenOrdersAsync();
        Assert.Equal(new[] { b.GetOrder(b1)!.ExchangeOrderId!, foreignTxid }.Order(), open.Select(o => o.TxId).Order());
        Assert.Equal(OrderState.Open, b.GetOrder(b1)!.State);

        // B stops, keeping its order; A does not take it. A second process as B is refused while B runs; B started again
        // (its name free) takes its order back.
        string b2 = await b.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.3m, 50003m));
        await Until.OrderStateAsync(b, b2, OrderState.Open);
        var twin = await Assert.ThrowsAsync<JournalInUseException>(() =>
            world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-b")));
        Assert.Contains("'bot-b' already runs", twin.Message);
        await b.DisposeAsync();
        await a.ReconcileAsync();
        Assert.Empty(a.OpenOrders);
        var again = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-b"));
        Assert.Equal(new[] { b1, b2 }.Order(), again.OpenOrders.Select(o => o.ClientOrderId).Order());
        Assert.Empty(a.OpenOrders);
    }

    [PostgresFact]
    public async Task A_bot_whose_process_ended_is_seen_gone_and_its_orders_are_known_only_to_a_connector_started_under_its_name()
    {
        await using var schema = new TestPostgresSchema();
        await using var world = await SandboxWorld.StartAsync();
        var a = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-a"));
        string a1 = await a.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(a, a1, OrderState.Open);

        await using var reader = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = schema.Journal, ReadOnly = true });
        Assert.True(await reader.IsFleetMemberRunningAsync("bot-a", CancellationToken.None));
        Assert.False(await reader.IsFleetMemberRunningAsync("bot-b", CancellationToken.None));
        await a.DisposeAsync(); // a clean stop gives the place up (a killed process's session ends, and the lock with it)
        Assert.False(await reader.IsFleetMemberRunningAsync("bot-a", CancellationToken.None));

        var stranger = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-c"));
        await stranger.ReconcileAsync();
        Assert.Empty(stranger.OpenOrders);
        Assert.Empty(stranger.UntrackedOrders); // a fleet member's order, journaled: not "outside the fleet"
        Assert.Equal(0, await stranger.CancelAllAsync());

        var heir = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-a"));
        Assert.Equal([a1], heir.OpenOrders.Select(o => o.ClientOrderId));
        Assert.Equal(1, await heir.CancelAllAsync());
        await Until.OrderStateAsync(heir, a1, OrderState.Cancelled);
    }
}
