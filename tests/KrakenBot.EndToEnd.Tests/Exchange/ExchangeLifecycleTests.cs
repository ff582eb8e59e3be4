using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>The connector trading on the sandbox over real loopback HTTP and WebSockets.</summary>
public class ExchangeLifecycleTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task A_limit_order_rests_then_fills_when_the_market_trades_through()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);
        Assert.True(exchange.Readiness.IsReady, string.Join("; ", exchange.Readiness.Components));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        Assert.Single(log.For<OrderCreated>(id));
        Assert.True(Guid.TryParse(id, out _), "client order ids are UUIDs");
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.True(exchange.Balances["USD"].Held > 0.5m * 59000m, "the order's funds are held");

        await world.MakerMarketAsync(OrderSide.Sell, 0.5m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);

        var order = exchange.GetOrder(id)!;
        var fill = Assert.Single(order.Fills);
        Assert.Equal(59000m, fill.Price);
        Assert.Equal(0.5m, fill.Amount);
        Assert.True(fill.IsMaker);
        Assert.Equal("USD", fill.FeeAsset);
        Assert.True(fill.FeeAmount > 0);
        Assert.Single(log.For<FillRecorded>(id));
        Assert.Single(log.For<OrderFilled>(id));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.Equal(10.5m, exchange.Balances["BTC"].Total);
    }

    [Fact]
    public async Task A_market_order_fills_across_levels_and_pays_taker_fees()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 0.2m, 60000m);
        await world.MakerLimitAsync(OrderSide.Sell, 0.3m, 60100m);
        var exchange = await world.StartExchangeAsync();
        var fees = await exchange.GetFeeEstimateAsync(BtcUsd);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.5m));
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);

        var order = exchange.GetOrder(id)!;
        Assert.Equal([60000m, 60100m], order.Fills.Select(f => f.Price).Order());
        Assert.All(order.Fills, f => Assert.False(f.IsMaker));
        var history = await exchange.Rest.GetTradesHistoryAsync();
        foreach (var fill in order.Fills)
        {
            var trade = Assert.Single(history.Trades, t => t.TradeTxId == fill.TradeId);
            Assert.Equal(trade.Fee, fill.FeeAmount);
            Assert.Equal(decimal.Round(fill.Cost * fees.TakerPercent / 100m, 4), fill.FeeAmount);
        }
        Assert.Equal((0.2m * 60000m + 0.3m * 60100m) / 0.5m, order.AveragePrice);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task A_limit_maker_order_that_would_cross_is_rejected_as_post_only()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 60000m);
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);

        string id = await exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 60000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Failed);

        var failed = Assert.Single(log.For<OrderFailed>(id));
        Assert.True(failed.IsPostOnlyRejection);
        Assert.Equal(ExchangeErrorCategory.OrderRejected, failed.Category);
        Assert.Empty(log.For<FillRecorded>(id));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.Equal(0m, exchange.Balances["USD"].Held);
    }

    [Fact]
    public async Task A_limit_maker_order_that_rests_is_a_maker()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        string id = await exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Sell, 0.3m, 61000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await world.MakerMarketAsync(OrderSide.Buy, 0.3m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        Assert.True(Assert.Single(exchange.GetOrder(id)!.Fills).IsMaker);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task IOC_fills_what_it_can_and_cancels_the_rest()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 0.2m, 60000m);
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 60000m, TimeInForce.Ioc));
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);

        Assert.Equal(0.2m, exchange.GetOrder(id)!.FilledAmount);
        Assert.Single(log.For<FillRecorded>(id));
        Assert.Single(log.For<OrderCancelled>(id));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task FOK_fills_completely_or_not_at_all()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 0.2m, 60000m);
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);

        string tooBig = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 60000m, TimeInForce.Fok));
        await Until.TrueAsync(() => exchange.GetOrder(tooBig)!.IsTerminal, () => $"FOK order terminal, is {exchange.GetOrder(tooBig)!.State}");
        Assert.Equal(0m, exchange.GetOrder(tooBig)!.FilledAmount);
        Assert.Empty(log.For<FillRecorded>(tooBig));

        string fits = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.2m, 60000m, TimeInForce.Fok));
        await Until.OrderStateAsync(exchange, fits, OrderState.Filled);
        Assert.Equal(0.2m, exchange.GetOrder(fits)!.FilledAmount);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task A_partly_filled_order_can_be_cancelled_and_keeps_its_fill()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await world.MakerMarketAsync(OrderSide.Sell, 0.4m);
        await Until.OrderStateAsync(exchange, id, OrderState.PartiallyFilled);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);

        await exchange.CancelOrderAsync(id);
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);

        Assert.Equal(0.4m, exchange.GetOrder(id)!.FilledAmount);
        Assert.Single(log.For<OrderCancelled>(id));
        Assert.Empty(exchange.OpenOrders);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.Equal(0m, exchange.Balances["USD"].Held);
    }

    [Fact]
    public async Task Cancel_all_cancels_every_open_order()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var ids = new List<string>();
        for (int i = 0; i < 3; i++)
            ids.Add(await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m + i)));
        foreach (var id in ids) await Until.OrderStateAsync(exchange, id, OrderState.Open);

        int cancelled = await exchange.CancelAllAsync();

        Assert.Equal(3, cancelled);
        foreach (var id in ids) await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task A_cancel_all_kraken_refuses_leaves_every_order_as_it_was_and_a_second_one_cancels_them()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var ids = new List<string>();
        for (int i = 0; i < 2; i++)
            ids.Add(await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m + i)));
        foreach (var id in ids) await Until.OrderStateAsync(exchange, id, OrderState.Open);

        world.Sandbox.Faults.ForceRateLimit(1, "cancel_all"); // Kraken answers the cancel-all (only) with a rate-limit error
        await Assert.ThrowsAsync<RateLimitException>(() => exchange.CancelAllAsync());

        Assert.All(ids, id => Assert.Equal(OrderState.Open, exchange.GetOrder(id)!.State)); // not stuck in PendingCancel
        Assert.Equal(2, exchange.OpenOrders.Count(o => o.State == OrderState.Open));
        Assert.Equal(2, (await exchange.Rest.GetOpenOrdersAsync()).Count);

        Assert.Equal(2, await exchange.CancelAllAsync());
        foreach (var id in ids) await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);
    }

    [Fact]
    public async Task An_order_whose_cancel_was_lost_is_repaired_by_reconciliation_to_open_and_a_second_cancel_ends_it()
    {
        var clock = new ShiftedClock();
        await using var world = await SandboxWorld.StartAsync(clock: clock);
        var exchange = await world.StartExchangeAsync(world.Options(socketRequestTimeout: TimeSpan.FromSeconds(2), clock: clock));
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);

        world.Sandbox.Faults.LoseCancels(1); // Kraken never sees the cancel and never answers
        var lost = await Assert.ThrowsAnyAsync<ExchangeException>(() => exchange.CancelOrderAsync(id));
        Assert.Equal(ExchangeErrorCategory.OutcomeUnknown, lost.Category);
        Assert.Equal(OrderState.PendingCancel, exchange.GetOrder(id)!.State);

        await exchange.ReconcileAsync();
        Assert.Equal(OrderState.PendingCancel, exchange.GetOrder(id)!.State); // its answer may still be on its way

        clock.Jump(TimeSpan.FromMinutes(2)); // well past the grace, on the sandbox's and the connector's clocks
        await exchange.ReconcileAsync();
        Assert.Equal(OrderState.Open, exchange.GetOrder(id)!.State);
        Assert.Contains(exchange.OpenOrders, o => o.ClientOrderId == id && o.State == OrderState.Open);
        Assert.Single(await exchange.Rest.GetOpenOrdersAsync());

        await exchange.CancelOrderAsync(id);
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
    }

    [Fact]
    public async Task Cancel_all_of_one_pair_leaves_other_pairs_alone()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        string btc = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        string eth = await exchange.PlaceOrderAsync(OrderRequest.Limit(new TradingPair("ETH", "USD"), OrderSide.Buy, 1m, 2000m));
        await Until.OrderStateAsync(exchange, btc, OrderState.Open);
        await Until.OrderStateAsync(exchange, eth, OrderState.Open);

        Assert.Equal(1, await exchange.CancelAllAsync(BtcUsd));
        await Until.OrderStateAsync(exchange, btc, OrderState.Cancelled);
        Assert.Equal(OrderState.Open, exchange.GetOrder(eth)!.State);
    }

    [Fact]
    public async Task Every_event_reader_gets_every_event_of_an_order()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        using var cts = new CancellationTokenSource();
        var first = exchange.Events(cts.Token).GetAsyncEnumerator();
        var second = exchange.Events(cts.Token).GetAsyncEnumerator();

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await world.MakerMarketAsync(OrderSide.Sell, 0.1m);

        foreach (var reader in new[] { first, second })
        {
            var kinds = new List<string>();
            while (!kinds.Contains(nameof(OrderFilled)))
            {
                Assert.True(await reader.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
                if (reader.Current is OrderCreated or FillRecorded or OrderFilled) kinds.Add(reader.Current.GetType().Name);
            }
            Assert.Equal([nameof(OrderCreated), nameof(FillRecorded), nameof(OrderFilled)], kinds);
        }
        await cts.CancelAsync();
    }

    [Fact]
    public async Task An_amend_changes_price_and_amount_on_the_exchange_and_keeps_the_order()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        string? txid = exchange.GetOrder(id)!.ExchangeOrderId;

        await exchange.AmendOrderAsync(id, newPrice: 59100m, newAmount: 0.4m);

        var order = exchange.GetOrder(id)!;
        Assert.Equal(59100m, order.Request.Price);
        Assert.Equal(0.4m, order.Request.Amount);
        Assert.Equal(txid, order.ExchangeOrderId);
        var onKraken = Assert.Single(await exchange.Rest.GetOpenOrdersAsync());
        Assert.Equal(txid, onKraken.TxId);
        Assert.Equal(0.4m, onKraken.Volume);
        Assert.Equal(59100m, onKraken.Description.Price!.Absolute);
        await Until.TrueAsync(() => log.Of<OrderAmended>().Count >= 1, () => "OrderAmended");
        Assert.Single(log.Of<OrderAmended>());
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);

        await world.MakerMarketAsync(OrderSide.Sell, 0.4m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        Assert.Equal(59100m, Assert.Single(exchange.GetOrder(id)!.Fills).Price);
    }

    [Fact]
    public async Task The_order_change_count_grows_with_each_change_of_an_order_once_it_is_visible()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        long started = exchange.OrderChanges!.Value;
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        long open = exchange.OrderChanges!.Value;
        Assert.True(open > started, $"{open} after placing, {started} before");

        await exchange.AmendOrderAsync(id, newPrice: 59100m);
        // Counted once the amend is visible: whoever reads the order with the new count sees the new price.
        long amended = exchange.OrderChanges!.Value;
        Assert.True(amended > open, $"{amended} after the amend, {open} before");
        Assert.Equal(59100m, exchange.GetOrder(id)!.Request.Price);

        await exchange.CancelOrderAsync(id);
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);
        Assert.True(exchange.OrderChanges > amended);
    }

    [Fact]
    public async Task An_amend_that_breaks_the_rules_is_refused_before_anything_is_sent()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);

        var offTick = await Assert.ThrowsAsync<ExchangeValidationException>(() => exchange.AmendOrderAsync(id, newPrice: 59000.05m));
        Assert.Contains("off the tick", offTick.Message);
        await Assert.ThrowsAsync<ExchangeValidationException>(() => exchange.AmendOrderAsync(id));
        Assert.Equal(59000m, Assert.Single(await exchange.Rest.GetOpenOrdersAsync()).Description.Price!.Absolute);
    }
}
