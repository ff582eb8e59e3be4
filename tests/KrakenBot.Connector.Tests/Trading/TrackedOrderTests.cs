using Xunit;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Tests.Trading;

public class TrackedOrderTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static TrackedOrder NewOpenBuy(decimal amount = 1m) =>
        TrackedOrder.Create("c-1", OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount, 100m), T0)
            .WithExchangeOrderId("OQCLML-BW3P3-BUCMWZ", T0.AddSeconds(1))
            .TransitionTo(OrderState.Open, T0.AddSeconds(1));

    private static Fill FillOf(string tradeId, decimal amount, decimal price, decimal fee = 0.1m, string feeAsset = "USD") =>
        new(tradeId, "c-1", "OQCLML-BW3P3-BUCMWZ", BtcUsd, OrderSide.Buy, price, amount, fee, feeAsset, true, T0.AddSeconds(2));

    [Fact]
    public void A_new_order_is_pending_with_nothing_filled()
    {
        var order = TrackedOrder.Create("c-1", OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100m), T0);
        Assert.Equal(OrderState.PendingCreate, order.State);
        Assert.Equal(0m, order.FilledAmount);
        Assert.Null(order.AveragePrice);
        Assert.Empty(order.Fills);
        Assert.Equal(T0, order.UpdatedAt);
    }

    [Fact]
    public void Fills_accumulate_amount_weighted_average_and_fees_per_asset()
    {
        var order = NewOpenBuy(1m)
            .ApplyFill(FillOf("T1", 0.25m, 100m, 0.1m), T0.AddSeconds(2))
            .ApplyFill(FillOf("T2", 0.75m, 104m, 0.3m), T0.AddSeconds(3));

        Assert.Equal(OrderState.Filled, order.State);
        Assert.Equal(1m, order.FilledAmount);
        Assert.Equal(0m, order.RemainingAmount);
        Assert.Equal(103m, order.AveragePrice); // (0.25*100 + 0.75*104) / 1
        Assert.Equal(0.4m, order.Fees["USD"]);
        Assert.Equal(2, order.Fills.Count);
        Assert.Equal(T0.AddSeconds(3), order.UpdatedAt);
    }

    [Fact]
    public void A_partial_fill_moves_to_partially_filled()
    {
        var order = NewOpenBuy(1m).ApplyFill(FillOf("T1", 0.4m, 100m), T0.AddSeconds(2));
        Assert.Equal(OrderState.PartiallyFilled, order.State);
        Assert.Equal(0.6m, order.RemainingAmount);
    }

    [Fact]
    public void The_same_trade_is_counted_once()
    {
        var once = NewOpenBuy(1m).ApplyFill(FillOf("T1", 0.4m, 100m), T0.AddSeconds(2));
        var twice = once.ApplyFill(FillOf("T1", 0.4m, 100m), T0.AddSeconds(5));
        Assert.Same(once, twice);
        Assert.Equal(0.4m, twice.FilledAmount);
    }

    [Fact]
    public void An_overfill_is_refused_and_the_order_is_unchanged()
    {
        var order = NewOpenBuy(1m).ApplyFill(FillOf("T1", 0.9m, 100m), T0.AddSeconds(2));
        var error = Assert.Throws<InvalidOperationException>(() => order.ApplyFill(FillOf("T2", 0.2m, 100m), T0.AddSeconds(3)));
        Assert.Contains("overfill", error.Message);
        Assert.Equal(0.9m, order.FilledAmount);
    }

    [Fact]
    public void Fees_in_different_assets_are_kept_apart()
    {
        var order = NewOpenBuy(1m)
            .ApplyFill(FillOf("T1", 0.5m, 100m, 0.1m, "USD"), T0)
            .ApplyFill(FillOf("T2", 0.5m, 100m, 0.0001m, "BTC"), T0);
        Assert.Equal(0.1m, order.Fees["USD"]);
        Assert.Equal(0.0001m, order.Fees["BTC"]);
    }

    [Fact]
    public void A_partial_fill_while_cancel_is_pending_keeps_pending_cancel_but_a_completing_fill_wins()
    {
        var pending = NewOpenBuy(1m).TransitionTo(OrderState.PendingCancel, T0.AddSeconds(2));
        var partly = pending.ApplyFill(FillOf("T1", 0.5m, 100m), T0.AddSeconds(3));
        Assert.Equal(OrderState.PendingCancel, partly.State);
        Assert.Equal(0.5m, partly.FilledAmount);

        var done = partly.ApplyFill(FillOf("T2", 0.5m, 100m), T0.AddSeconds(4));
        Assert.Equal(OrderState.Filled, done.State);
    }

    [Fact]
    public void A_late_fill_of_a_cancelled_order_is_recorded_not_lost()
    {
        var cancelled = NewOpenBuy(1m).TransitionTo(OrderState.Cancelled, T0.AddSeconds(2));
        var withFill = cancelled.ApplyFill(FillOf("T1", 0.3m, 100m), T0.AddSeconds(3));
        Assert.Equal(OrderState.Cancelled, withFill.State);
        Assert.Equal(0.3m, withFill.FilledAmount);
        Assert.Single(withFill.Fills);
    }

    [Fact]
    public void Illegal_transitions_throw_and_failures_need_a_reason()
    {
        var filled = NewOpenBuy(1m).ApplyFill(FillOf("T1", 1m, 100m), T0);
        Assert.Throws<InvalidOperationException>(() => filled.TransitionTo(OrderState.Open, T0));

        var pending = TrackedOrder.Create("c-2", OrderRequest.Market(BtcUsd, OrderSide.Sell, 1m), T0);
        Assert.Throws<ArgumentException>(() => pending.TransitionTo(OrderState.Failed, T0));
        var failed = pending.TransitionTo(OrderState.Failed, T0, "EOrder:Insufficient funds");
        Assert.Equal("EOrder:Insufficient funds", failed.FailureReason);
        Assert.True(failed.IsTerminal);
    }

    [Fact]
    public void A_fill_for_another_order_pair_or_side_is_refused()
    {
        var order = NewOpenBuy(1m);
        var otherOrder = new Fill("T9", "c-other", "OTHER-ID", BtcUsd, OrderSide.Buy, 100m, 0.1m, 0m, "USD", false, T0);
        Assert.Throws<ArgumentException>(() => order.ApplyFill(otherOrder, T0));

        var otherSide = new Fill("T9", "c-1", null, BtcUsd, OrderSide.Sell, 100m, 0.1m, 0m, "USD", false, T0);
        Assert.Throws<ArgumentException>(() => order.ApplyFill(otherSide, T0));

        var otherPair = new Fill("T9", "c-1", null, new TradingPair("ETH", "USD"), OrderSide.Buy, 100m, 0.1m, 0m, "USD", false, T0);
        Assert.Throws<ArgumentException>(() => order.ApplyFill(otherPair, T0));
    }

    [Fact]
    public void The_exchange_id_is_never_replaced()
    {
        var order = NewOpenBuy();
        Assert.Same(order, order.WithExchangeOrderId("OQCLML-BW3P3-BUCMWZ", T0));
        Assert.Throws<InvalidOperationException>(() => order.WithExchangeOrderId("OTHER-ID", T0));
    }
}
