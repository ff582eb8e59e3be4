using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.EndToEnd.Tests.Exchange;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Contract;

/// <summary>
/// The events contract of <see cref="IExchange"/>, one suite for every implementation: the events of an order follow
/// its states; a reader that stops reading is told what it missed and then gets the new events, while a reader that
/// keeps up loses nothing; an <c>EventRaised</c> handler may place, cancel and read balances, even waiting for the
/// results. A subclass supplies the exchange and a market that can trade against a resting buy.
/// </summary>
public abstract class ExchangeEventContract : IAsyncLifetime
{
    protected static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    /// <summary>Where resting buys go; nothing else rests near it unless a test puts it there.</summary>
    protected const decimal BuyPrice = 50_000m;

    /// <summary>The exchange under test, started.</summary>
    /// <param name="eventCapacityPerReader">The per-reader capacity (null: the exchange's default).</param>
    protected abstract Task<IExchange> StartExchangeAsync(int? eventCapacityPerReader = null);

    /// <summary>The market sells <paramref name="amount"/> into our resting buy at <paramref name="price"/>.</summary>
    protected abstract Task TradeThroughBuyAsync(decimal price, decimal amount);

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();

    [Fact]
    public async Task The_events_of_an_order_follow_its_states_with_each_fill_before_the_state_it_leads_to()
    {
        var exchange = await StartExchangeAsync();
        var handled = new EventRecorder();
        exchange.EventRaised += (_, e) => handled.Add(e);
        await using var read = EventRecorder.Read(exchange);

        string buy = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, BuyPrice));
        await UntilStateAsync(exchange, buy, OrderState.Open);
        await TradeThroughBuyAsync(BuyPrice, 0.4m);
        await Until.TrueAsync(() => exchange.GetOrder(buy)!.FilledAmount == 0.4m, () => "the first fill");
        await TradeThroughBuyAsync(BuyPrice, 0.6m);
        await UntilStateAsync(exchange, buy, OrderState.Filled);
        string cancelled = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, BuyPrice - 1_000m));
        await UntilStateAsync(exchange, cancelled, OrderState.Open);
        await exchange.CancelOrderAsync(cancelled);
        await UntilStateAsync(exchange, cancelled, OrderState.Cancelled);
        await handled.UntilAsync(e => e is OrderCancelled c && c.Order.ClientOrderId == cancelled, "the handlers to see the cancel");
        await read.UntilAsync(e => e is OrderCancelled c && c.Order.ClientOrderId == cancelled, "the reader to see the cancel");

        Assert.Equal(
            ["OrderCreated Open 0", "FillRecorded 0.4", "OrderPartiallyFilled PartiallyFilled 0.4", "FillRecorded 0.6", "OrderFilled Filled 1"],
            handled.Of(buy));
        Assert.Equal(["OrderCreated Open 0", "OrderCancelled Cancelled 0"], handled.Of(cancelled));
        // The reader and the handlers see one and the same sequence (whichever saw more has the other's as its start).
        var (shorter, longer) = Ordered(read.Events, handled.Events);
        Assert.Equal(shorter, longer.Take(shorter.Count));
        Assert.DoesNotContain(longer, e => e is EventsOverflowed);
    }

    [Fact]
    public async Task A_reader_that_stops_reading_is_told_what_it_missed_then_gets_new_events_and_a_reader_that_keeps_up_loses_nothing()
    {
        const int capacity = 16;
        var exchange = await StartExchangeAsync(capacity);
        var handled = new EventRecorder();
        exchange.EventRaised += (_, e) => handled.Add(e);
        await using var fast = EventRecorder.Read(exchange);
        var slow = exchange.Events().GetAsyncEnumerator();

        // Each round raises a few events and waits for the fast reader and the handlers: they never fall 16 behind,
        // while the slow reader, which reads nothing, falls behind by all of them.
        for (int round = 0; round < 12; round++)
        {
            string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, BuyPrice - 100m - round));
            await UntilStateAsync(exchange, id, OrderState.Open);
            await exchange.CancelOrderAsync(id);
            await fast.UntilAsync(e => e is OrderCancelled c && c.Order.ClientOrderId == id, $"the fast reader to see cancel {round}");
            await handled.UntilAsync(e => e is OrderCancelled c && c.Order.ClientOrderId == id, $"the handlers to see cancel {round}");
        }

        var missedFrom = new List<ExchangeEvent>();
        for (int i = 0; i < capacity; i++)
        {
            Assert.True(await slow.MoveNextAsync());
            missedFrom.Add(slow.Current);
        }
        Assert.Equal(fast.Events.Take(capacity), missedFrom);
        Assert.True(await slow.MoveNextAsync());
        var overflow = Assert.IsType<EventsOverflowed>(slow.Current);
        Assert.True(overflow.Missed >= 12, $"missed {overflow.Missed}");

        // After the signal: the events raised since, exactly as the fast reader got them.
        string after = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, BuyPrice - 500m));
        await fast.UntilAsync(e => e is OrderCreated c && c.Order.ClientOrderId == after, "the fast reader to see the new order");
        var resumed = new List<ExchangeEvent>();
        do
        {
            Assert.True(await slow.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            resumed.Add(slow.Current);
        }
        while (slow.Current is not OrderCreated { Order.ClientOrderId: var created } || created != after);
        Assert.Equal(fast.Events.Skip(capacity + (int)overflow.Missed).Take(resumed.Count), resumed);
        Assert.Contains(resumed, e => e is BalanceChanged);

        Assert.DoesNotContain(fast.Events, e => e is EventsOverflowed);
        var (shorter, longer) = Ordered(fast.Events, handled.Events);
        Assert.Equal(shorter, longer.Take(shorter.Count));
        Assert.DoesNotContain(longer, e => e is EventsOverflowed);
        await slow.DisposeAsync();
    }

    [Fact]
    public async Task A_handler_may_place_and_cancel_orders_and_read_balances_waiting_for_each_result()
    {
        var exchange = await StartExchangeAsync();
        var handled = new EventRecorder();
        exchange.EventRaised += (_, e) => handled.Add(e);
        var outcome = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? placedByHandler = null;
        exchange.EventRaised += (_, e) =>
        {
            if (e is not OrderCreated { Order.Request.ClientTag: "re-entrant" } created) return;
            try
            {
                // Synchronous waits on purpose: the connector must not need this thread, nor a lock it holds.
                decimal usdBefore = exchange.Balances["USD"].Available;
                placedByHandler = exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, BuyPrice - 2_000m))
                    .GetAwaiter().GetResult();
                bool placedOpen = SpinWait.SpinUntil(() => exchange.GetOrder(placedByHandler)?.State == OrderState.Open, TimeSpan.FromSeconds(30));
                exchange.CancelOrderAsync(created.Order.ClientOrderId).GetAwaiter().GetResult();
                bool cancelled = SpinWait.SpinUntil(() => exchange.GetOrder(created.Order.ClientOrderId)?.State == OrderState.Cancelled,
                    TimeSpan.FromSeconds(30));
                decimal usdAfter = exchange.Balances["USD"].Available;
                bool listed = exchange.OpenOrders.Any(o => o.ClientOrderId == placedByHandler);
                outcome.TrySetResult($"placed open {placedOpen}, cancelled {cancelled}, listed {listed}, USD read {usdBefore > 0m && usdAfter > 0m}");
            }
            catch (Exception ex)
            {
                outcome.TrySetException(ex);
            }
        };

        string first = await exchange.PlaceOrderAsync(
            OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.02m, BuyPrice - 1_000m, clientTag: "re-entrant"));

        Assert.Equal("placed open True, cancelled True, listed True, USD read True", await outcome.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        // What the handler caused reaches the handlers afterwards, in order.
        await handled.UntilAsync(e => e is OrderCancelled c && c.Order.ClientOrderId == first, "the handlers to see the cancel");
        await handled.UntilAsync(e => e is OrderCreated c && c.Order.ClientOrderId == placedByHandler, "the handlers to see the new order");
        Assert.Equal(["OrderCreated Open 0", "OrderCancelled Cancelled 0"], handled.Of(first));
        Assert.Equal(["OrderCreated Open 0"], handled.Of(placedByHandler!));
    }

    private static Task UntilStateAsync(IExchange exchange, string clientId, OrderState state) =>
        Until.TrueAsync(() => exchange.GetOrder(clientId)?.State == state,
            () => $"order {clientId} {state}; it is {exchange.GetOrder(clientId)?.State} ({exchange.GetOrder(clientId)?.FailureReason})");

    private static (List<ExchangeEvent> Shorter, List<ExchangeEvent> Longer) Ordered(List<ExchangeEvent> a, List<ExchangeEvent> b) =>
        a.Count <= b.Count ? (a, b) : (b, a);
}
