using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Xunit;

namespace KrakenBot.Connector.Tests.PaperTrade;

public class TrackedOrderAmendmentTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private static TrackedOrder OpenBuy() =>
        TrackedOrder.Create("c-1", OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100m, clientTag: "grid"), T0)
            .WithExchangeOrderId("PAPER-O-1", T0)
            .TransitionTo(OrderState.Open, T0)
            .ApplyFill(new Fill("PAPER-T1", "c-1", "PAPER-O-1", BtcUsd, OrderSide.Buy, 100m, 0.4m, 0.1m, "USD", true, T0), T0);

    [Fact]
    public void An_amend_changes_price_and_amount_and_keeps_everything_else()
    {
        var order = OpenBuy();
        var amended = order.WithAmendment(99.5m, 2m, T0.AddSeconds(1));

        Assert.Equal((99.5m, 2m), (amended.Request.Price, amended.Request.Amount));
        Assert.Equal((OrderType.Limit, TimeInForce.Gtc, "grid"), (amended.Request.Type, amended.Request.TimeInForce, amended.Request.ClientTag));
        Assert.Equal((order.State, order.FilledAmount, order.Fills, order.ExchangeOrderId),
            (amended.State, amended.FilledAmount, amended.Fills, amended.ExchangeOrderId));
        Assert.Equal(1.6m, amended.RemainingAmount);
        Assert.Equal(T0.AddSeconds(1), amended.UpdatedAt);
        Assert.Equal(1m, order.Request.Amount); // the original is untouched
    }

    [Fact]
    public void An_amend_to_no_more_than_the_filled_amount_or_of_a_terminal_order_is_refused()
    {
        var order = OpenBuy();
        Assert.Contains("must be above", Assert.Throws<InvalidOperationException>(() => order.WithAmendment(null, 0.4m, T0)).Message);
        var cancelled = order.TransitionTo(OrderState.Cancelled, T0);
        Assert.Throws<InvalidOperationException>(() => cancelled.WithAmendment(101m, null, T0));
        Assert.Throws<ExchangeValidationException>(() => order.WithAmendment(-1m, null, T0));
    }
}
