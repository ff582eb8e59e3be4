using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Exchange;

/// <summary>
/// When the connector learns that an order was cancelled or filled, the funds it held are no longer shown as held:
/// the held figure read from inside the order's own event already equals the sandbox's <c>hold_trade</c>.
/// </summary>
public class ExchangeHoldReleaseTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task A_cancelled_order_s_hold_is_released_by_the_time_OrderCancelled_is_raised()
    {
        await using var world = await SandboxWorld.StartAsync();
        var exchange = await world.StartExchangeAsync();
        var heldAt = new HeldAtEvents(exchange);

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        // The order's hold now comes from Kraken's hold_trade, not from the local estimate.
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        Assert.True(exchange.Balances["USD"].Held > 0.5m * 59000m);

        await exchange.CancelOrderAsync(id);
        await Until.OrderStateAsync(exchange, id, OrderState.Cancelled);

        Assert.Equal(await SandboxHeldUsdAsync(exchange), await heldAt.SingleAsync<OrderCancelled>());
        Assert.Equal(0m, await heldAt.SingleAsync<OrderCancelled>());
    }

    [Fact]
    public async Task A_fill_releases_what_it_spent_and_the_last_fill_releases_the_rest_by_the_time_their_events_are_raised()
    {
        await using var world = await SandboxWorld.StartAsync();
        // A BalanceEx read under way when the maker trades would already include the fill, and the fill's release would
        // then count it twice until the next read (see BalanceTracker). So the only read after the start is the one the
        // order's acknowledgement asks for, waited for below; the next would come after an hour.
        var options = world.Options();
        var exchange = await world.StartExchangeAsync(new KrakenExchangeOptions
        {
            Kraken = options.Kraken, Credentials = options.Credentials, JournalPath = options.JournalPath, SocketTransport = options.SocketTransport,
            ReconcileInterval = TimeSpan.FromHours(1), BalanceRefreshGap = TimeSpan.FromHours(1),
        });
        var heldAt = new HeldAtEvents(exchange);
        long readsBefore = exchange.BalanceReads;

        string id = await exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59000m));
        await Until.OrderStateAsync(exchange, id, OrderState.Open);
        await Until.TrueAsync(() => exchange.BalanceReads > readsBefore, () => "the BalanceEx read the acknowledgement asks for");
        await SandboxWorld.BalancesMatchSandboxAsync(exchange);
        decimal heldBefore = exchange.Balances["USD"].Held;

        await world.MakerMarketAsync(OrderSide.Sell, 0.2m);
        await Until.OrderStateAsync(exchange, id, OrderState.PartiallyFilled);
        decimal heldAfterPart = await heldAt.SingleAsync<OrderPartiallyFilled>();
        Assert.Equal(await SandboxHeldUsdAsync(exchange), heldAfterPart);
        Assert.True(heldAfterPart < heldBefore);

        await world.MakerMarketAsync(OrderSide.Sell, 0.3m);
        await Until.OrderStateAsync(exchange, id, OrderState.Filled);
        Assert.Equal(await SandboxHeldUsdAsync(exchange), await heldAt.SingleAsync<OrderFilled>());
        Assert.Equal(0m, await heldAt.SingleAsync<OrderFilled>());
    }

    private static async Task<decimal> SandboxHeldUsdAsync(KrakenSpotExchange exchange)
    {
        var balances = await exchange.Rest.GetBalanceExAsync();
        return Assert.Single(balances.Entries, e => e.Asset == "ZUSD").HeldForTrading;
    }

    /// <summary>The connector's USD held figure read from inside each order event's handler, as a user would.</summary>
    private sealed class HeldAtEvents
    {
        private readonly List<(ExchangeEvent Event, decimal Held)> _seen = [];

        public HeldAtEvents(KrakenSpotExchange exchange) => exchange.EventRaised += (_, e) =>
        {
            if (e is not (OrderCancelled or OrderPartiallyFilled or OrderFilled)) return;
            decimal held = exchange.Balances["USD"].Held;
            lock (_seen) _seen.Add((e, held));
        };

        /// <summary>The held figure seen by the handler of the one event of type T (handlers run on their own delivery task: waits for it).</summary>
        public async Task<decimal> SingleAsync<T>() where T : ExchangeEvent
        {
            await Until.TrueAsync(() => { lock (_seen) return _seen.Any(s => s.Event is T); }, () => $"the handler has seen {typeof(T).Name}");
            lock (_seen) return Assert.Single(_seen, s => s.Event is T).Held;
        }
    }
}
