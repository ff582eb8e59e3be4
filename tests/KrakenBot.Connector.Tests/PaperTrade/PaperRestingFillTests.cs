using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperRestingFillTests
{
    private static async Task<(PaperTestKit Kit, TrackedOrder Order)> RestingBuyAsync(decimal amount = 1m, decimal bidVolumeAt99 = 2m)
    {
        var kit = await StartedAsync();
        kit.SetBook([(99.0m, bidVolumeAt99), (98.5m, 4m)], [(99.5m, 3m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount, 99.0m));
        Assert.Equal(OrderState.Open, order.State);
        return (kit, order);
    }

    [Fact]
    public async Task A_trade_through_the_price_fills_as_maker_at_the_order_price_bounded_by_the_traded_amount()
    {
        var (kit, order) = await RestingBuyAsync();
        await using var _ = kit;

        await kit.PrintAsync(98.9m, 0.3m, OrderSide.Sell);

        var now = kit.Exchange.GetOrder(order.ClientOrderId)!;
        Assert.Equal(OrderState.PartiallyFilled, now.State);
        var fill = Assert.Single(now.Fills);
        Assert.Equal((99.0m, 0.3m, true), (fill.Price, fill.Amount, fill.IsMaker));
        Assert.Equal(Fee(0.3m * 99.0m, MakerPercent), fill.FeeAmount);
        var partial = Assert.Single(kit.EventsOf<OrderPartiallyFilled>());
        Assert.Equal(fill, partial.Fill);

        await kit.PrintAsync(98.8m, 5m, OrderSide.Sell);
        now = kit.Exchange.GetOrder(order.ClientOrderId)!;
        Assert.Equal(OrderState.Filled, now.State);
        Assert.Equal(0.7m, now.Fills[1].Amount); // only what was left, not the 5 traded
        Assert.Single(kit.EventsOf<OrderFilled>());
        Assert.Equal(0m, kit.Held("USD"));
        decimal cost = 99.0m;
        Assert.Equal(10_000m - cost - Fee(0.3m * 99m, MakerPercent) - Fee(0.7m * 99m, MakerPercent), kit.Total("USD"));
        Assert.Equal(3m, kit.Total("BTC"));
    }

    [Fact]
    public async Task Trades_at_the_price_first_consume_the_queue_that_was_ahead_when_the_order_arrived()
    {
        var (kit, order) = await RestingBuyAsync(amount: 1m, bidVolumeAt99: 2m);
        await using var _ = kit;

        await kit.PrintAsync(99.0m, 1.5m, OrderSide.Sell); // 0.5 still ahead
        Assert.Empty(kit.Exchange.GetOrder(order.ClientOrderId)!.Fills);

        await kit.PrintAsync(99.0m, 0.8m, OrderSide.Sell); // 0.5 to the queue, 0.3 to us
        Assert.Equal(0.3m, kit.Exchange.GetOrder(order.ClientOrderId)!.FilledAmount);

        await kit.PrintAsync(99.0m, 0.2m, OrderSide.Sell); // nothing ahead any more
        Assert.Equal(0.5m, kit.Exchange.GetOrder(order.ClientOrderId)!.FilledAmount);
    }

    [Fact]
    public async Task The_queue_estimate_is_the_book_amount_at_arrival_not_later_additions()
    {
        var (kit, order) = await RestingBuyAsync(amount: 1m, bidVolumeAt99: 0.4m);
        await using var _ = kit;
        kit.SetBook([(99.0m, 10m)], [(99.5m, 3m)]); // others join behind us

        await kit.PrintAsync(99.0m, 1m, OrderSide.Sell);

        Assert.Equal(0.6m, kit.Exchange.GetOrder(order.ClientOrderId)!.FilledAmount);
    }

    [Fact]
    public async Task Trades_that_do_not_reach_the_order_leave_it_alone()
    {
        var (kit, order) = await RestingBuyAsync(bidVolumeAt99: 0m);
        await using var _ = kit;

        await kit.PrintAsync(99.1m, 5m, OrderSide.Sell); // above our bid
        await kit.PrintAsync(99.0m, 5m, OrderSide.Buy); // at our price, but a buyer lifting asks
        kit.Market.Print(EthUsd, 50m, 5m, OrderSide.Sell); // another pair
        await kit.Exchange.FlushAsync();

        Assert.Empty(kit.Exchange.GetOrder(order.ClientOrderId)!.Fills);
        Assert.Empty(kit.EventsOf<FillRecorded>());
    }

    [Fact]
    public async Task A_resting_sell_fills_when_buyers_trade_at_or_through_its_price()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 1m)], [(100.0m, 0.5m)]);
        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 1m, 100.0m));
        Assert.Equal(1m, kit.Held("BTC"));

        await kit.PrintAsync(100.0m, 0.7m, OrderSide.Buy); // 0.5 ahead, 0.2 to us
        await kit.PrintAsync(100.1m, 0.3m, OrderSide.Buy); // through: all 0.3

        var now = kit.Exchange.GetOrder(order.ClientOrderId)!;
        Assert.Equal([0.2m, 0.3m], now.Fills.Select(f => f.Amount));
        Assert.All(now.Fills, f => Assert.Equal(100.0m, f.Price));
        Assert.Equal(0.5m, kit.Held("BTC"));
        Assert.Equal(1.5m, kit.Total("BTC"));
    }

    [Fact]
    public async Task Our_orders_share_a_trade_better_price_first_then_earlier_arrival()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(98.0m, 1m)], [(100.0m, 1m)]);
        var first = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.4m, 99.0m));
        var second = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.4m, 99.0m));
        var better = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.4m, 99.5m));

        await kit.PrintAsync(98.9m, 1m, OrderSide.Sell);

        Assert.Equal(0.4m, kit.Exchange.GetOrder(better.ClientOrderId)!.FilledAmount);
        Assert.Equal(0.4m, kit.Exchange.GetOrder(first.ClientOrderId)!.FilledAmount);
        Assert.Equal(0.2m, kit.Exchange.GetOrder(second.ClientOrderId)!.FilledAmount);
    }
}
