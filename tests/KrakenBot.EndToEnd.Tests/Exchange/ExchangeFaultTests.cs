using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Sandbox.Faults;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>The connector under the sandbox's fault switches: no duplicate, no orphan, no fill twice, no fill lost.</summary>
public class ExchangeFaultTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    // For the tests whose fault leaves a socket request unanswered: they wait for this timeout, whatever the machine's load.
    private static readonly TimeSpan UnansweredRequestTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_reply_lost_after_the_order_was_accepted_leaves_one_tracked_order()
    {
        await using var world = await SandboxWorld.StartAsync();
        // The swallowed reply is waited for until the socket request times out: a short timeout keeps the test short.
        var exchange = await world.StartExchangeAsync(world.Options(socketRequestTimeout: UnansweredRequestTimeout));
        world.Sandbox.Faults.SwallowOrderReplies(1);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);

        var onKraken = await exchange.Rest.GetOpenOrdersAsync();
        var only = Assert.Single(onKraken);
        Assert.Equal(id, only.ClientOrderId);
        Assert.Equal(only.TxId, exchange.GetOrder(id)!.ExchangeOrderId);
        Assert.Equal(0, (await exchange.Rest.GetClosedOrdersAsync()).TotalCount);
    }

    [Fact]
    public async Task An_acknowledgement_dropped_for_an_order_that_filled_at_once_records_the_fill_once()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 0.5m, 60000m);
        var exchange = await world.StartExchangeAsync(world.Options(socketRequestTimeout: UnansweredRequestTimeout));
        var log = new EventLog(exchange);
        world.Sandbox.Faults.DropAcks(1);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 60000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        await exchange.ReconcileAsync();

        Assert.Single(log.For<FillRecorded>(id));
        Assert.Single(exchange.GetOrder(id)!.Fills);
        Assert.Single((await exchange.Rest.GetTradesHistoryAsync()).Trades);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task A_socket_dropped_between_fill_and_acknowledgement_records_the_fill_once()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Sell, 0.5m, 60000m);
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);
        // The order fills at once; its acknowledgement is held back and the socket drops before it is sent.
        world.Sandbox.Faults.AckDelay = TimeSpan.FromMilliseconds(500);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 60000m));
        await Until.TrueAsync(async () => (await world.MakerRest.GetOpenOrdersAsync()).Count == 0, () => "the maker's order taken");
        world.Sandbox.Faults.DropSockets();
        world.Sandbox.Faults.AckDelay = TimeSpan.Zero;

        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        await Until.TrueAsync(() => exchange.UserStreamReady, () => "the private socket back");
        await exchange.ReconcileAsync();

        Assert.Single(log.For<FillRecorded>(id));
        Assert.Single(log.For<OrderFilled>(id));
        Assert.Single(exchange.GetOrder(id)!.Fills);
        Assert.Single((await exchange.Rest.GetClosedOrdersAsync()).Orders);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task Duplicated_and_reordered_executions_count_every_fill_once()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);
        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        world.Sandbox.Faults.DuplicateExecutions(20);
        world.Sandbox.Faults.ReorderExecutions(20);

        for (int i = 0; i < 4; i++) await world.MakerMarketAsync(OrderSide.Sell, 0.25m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        await exchange.ReconcileAsync();

        var order = exchange.GetOrder(id)!;
        Assert.Equal(4, order.Fills.Count);
        Assert.Equal(1m, order.FilledAmount);
        Assert.Equal(4, log.For<FillRecorded>(id).Count);
        Assert.Single(log.For<OrderFilled>(id));
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task With_REST_unavailable_during_a_socket_outage_an_order_fails_cleanly_and_trading_resumes_after()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);
        // REST down: the socket cannot get a token to come back either.
        world.Sandbox.Faults.FailRest(RestFault.Unavailable);
        world.Sandbox.Faults.DropSockets();
        await Until.TrueAsync(() => !exchange.UserStreamReady, () => "the private socket down");
        Assert.False(exchange.Readiness.IsReady);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Failed);
        var failed = Assert.Single(log.For<OrderFailed>(id));
        Assert.Equal(ExchangeErrorCategory.ServiceUnavailable, failed.Category);

        world.Sandbox.Faults.Clear();
        await Until.TrueAsync(() => exchange.UserStreamReady, () => "the private socket back");
        Assert.Empty(await exchange.Rest.GetOpenOrdersAsync());
        string next = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.1m, 59000m));
        await Until.OrderStateAsync(exchange, next, OrderState.Open);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task Under_rate_limit_pressure_orders_wait_and_none_fails()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var log = new EventLog(exchange);
        world.Sandbox.Faults.ForceRateLimit(1, "add_order"); // Kraken refuses one order anyway: it is sent again after the wait

        var ids = new List<string>();
        for (int i = 0; i < 200; i++)
            ids.Add(await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.001m, 40000m + i)));
        foreach (var id in ids) await Until.OrderStateAsync(exchange, id, OrderState.Open);

        Assert.Empty(log.Of<OrderFailed>());
        Assert.Equal(200, (await exchange.Rest.GetOpenOrdersAsync()).Count);
    }

    [Fact]
    public async Task A_restart_between_placement_and_acknowledgement_recovers_the_order_from_the_journal()
    {
        await using var world = await SandboxWorld.StartAsync();
        string clientId = Guid.NewGuid().ToString("D");
        var request = OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m);

        // The process journaled its intent, sent the order, and was killed before any answer: that is what is left.
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = world.JournalPath }))
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
            await account.Orders.RecordCreatedAsync(TrackedOrder.Create(clientId, request, DateTimeOffset.UtcNow));
        }
        using (var http = new HttpClient())
        {
            var rest = new KrakenRestClient(http, SandboxWorld.KrakenOptionsFor(world.Sandbox),
                new Connector.Kraken.Auth.NonceSource(TimeProvider.System, new Connector.Kraken.Auth.InMemoryNonceStore()),
                new Connector.Kraken.Rest.RateLimits.RestRateBudget(KrakenTier.Pro, TimeProvider.System), TimeProvider.System,
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, world.Trader);
            await rest.AddOrderAsync(new KrakenOrderRequest
            {
                Pair = "XBTUSD", Side = KrakenSide.Buy, OrderType = KrakenOrderType.Limit, Volume = 0.5m, Price = 59000m, ClientOrderId = clientId,
            });
        }

        var exchange = await world.StartExchangeAsync();

        var order = exchange.GetOrder(clientId);
        Assert.NotNull(order);
        Assert.Equal(OrderState.Open, order.State);
        Assert.NotNull(order.ExchangeOrderId);
        Assert.Single(await exchange.Rest.GetOpenOrdersAsync());

        // And it keeps being tracked: a fill arrives over the stream and is journaled.
        await world.MakerMarketAsync(OrderSide.Sell, 0.5m);
        await Until.OrderStateAsync(exchange, clientId, OrderState.Filled);
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
    }

    [Fact]
    public async Task A_restart_after_fills_were_missed_recovers_them_once_from_trade_history()
    {
        await using var world = await SandboxWorld.StartAsync();
        var first = await world.StartExchangeAsync();
        string id = await first.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 59000m));
        await Until.OrderStateAsync(first, id, OrderState.Open);
        await first.StopAsync();

        // While the connector is away the order fills in two parts.
        await world.MakerMarketAsync(OrderSide.Sell, 0.4m);
        await world.MakerMarketAsync(OrderSide.Sell, 0.6m);

        var second = await world.StartExchangeAsync();
        var order = second.GetOrder(id)!;
        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal(2, order.Fills.Count);
        var again = await second.ReconcileAsync();
        Assert.Equal(0, again.FillsRecovered);
        await SandboxWorld.BalancesMatchSandboxAsync(second);
    }
}
