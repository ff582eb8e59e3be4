using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperPersistenceTests
{
    [Fact]
    public async Task A_new_paper_exchange_over_the_same_store_has_the_same_balances_and_open_orders_which_keep_resting()
    {
        var store = new InMemoryPaperAccountStore();
        var before = new PaperTestKit(store: store, idPrefix: "run1");
        await before.Exchange.StartAsync();
        before.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
        await before.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.5m));
        var resting = await before.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 99.0m));
        await before.PrintAsync(98.9m, 0.25m, OrderSide.Sell);
        var sell = await before.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.7m, 101.0m));
        string pending = await before.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.2m, 102.0m)); // not yet at the exchange
        var balances = before.Exchange.Balances;
        var open = before.Exchange.OpenOrders;
        await before.DisposeAsync();

        await using var after = new PaperTestKit(store: store, idPrefix: "run2");
        after.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
        await after.Exchange.StartAsync();

        Assert.Equal(balances, after.Exchange.Balances);
        Assert.Equal(open.Select(o => (o.ClientOrderId, o.State, o.FilledAmount, o.Fills.Count)),
            after.Exchange.OpenOrders.Select(o => (o.ClientOrderId, o.State, o.FilledAmount, o.Fills.Count)));
        Assert.Equal(OrderState.PartiallyFilled, after.Exchange.GetOrder(resting.ClientOrderId)!.State);

        // The restored order rests again: its queue is estimated from the book it finds (0.5 ahead at 99).
        await after.PrintAsync(99.0m, 0.8m, OrderSide.Sell);
        Assert.Equal(0.25m + 0.3m, after.Exchange.GetOrder(resting.ClientOrderId)!.FilledAmount);
        await after.PrintAsync(101.0m, 0.7m, OrderSide.Buy);
        Assert.Equal(OrderState.Filled, after.Exchange.GetOrder(sell.ClientOrderId)!.State);

        // The order that had not reached the simulated exchange gets there after the latency.
        Assert.Equal(OrderState.PendingCreate, after.Exchange.GetOrder(pending)!.State);
        await after.SettleAsync();
        Assert.Equal(OrderState.Open, after.Exchange.GetOrder(pending)!.State);

        // Trade history spans both runs: the market buy, the resting buy's two fills, the sell.
        Assert.Equal(4, (await after.Exchange.GetTradeHistoryAsync()).Count);
    }

    [Fact]
    public async Task A_cancel_in_flight_at_shutdown_completes_after_the_restart()
    {
        var store = new InMemoryPaperAccountStore();
        var before = new PaperTestKit(store: store, idPrefix: "run1");
        await before.Exchange.StartAsync();
        before.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
        var order = await before.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95.0m));
        await before.Exchange.CancelOrderAsync(order.ClientOrderId);
        await before.DisposeAsync();

        await using var after = new PaperTestKit(store: store, idPrefix: "run2");
        await after.Exchange.StartAsync();
        Assert.Equal(OrderState.PendingCancel, after.Exchange.GetOrder(order.ClientOrderId)!.State);
        Assert.True(after.Held("USD") > 0);

        await after.SettleAsync();
        Assert.Equal(OrderState.Cancelled, after.Exchange.GetOrder(order.ClientOrderId)!.State);
        Assert.Equal(0m, after.Held("USD"));
        Assert.Empty((await store.LoadAsync())!.OpenOrders);
    }

    [Fact]
    public async Task A_change_the_store_refuses_is_not_shown()
    {
        var store = new FailingStore();
        await using var kit = new PaperTestKit(store: null);
        var exchange = new PaperExchange(kit.Market, store,
            new PaperExchangeOptions { StartingBalances = kit.Starting, Latency = TimeSpan.Zero }, kit.Time);
        await exchange.StartAsync();
        kit.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
        var events = new List<ExchangeEvent>();
        exchange.EventRaised += (_, e) => events.Add(e);

        store.Fail = true;
        await Assert.ThrowsAsync<IOException>(() => exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95m)));

        Assert.Empty(exchange.OpenOrders);
        Assert.Equal(0m, exchange.Balances["USD"].Held);
        Assert.Empty(events);
        await exchange.DisposeAsync();
    }

    [Fact]
    public async Task A_reader_while_a_change_is_stored_sees_the_state_before_it_and_then_all_of_it()
    {
        var store = new FailingStore();
        await using var kit = new PaperTestKit(store: null);
        var exchange = new PaperExchange(kit.Market, store,
            new PaperExchangeOptions { StartingBalances = kit.Starting, Latency = TimeSpan.FromSeconds(1) }, kit.Time);
        await exchange.StartAsync();
        kit.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
        store.Fail = true;
        await Assert.ThrowsAsync<IOException>(() => exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95m)));
        long? changes = exchange.OrderChanges;

        store.Fail = false;
        store.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var placing = exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 2m, 96m));
        await store.Saving.Task; // the change is built (in place) and waits on the store

        Assert.Empty(exchange.OpenOrders);
        Assert.Equal(0m, exchange.Balances["USD"].Held);
        Assert.Equal(changes, exchange.OrderChanges);
        store.Hold.SetResult();
        string id = await placing;

        // Only the stored change shows, whole: the refused one left nothing behind.
        var order = Assert.Single(exchange.OpenOrders);
        Assert.Equal((id, 2m, OrderState.PendingCreate), (order.ClientOrderId, order.Request.Amount, order.State));
        Assert.Equal(2m * 96m * 1.004m, exchange.Balances["USD"].Held);
        Assert.NotEqual(changes, exchange.OrderChanges);
        await exchange.DisposeAsync();
    }

    private sealed class FailingStore : IPaperAccountStore
    {
        private readonly InMemoryPaperAccountStore _inner = new();

        public bool Fail { get; set; }

        /// <summary>When set, a save waits for it (after signalling <see cref="Saving"/>).</summary>
        public TaskCompletionSource? Hold { get; set; }

        public TaskCompletionSource Saving { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CanRecordAmendments => true;

        public Task<PaperAccountSnapshot?> LoadAsync(CancellationToken cancellationToken = default) => _inner.LoadAsync(cancellationToken);

        public async Task SaveAsync(PaperAccountChange change, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                throw new IOException("disk full");
            }

            if (Hold is { } hold)
            {
                Saving.TrySetResult();
                await hold.Task;
            }

            await _inner.SaveAsync(change, cancellationToken);
        }

        public Task ResetAsync(IReadOnlyList<Balance> totals, CancellationToken cancellationToken = default) => _inner.ResetAsync(totals, cancellationToken);

        public Task<IReadOnlyList<Fill>> GetRecentFillsAsync(int max, CancellationToken cancellationToken = default) =>
            _inner.GetRecentFillsAsync(max, cancellationToken);
    }
}
