using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class PaperLimitOrderTests
{
    [Fact]
    public async Task A_marketable_limit_buy_takes_at_the_better_book_prices_up_to_its_limit_and_rests_the_rest()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 0.5m), (100.5m, 0.5m), (101.0m, 1m)]);

        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1.5m, 100.5m));

        Assert.Equal(OrderState.PartiallyFilled, order.State);
        Assert.Equal([(100.0m, 0.5m), (100.5m, 0.5m)], order.Fills.Select(f => (f.Price, f.Amount)));
        Assert.All(order.Fills, f => Assert.False(f.IsMaker));
        Assert.Equal(0.5m, order.RemainingAmount);
        // The rest holds its limit cost plus the highest fee it may pay.
        Assert.Equal(0.5m * 100.5m * (1 + TakerPercent / 100m), kit.Held("USD"));
        decimal spent = 0.5m * 100.0m + 0.5m * 100.5m;
        Assert.Equal(10_000m - spent - Fee(spent, TakerPercent), kit.Total("USD"));
        Assert.Equal(order, Assert.Single(kit.Exchange.OpenOrders));
    }

    [Fact]
    public async Task A_limit_maker_that_would_cross_is_rejected_as_post_only_and_its_hold_released()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);

        string id = await kit.Exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 1m, 100.0m));
        Assert.True(kit.Held("USD") > 0); // held at once, before the exchange sees it
        await kit.SettleAsync();

        var failed = Assert.Single(kit.EventsOf<OrderFailed>());
        Assert.True(failed.IsPostOnlyRejection);
        Assert.Equal(ExchangeErrorCategory.OrderRejected, failed.Category);
        Assert.Equal(OrderState.Failed, kit.Exchange.GetOrder(id)!.State);
        Assert.Empty(kit.EventsOf<FillRecorded>());
        Assert.Equal(0m, kit.Held("USD"));
        Assert.Equal(10_000m, kit.Available("USD"));
    }

    [Fact]
    public async Task A_limit_maker_that_does_not_cross_rests_and_holds_at_the_maker_fee()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);

        var order = await kit.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 1m, 99.9m));

        Assert.Equal(OrderState.Open, order.State);
        Assert.Empty(order.Fills);
        Assert.Equal(99.9m * (1 + MakerPercent / 100m), kit.Held("USD"));
    }

    [Fact]
    public async Task IOC_fills_what_it_can_now_and_cancels_the_rest()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 0.4m), (100.2m, 5m)]);

        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100.1m, TimeInForce.Ioc));

        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.Equal(0.4m, order.FilledAmount);
        Assert.Equal(100.0m, Assert.Single(order.Fills).Price);
        Assert.Single(kit.EventsOf<OrderCancelled>());
        Assert.Equal(0m, kit.Held("USD"));
        Assert.Empty(kit.Exchange.OpenOrders);
    }

    [Fact]
    public async Task FOK_that_cannot_fill_in_full_now_fills_nothing()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 0.4m), (100.2m, 5m)]);

        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100.1m, TimeInForce.Fok));

        Assert.Equal(OrderState.Cancelled, order.State);
        Assert.Empty(order.Fills);
        Assert.Contains("FOK", Assert.Single(kit.EventsOf<OrderCancelled>()).Reason);
        Assert.Equal(10_000m, kit.Total("USD"));
        Assert.Equal(10_000m, kit.Available("USD"));
    }

    [Fact]
    public async Task FOK_that_can_fill_in_full_fills_across_levels()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 0.4m), (100.2m, 5m)]);

        var order = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 1m, 98.0m, TimeInForce.Fok));
        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal(99.0m, Assert.Single(order.Fills).Price);

        var buy = await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100.2m, TimeInForce.Fok));
        Assert.Equal(OrderState.Filled, buy.State);
        Assert.Equal([(100.0m, 0.4m), (100.2m, 0.6m)], buy.Fills.Select(f => (f.Price, f.Amount)));
    }

    [Theory]
    [InlineData("0.00001", "100.0", "under the minimum order amount")]
    [InlineData("0.123456789", "100.0", "more decimals")]
    [InlineData("1", "100.05", "off the tick")]
    [InlineData("0.001", "100.0", "minimum order cost")]
    public async Task An_order_breaking_a_trading_rule_is_refused_and_nothing_is_placed(string amount, string price, string expected)
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);

        var error = await Assert.ThrowsAsync<ExchangeValidationException>(() => kit.Exchange.PlaceOrderAsync(
            OrderRequest.Limit(BtcUsd, OrderSide.Buy, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture),
                decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture))));

        Assert.Contains(expected, error.Message);
        Assert.Empty(kit.Exchange.OpenOrders);
        Assert.Equal(10_000m, kit.Available("USD"));
        Assert.Empty(kit.Recorded);
    }

    [Fact]
    public async Task A_pair_in_cancel_only_status_refuses_new_orders()
    {
        await using var kit = await StartedAsync();
        var rule = kit.Market.Rules[0];
        kit.Market.Rules[0] = new TradingRule(rule.Pair, rule.TickSize, rule.PriceDecimals, rule.AmountDecimals, rule.CostDecimals,
            rule.MinAmount, rule.MinCost, MarketStatus.CancelOnly, rule.TakerFees, rule.MakerFees);
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);

        var error = await Assert.ThrowsAsync<ExchangeValidationException>(() =>
            kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 99m)));
        Assert.Contains("cancels only", error.Message);
    }

    [Fact]
    public async Task Not_enough_available_balance_is_refused_with_what_is_needed_and_nothing_is_placed()
    {
        await using var kit = await StartedAsync();
        kit.SetBook([(99.0m, 2m)], [(100.0m, 1m)]);
        var store = (KrakenBot.Connector.PaperTrade.InMemoryPaperAccountStore)kit.Store;
        int stored = store.ChangeCount;

        var error = await Assert.ThrowsAsync<InsufficientFundsException>(() =>
            kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 100m, 99.9m)));

        Assert.Contains("USD", error.Message);
        Assert.Contains("needs 10029.96 USD", error.Message); // 100 × 99.9 + 0.40 % taker fee
        Assert.Contains("10000 is available", error.Message);
        Assert.Empty(kit.Exchange.OpenOrders);
        Assert.Equal(stored, store.ChangeCount);
        await Assert.ThrowsAsync<InsufficientFundsException>(() =>
            kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 2.5m, 100.0m)));
    }

    [Fact]
    public async Task An_unknown_pair_is_refused_naming_close_matches()
    {
        await using var kit = await StartedAsync();
        var error = Assert.Throws<ExchangeValidationException>(() => kit.Exchange.GetTradingRule(new TradingPair("BTC", "USDX")));
        Assert.Contains("BTC-USD", error.Message);
    }

    [Fact]
    public async Task Fees_follow_the_pair_schedule_exactly_for_maker_and_taker()
    {
        await using var kit = await StartedAsync(new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 1m });
        kit.SetBook([(65_000.0m, 1m)], [(65_000.1m, 1m)]);

        var taker = await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.5m));
        Assert.Equal(130.0002m, taker.Fills[0].FeeAmount); // 0.5 × 65000.1 × 0.40 %
        Assert.Equal("USD", taker.Fills[0].FeeAsset);

        var maker = await kit.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Sell, 0.3m, 65_000.2m));
        await kit.PrintAsync(65_000.3m, 1m, OrderSide.Buy);
        var fill = Assert.Single(kit.Exchange.GetOrder(maker.ClientOrderId)!.Fills);
        Assert.True(fill.IsMaker);
        Assert.Equal(48.75015m, fill.FeeAmount); // 0.3 × 65000.2 × 0.25 %

        var estimate = await kit.Exchange.GetFeeEstimateAsync(BtcUsd);
        Assert.Equal((MakerPercent, TakerPercent), (estimate.MakerPercent, estimate.TakerPercent));
    }
}
