using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>
/// The matching model alone, over a hand-built state: no paper exchange, no work loop, no store. What a change holds
/// afterwards (orders, fills, balances, holds, queue, events) is all there is to check.
/// </summary>
public sealed class PaperMatcherTests
{
    private static readonly TradingPair BtcUsd = PaperTestKit.BtcUsd;
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_print_at_a_resting_bid_fills_only_what_passed_the_queue_ahead_at_the_maker_fee()
    {
        var state = StateWithRestingBid("bid-1", amount: 1m, price: 50_000m, queueAhead: 0.3m);
        var change = new PaperChange(state, Now);

        Matcher(new FixedVenue()).MatchTrade(change, new PublicTrade(BtcUsd, 50_000m, 0.5m, OrderSide.Sell, Now, "t-1"));

        // 0.5 traded at our price: 0.3 was ahead of us, 0.2 reached us. Fee 0.25 % of 10,000 USD.
        var order = change.Order("bid-1");
        Assert.Equal(OrderState.PartiallyFilled, order.State);
        Assert.Equal(0.2m, order.FilledAmount);
        Assert.Equal(0m, change.Next.Resting["bid-1"].QueueAhead);
        var fill = Assert.IsType<FillRecorded>(change.Events[0]).Fill;
        Assert.Equal((50_000m, 0.2m, 25m, true), (fill.Price, fill.Amount, fill.FeeAmount, fill.IsMaker));
        Assert.IsType<OrderPartiallyFilled>(change.Events[1]);
        Assert.Equal(0.2m, change.Next.Ledger.Total("BTC"));
        Assert.Equal(100_000m - 10_000m - 25m, change.Next.Ledger.Total("USD"));
        // The hold now covers the 0.8 left with the most it could pay in fees, the taker's (0.8 × 50,000 × 1.004).
        Assert.Equal(40_160m, change.Next.Ledger.HoldOf("bid-1")!.Value.Amount);
        // The change is made on the state itself, its writes logged: taken back (as the exchange does while it stores
        // the change), the state is as it started; done again, it holds the change.
        state.Undo();
        Assert.Equal(0m, state.Orders["bid-1"].FilledAmount);
        Assert.Equal(100_000m, state.Ledger.Total("USD"));
        Assert.Equal(0m, state.Ledger.Total("BTC"));
        Assert.Equal(0.3m, state.Resting["bid-1"].QueueAhead);
        Assert.Equal(50_200m, state.Ledger.HoldOf("bid-1")!.Value.Amount);
        state.Redo();
        Assert.Equal(0.2m, state.Orders["bid-1"].FilledAmount);
        Assert.Equal(100_000m - 10_000m - 25m, state.Ledger.Total("USD"));
        Assert.Equal(40_160m, state.Ledger.HoldOf("bid-1")!.Value.Amount);
    }

    [Fact]
    public void A_print_that_does_not_get_past_the_queue_only_shortens_it()
    {
        var state = StateWithRestingBid("bid-1", amount: 1m, price: 50_000m, queueAhead: 0.3m);
        var change = new PaperChange(state, Now);

        Matcher(new FixedVenue()).MatchTrade(change, new PublicTrade(BtcUsd, 50_000m, 0.1m, OrderSide.Sell, Now, "t-1"));

        Assert.Equal(0m, change.Order("bid-1").FilledAmount);
        Assert.Equal(0.2m, change.Next.Resting["bid-1"].QueueAhead);
        Assert.Empty(change.Events);
    }

    [Fact]
    public void A_market_order_arriving_while_the_venue_has_no_ready_book_fails_and_releases_its_hold()
    {
        var state = PaperState.Empty();
        state.Ledger.SetTotal("BTC", 1m);
        var order = TrackedOrder.Create("sell-1", OrderRequest.Market(BtcUsd, OrderSide.Sell, 0.5m), Now);
        state.Orders[order.ClientOrderId] = order;
        state.Ledger.SetHold(order.ClientOrderId, "BTC", 0.5m);
        var change = new PaperChange(state, Now);

        Matcher(new FixedVenue()).Activate(change, "sell-1");

        var failed = Assert.IsType<OrderFailed>(Assert.Single(change.Events));
        Assert.Equal(ExchangeErrorCategory.ServiceUnavailable, failed.Category);
        Assert.Equal(OrderState.Failed, change.Order("sell-1").State);
        Assert.StartsWith(PaperExchangeOptions.IdPrefix + "O-", change.Order("sell-1").ExchangeOrderId);
        Assert.Null(change.Next.Ledger.HoldOf("sell-1"));
        Assert.Equal(1m, change.Next.Ledger.Available("BTC"));
    }

    private static PaperState StateWithRestingBid(string id, decimal amount, decimal price, decimal queueAhead)
    {
        var state = PaperState.Empty();
        state.Ledger.SetTotal("USD", 100_000m);
        var order = TrackedOrder.Create(id, OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount, price), Now)
            .WithExchangeOrderId("PAPER-O-1", Now)
            .TransitionTo(OrderState.Open, Now);
        state.Orders[id] = order;
        state.Resting[id] = new RestingPosition(1, queueAhead);
        state.Ledger.SetHold(id, "USD", amount * price * (1m + PaperTestKit.TakerPercent / 100m));
        return state;
    }

    private static PaperMatcher Matcher(IPaperVenue venue)
    {
        int ids = 0;
        var options = new PaperExchangeOptions { StartingBalances = new Dictionary<string, decimal>() };
        return new PaperMatcher(venue, new BookScratch(25), options, () => $"m-{++ids}", NullLogger.Instance);
    }

    /// <summary>One pair traded (the test kit's BTC-USD rule), no book ready, arrival numbers counted, expiries recorded.</summary>
    private sealed class FixedVenue : IPaperVenue
    {
        private long _priority = 100;

        public List<(string Id, DateTimeOffset At)> Expiries { get; } = [];

        public TradingRule? TryGetRule(TradingPair pair) => pair == BtcUsd ? PaperTestKit.Rule(BtcUsd) : null;

        public IOrderBookView? ReadyBook(TradingPair pair) => null;

        public long NextPriority() => ++_priority;

        public void ArmExpiry(string clientOrderId, DateTimeOffset expiry) => Expiries.Add((clientOrderId, expiry));
    }
}
