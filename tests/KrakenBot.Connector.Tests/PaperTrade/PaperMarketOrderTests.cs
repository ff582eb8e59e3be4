using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperMarketOrderTests
{
    [Fact]
    public async Task A_market_buy_walks_the_asks_one_taker_fill_per_level_at_each_level_price()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.9m, 5m)], [(100.0m, 0.5m), (100.5m, 0.3m), (101.2m, 1m)]);

        var order = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1.0m));

        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal([(100.0m, 0.5m), (100.5m, 0.3m), (101.2m, 0.2m)], order.Fills.Select(f => (f.Price, f.Amount)));
        Assert.All(order.Fills, f => Assert.False(f.IsMaker));
        decimal cost = 0.5m * 100.0m + 0.3m * 100.5m + 0.2m * 101.2m; // 100.39: slippage above the best ask
        Assert.Equal(cost, order.Fills.Sum(f => f.Cost));
        Assert.Equal(100.39m, order.AveragePrice);
        Assert.Equal(Fee(cost, TakerPercent), order.Fees["USD"]);
        Assert.Equal(10_000m - cost - Fee(cost, TakerPercent), kit.Total("USD"));
        Assert.Equal(3m, kit.Total("BTC"));
        Assert.Equal(0m, kit.Held("USD"));
    }

    [Fact]
    public async Task A_market_sell_walks_the_bids_and_pays_the_fee_from_the_proceeds()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.9m, 0.4m), (99.5m, 0.4m), (98.0m, 3m)], [(100.0m, 1m)]);

        var order = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Sell, 1.2m));

        Assert.Equal([(99.9m, 0.4m), (99.5m, 0.4m), (98.0m, 0.4m)], order.Fills.Select(f => (f.Price, f.Amount)));
        decimal proceeds = 0.4m * 99.9m + 0.4m * 99.5m + 0.4m * 98.0m;
        Assert.Equal(10_000m + proceeds - Fee(proceeds, TakerPercent), kit.Total("USD"));
        Assert.Equal(0.8m, kit.Total("BTC"));
        Assert.Equal(0m, kit.Held("BTC"));
    }

    [Fact]
    public async Task A_market_order_larger_than_the_visible_book_fills_what_is_there_and_cancels_the_rest()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.9m, 1m)], [(100.0m, 0.3m), (100.1m, 0.2m)]);

        var order = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m));

        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.Equal(0.5m, order.FilledAmount);
        var cancelled = Assert.Single(kit.EventsOf<OrderCancelled>());
        Assert.Contains("visible book", cancelled.Reason);
        Assert.Equal(0m, kit.Held("USD"));
    }

    [Fact]
    public async Task A_market_buy_spends_no_more_than_is_available_when_the_price_rose_during_the_latency()
    {
        await using var kit = await StartedAsync(new Dictionary<string, decimal> { ["USD"] = 1_004m });
        kit.SetBook([(99.9m, 1m)], [(100.0m, 20m)]);
        string id = await kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 10m)); // 1000 + 0.4 % fee

        kit.SetBook([(199.9m, 1m)], [(200.0m, 20m)]); // the price doubles before the order arrives
        await kit.SettleAsync();

        var order = kit.Exchange.GetOrder(id)!;
        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.Equal(5m, order.FilledAmount); // 5 × 200 × 1.004 = 1004
        Assert.Equal(0m, kit.Total("USD"));
        Assert.Contains("ran out", Assert.Single(kit.EventsOf<OrderCancelled>()).Reason);
    }

    [Fact]
    public async Task A_market_order_with_no_book_to_price_it_is_refused_before_anything_is_placed()
    {
        await using var kit = await StartedAsync();
        kit.Book.MarkNotReady();

        var error = await Assert.ThrowsAsync<KrakenBot.Connector.Trading.Errors.ServiceUnavailableException>(() =>
            kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m)));
        Assert.Contains("BTC-USD", error.Message);
        Assert.Empty(kit.Exchange.OpenOrders);
    }

    [Fact]
    public async Task Orders_take_effect_only_after_the_latency_on_the_injected_clock()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.9m, 1m)], [(100.0m, 5m)]);

        string id = await kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m));
        kit.Time.Advance(Latency - TimeSpan.FromMilliseconds(1));
        await kit.Exchange.FlushAsync();
        Assert.Equal(OrderState.PendingCreate, kit.Exchange.GetOrder(id)!.State);
        Assert.Empty(kit.EventsOf<OrderCreated>());

        kit.Time.Advance(TimeSpan.FromMilliseconds(1));
        await kit.Exchange.FlushAsync();
        Assert.Equal(OrderState.Filled, kit.Exchange.GetOrder(id)!.State);
        Assert.Equal(kit.Time.GetUtcNow(), kit.Exchange.GetOrder(id)!.Fills[0].Timestamp);
    }

    [Fact]
    public async Task Paper_fills_and_orders_are_labelled_paper()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.9m, 1m)], [(100.0m, 5m)]);

        var order = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m));

        Assert.True(kit.Exchange.IsPaper);
        Assert.Equal("kraken_paper_trade", kit.Exchange.Name);
        Assert.StartsWith("PAPER-", order.ExchangeOrderId);
        Assert.StartsWith("PAPER-", Assert.Single(order.Fills).TradeId);
        var history = await kit.Exchange.GetTradeHistoryAsync();
        Assert.Equal(order.Fills[0], Assert.Single(history));
    }

    [Fact]
    public async Task Liquidity_our_fills_took_is_not_taken_again_until_the_book_level_changes()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.9m, 1m)], [(100.0m, 0.5m), (100.5m, 2m)]);

        var first = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.4m));
        var second = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.4m));
        Assert.Equal([(100.0m, 0.4m)], first.Fills.Select(f => (f.Price, f.Amount)));
        Assert.Equal([(100.0m, 0.1m), (100.5m, 0.3m)], second.Fills.Select(f => (f.Price, f.Amount)));

        var fok = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1.8m, 100.5m, TimeInForce.Fok));
        Assert.Equal(OrderState.Cancelled, fok.State); // only 1.7 left visible to us at ≤ 100.5

        kit.SetBook([(99.9m, 1m)], [(100.0m, 0.6m), (100.5m, 2m)]); // the real book moved: the level counts in full again
        var third = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.6m));
        Assert.Equal([(100.0m, 0.6m)], third.Fills.Select(f => (f.Price, f.Amount)));
    }
}
