using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperAccountTests
{
    [Fact]
    public async Task Holds_apply_the_moment_an_order_is_placed_and_are_released_when_its_cancel_takes_effect()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);

        string buy = await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 2m, 95.0m));
        string sell = await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.5m, 105.0m));
        decimal buyHold = 2m * 95.0m * (1 + TakerPercent / 100m);
        Assert.Equal((10_000m - buyHold, buyHold, 10_000m), (kit.Available("USD"), kit.Held("USD"), kit.Total("USD")));
        Assert.Equal((1.5m, 0.5m), (kit.Available("BTC"), kit.Held("BTC")));
        Assert.Contains(kit.EventsOf<BalanceChanged>(), e => e.Balance.Asset == "USD" && e.Balance.Held == buyHold);
        await kit.SettleAsync();

        await kit.Exchange.CancelOrderAsync(buy);
        Assert.Equal(OrderState.PendingCancel, kit.Exchange.GetOrder(buy)!.State);
        Assert.Equal(buyHold, kit.Held("USD")); // still held until the cancel takes effect
        await kit.SettleAsync();

        Assert.Equal(OrderState.Cancelled, kit.Exchange.GetOrder(buy)!.State);
        Assert.Equal("cancelled by user", Assert.Single(kit.EventsOf<OrderCancelled>()).Reason);
        Assert.Equal((10_000m, 0m), (kit.Available("USD"), kit.Held("USD")));
        Assert.Equal(0.5m, kit.Held("BTC"));
        Assert.Equal(sell, Assert.Single(kit.Exchange.OpenOrders).ClientOrderId);
    }

    [Fact]
    public async Task A_fill_that_wins_the_race_with_a_cancel_is_kept()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(98.0m, 2m)], [(100.0m, 1m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 99.0m));

        await kit.Exchange.CancelOrderAsync(order.ClientOrderId);
        await kit.PrintAsync(98.9m, 0.4m, OrderSide.Sell); // during the cancel latency
        await kit.SettleAsync();

        var now = kit.Exchange.GetOrder(order.ClientOrderId)!;
        Assert.Equal(OrderState.Cancelled, now.State);
        Assert.Equal(0.4m, now.FilledAmount);
        Assert.Equal(2.4m, kit.Total("BTC"));
        Assert.Equal(0m, kit.Held("USD"));
    }

    [Fact]
    public async Task Cancelling_an_unknown_or_finished_order_says_so()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 5m)]);
        var filled = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m));

        await Assert.ThrowsAsync<UnknownOrderException>(() => kit.Exchange.CancelOrderAsync("nope"));
        var error = await Assert.ThrowsAsync<UnknownOrderException>(() => kit.Exchange.CancelOrderAsync(filled.ClientOrderId));
        Assert.Contains("Filled", error.Message);
    }

    [Fact]
    public async Task Cancel_all_cancels_every_open_order_or_those_of_one_pair()
    {
        await using var kit = await StartedAsync(new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 2m, ["ETH"] = 5m });
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);
        kit.Market.Book(EthUsd).Set([(49.0m, 2m)], [(50.0m, 1m)]);
        await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95.0m));
        await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 1m, 105.0m));
        var eth = await kit.PlaceAsync(OrderRequest.Limit(EthUsd, OrderSide.Sell, 1m, 55.0m));

        Assert.Equal(2, await kit.Exchange.CancelAllAsync(BtcUsd));
        await kit.SettleAsync();
        Assert.Equal(eth.ClientOrderId, Assert.Single(kit.Exchange.OpenOrders).ClientOrderId);
        Assert.Equal((0m, 0m), (kit.Held("USD"), kit.Held("BTC")));

        Assert.Equal(1, await kit.Exchange.CancelAllAsync());
        await kit.SettleAsync();
        Assert.Empty(kit.Exchange.OpenOrders);
        Assert.Equal(3, kit.EventsOf<OrderCancelled>().Count);
        Assert.Equal(0, await kit.Exchange.CancelAllAsync());
    }

    [Theory]
    [InlineData(AmendStore.InMemory)]
    [InlineData(AmendStore.JournalFile)]
    public async Task Amending_down_keeps_the_queue_place_and_releases_hold(AmendStore store)
    {
        await using var scope = await AmendScope.StartAsync(store);
        var kit = scope.Kit;
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 2m, 99.0m));
        await kit.PrintAsync(99.0m, 0.6m, OrderSide.Sell); // queue ahead 1 → 0.4

        await kit.Exchange.AmendOrderAsync(order.ClientOrderId, newAmount: 1m);
        await kit.SettleAsync();
        var amended = Assert.Single(kit.EventsOf<OrderAmended>()).Order;
        Assert.Equal((1m, 99.0m), (amended.Request.Amount, amended.Request.Price));
        Assert.Equal(99.0m * 1.004m, kit.Held("USD"));

        await kit.PrintAsync(99.0m, 0.5m, OrderSide.Sell); // 0.4 to the queue, 0.1 to us
        Assert.Equal(0.1m, kit.Exchange.GetOrder(order.ClientOrderId)!.FilledAmount);
    }

    [Fact]
    public async Task An_amend_request_is_only_checked_until_it_lands_after_the_latency()
    {
        await using var scope = await AmendScope.StartAsync(AmendStore.InMemory);
        var kit = scope.Kit;
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 2m, 99.0m));
        long? changes = kit.Exchange.OrderChanges;
        var balances = kit.Exchange.Balances;

        await kit.Exchange.AmendOrderAsync(order.ClientOrderId, newAmount: 1m);

        // Nothing changed yet: the same state (no new version for readers to re-read), the same balances object.
        Assert.Equal(changes, kit.Exchange.OrderChanges);
        Assert.Same(balances, kit.Exchange.Balances);
        Assert.Same(order, kit.Exchange.GetOrder(order.ClientOrderId));
        await kit.SettleAsync();
        Assert.NotEqual(changes, kit.Exchange.OrderChanges);
        Assert.Equal(1m, kit.Exchange.GetOrder(order.ClientOrderId)!.Request.Amount);
        Assert.Equal(99.0m * 1.004m, kit.Held("USD"));
    }

    [Theory]
    [InlineData(AmendStore.InMemory)]
    [InlineData(AmendStore.JournalFile)]
    public async Task Amending_the_price_goes_to_the_back_of_the_new_level_and_can_take_when_it_crosses(AmendStore store)
    {
        await using var scope = await AmendScope.StartAsync(store);
        var kit = scope.Kit;
        kit.SetBook([(99.0m, 1m), (98.0m, 0.7m)], [(100.0m, 0.3m), (100.5m, 1m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 99.0m));

        await kit.Exchange.AmendOrderAsync(order.ClientOrderId, newPrice: 98.0m);
        await kit.SettleAsync();
        await kit.PrintAsync(98.0m, 1m, OrderSide.Sell); // 0.7 ahead at 98
        Assert.Equal(0.3m, kit.Exchange.GetOrder(order.ClientOrderId)!.FilledAmount);

        await kit.Exchange.AmendOrderAsync(order.ClientOrderId, newPrice: 100.0m);
        await kit.SettleAsync();
        var now = kit.Exchange.GetOrder(order.ClientOrderId)!;
        Assert.Equal(0.6m, now.FilledAmount);
        Assert.False(now.Fills[^1].IsMaker); // took the 0.3 offered at 100
        Assert.Equal(0.4m * 100.0m * 1.004m, kit.Held("USD"));
    }

    [Theory]
    [InlineData(AmendStore.InMemory)]
    [InlineData(AmendStore.JournalFile)]
    public async Task Amends_that_break_the_rules_are_refused_and_the_order_is_unchanged(AmendStore store)
    {
        await using var scope = await AmendScope.StartAsync(store);
        var kit = scope.Kit;
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        var maker = await kit.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 1m, 99.0m));

        var postOnly = await Assert.ThrowsAsync<OrderRejectedException>(() =>
            kit.Exchange.AmendOrderAsync(maker.ClientOrderId, newPrice: 100.0m));
        Assert.True(postOnly.IsPostOnlyRejection);
        await Assert.ThrowsAsync<ExchangeValidationException>(() => kit.Exchange.AmendOrderAsync(maker.ClientOrderId, newPrice: 99.05m));
        await Assert.ThrowsAsync<InsufficientFundsException>(() => kit.Exchange.AmendOrderAsync(maker.ClientOrderId, newAmount: 500m));
        await Assert.ThrowsAsync<ExchangeValidationException>(() => kit.Exchange.AmendOrderAsync(maker.ClientOrderId));
        await kit.SettleAsync();

        Assert.Equal(maker.Request, kit.Exchange.GetOrder(maker.ClientOrderId)!.Request);
        Assert.Empty(kit.EventsOf<OrderAmended>());
    }

    [Fact]
    public async Task A_GTD_order_expires_at_its_time_and_releases_its_hold()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        var expiry = kit.Time.GetUtcNow().AddMinutes(5);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 98.0m, TimeInForce.Gtd, expiry));
        Assert.True(kit.Held("USD") > 0);

        kit.Time.Advance(TimeSpan.FromMinutes(5));
        await kit.Exchange.FlushAsync();

        Assert.Equal(OrderState.Expired, kit.Exchange.GetOrder(order.ClientOrderId)!.State);
        Assert.Single(kit.EventsOf<OrderExpired>());
        Assert.Equal(0m, kit.Held("USD"));
    }

    [Fact]
    public async Task Reset_cancels_open_orders_and_restores_the_starting_balances_keeping_history()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 5m)]);
        await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m));
        var resting = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 90.0m));

        await kit.Exchange.ResetAccountAsync();

        Assert.Equal(OrderState.Cancelled, kit.Exchange.GetOrder(resting.ClientOrderId)!.State);
        Assert.Equal("paper account reset", kit.EventsOf<OrderCancelled>()[^1].Reason);
        Assert.Equal((10_000m, 0m, 2m), (kit.Available("USD"), kit.Held("USD"), kit.Total("BTC")));
        Assert.Single(await kit.Exchange.GetTradeHistoryAsync());
    }

    [Fact]
    public async Task Every_event_reader_gets_every_event_in_order()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 5m)]);
        var first = kit.Exchange.Events().GetAsyncEnumerator();
        var second = kit.Exchange.Events().GetAsyncEnumerator();

        var order = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m));

        foreach (var reader in new[] { first, second })
        {
            var seen = new List<ExchangeEvent>();
            for (int i = 0; i < kit.Recorded.Count; i++)
            {
                Assert.True(await reader.MoveNextAsync());
                seen.Add(reader.Current);
            }

            Assert.Equal(kit.Recorded, seen);
        }

        Assert.Equal([typeof(BalanceChanged), typeof(OrderCreated), typeof(FillRecorded), typeof(OrderFilled), typeof(BalanceChanged), typeof(BalanceChanged)],
            kit.Recorded.Select(e => e.GetType()));
        Assert.Equal(order.ClientOrderId, kit.EventsOf<OrderFilled>()[0].Order.ClientOrderId);
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Readiness_names_a_book_that_is_not_ready()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 5m)]);
        await kit.Exchange.WatchOrderBookAsync(BtcUsd);
        Assert.True(kit.Exchange.Readiness.IsReady);

        kit.Book.MarkNotReady();

        var books = kit.Exchange.Readiness.Components.Single(c => c.Name == "books");
        Assert.False(books.IsReady);
        Assert.Contains("BTC-USD", books.Reason);
        Assert.Contains(BtcUsd, kit.Market.WatchedTrades);
    }

    /// <summary>Where the amend tests keep the account: both stores must give the same behaviour.</summary>
    public enum AmendStore
    {
        InMemory,
        JournalFile,
    }

    /// <summary>A started kit on the chosen store; for the journal, a real SQLite file deleted afterwards.</summary>
    private sealed class AmendScope : IAsyncDisposable
    {
        private TempJournalDirectory? _directory;
        private TradingJournal? _journal;

        public PaperTestKit Kit { get; private set; } = null!;

        public static async Task<AmendScope> StartAsync(AmendStore store)
        {
            var scope = new AmendScope();
            IPaperAccountStore? accountStore = null;
            if (store == AmendStore.JournalFile)
            {
                scope._directory = new TempJournalDirectory();
                scope._journal = await scope._directory.OpenAsync();
                accountStore = new JournalPaperAccountStore(await scope._journal.OpenAccountAsync(JournalAccount.Paper("default")));
            }

            scope.Kit = await StartedAsync(store: accountStore);
            return scope;
        }

        public async ValueTask DisposeAsync()
        {
            await Kit.DisposeAsync();
            if (_journal is not null)
            {
                await _journal.DisposeAsync();
            }

            _directory?.Dispose();
        }
    }
}

public class PaperLongSessionTests
{
    [Fact]
    public async Task Old_finished_orders_leave_memory_but_their_fills_stay_in_the_history()
    {
        await using var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 1_000_000m }, latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1_000_000m)]);
        string first = await kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.01m));
        await kit.Exchange.FlushAsync();
        string resting = await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, 90.0m));
        for (int i = 0; i < 2_000; i++)
        {
            await kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.01m));
        }

        await kit.Exchange.FlushAsync();

        Assert.Null(kit.Exchange.GetOrder(first));
        Assert.NotNull(kit.Exchange.GetOrder(resting)); // open orders always stay
        Assert.Equal(2_001, (await kit.Exchange.GetTradeHistoryAsync(5_000)).Count);
        Assert.Equal(20.01m, kit.Total("BTC"));
    }
}
