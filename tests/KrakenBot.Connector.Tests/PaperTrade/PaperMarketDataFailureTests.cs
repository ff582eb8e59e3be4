using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperMarketDataFailureTests
{
    [Fact]
    public async Task A_dead_market_feed_refuses_orders_naming_the_pair_and_shows_in_readiness_until_it_is_back()
    {
        await using var kit = await StartedAsync();
        kit.Market.WatchFailure = new IOException("connection refused");

        var error = await Assert.ThrowsAsync<NetworkException>(() =>
            kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95m)));
        Assert.Contains("BTC-USD", error.Message);
        Assert.Contains("connection refused", error.Message);
        Assert.Empty(kit.Exchange.OpenOrders);
        var books = kit.Exchange.Readiness.Components.Single(c => c.Name == "books");
        Assert.False(books.IsReady);
        Assert.Contains("BTC-USD (feed failed: connection refused)", books.Reason);

        kit.Market.WatchFailure = null;
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95m));
        Assert.Equal(OrderState.Open, order.State);
        Assert.True(kit.Exchange.Readiness.IsReady);
    }

    [Fact]
    public async Task An_order_whose_book_is_not_ready_when_it_arrives_fails_if_it_must_take_now_and_rests_otherwise()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 1m)]);
        string ioc = await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100m, TimeInForce.Ioc));
        string gtc = await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 95m));
        kit.Book.MarkNotReady(); // e.g. a checksum mismatch while the orders travel

        await kit.SettleAsync();

        var failed = Assert.Single(kit.EventsOf<KrakenBot.Connector.Trading.Events.OrderFailed>());
        Assert.Equal((ioc, ExchangeErrorCategory.ServiceUnavailable), (failed.Order.ClientOrderId, failed.Category));
        Assert.Equal(OrderState.Open, kit.Exchange.GetOrder(gtc)!.State);
        Assert.Equal(95m * 1.004m, kit.Held("USD"));
    }
}
