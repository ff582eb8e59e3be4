using Xunit;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Tests.Trading;

public class OrderRequestTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly DateTimeOffset Expiry = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_sane_limit_order_keeps_every_value()
    {
        var request = new OrderRequest(BtcUsd, OrderSide.Sell, OrderType.Limit, 0.25m, 65000.1m, TimeInForce.Gtd, Expiry, "grid-1");

        Assert.Equal(BtcUsd, request.Pair);
        Assert.Equal(OrderSide.Sell, request.Side);
        Assert.Equal(OrderType.Limit, request.Type);
        Assert.Equal(0.25m, request.Amount);
        Assert.Equal(65000.1m, request.Price);
        Assert.Equal(TimeInForce.Gtd, request.TimeInForce);
        Assert.Equal(Expiry, request.ExpireTime);
        Assert.Equal("grid-1", request.ClientTag);
    }

    [Fact]
    public void A_market_order_has_no_price()
    {
        var request = OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m, TimeInForce.Ioc);
        Assert.Null(request.Price);
        Assert.Equal(OrderType.Market, request.Type);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Amount_must_be_positive(int amount)
    {
        var error = Assert.Throws<ExchangeValidationException>(() => OrderRequest.Limit(BtcUsd, OrderSide.Buy, amount, 100m));
        Assert.Contains("amount must be positive", error.Message);
        Assert.Contains(amount.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Equal(ExchangeErrorCategory.Validation, error.Category);
    }

    [Theory]
    [InlineData(OrderType.Limit)]
    [InlineData(OrderType.LimitMaker)]
    public void Limit_types_need_a_price(OrderType type)
    {
        var error = Assert.Throws<ExchangeValidationException>(() => new OrderRequest(BtcUsd, OrderSide.Buy, type, 1m));
        Assert.Contains("needs a price", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Limit_price_must_be_positive(int price)
    {
        var error = Assert.Throws<ExchangeValidationException>(() => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, price));
        Assert.Contains("price must be positive", error.Message);
    }

    [Fact]
    public void Market_order_with_a_price_is_refused()
    {
        var error = Assert.Throws<ExchangeValidationException>(() => new OrderRequest(BtcUsd, OrderSide.Buy, OrderType.Market, 1m, 100m));
        Assert.Contains("market order takes no price", error.Message);
    }

    [Fact]
    public void Gtd_needs_an_expiry_and_only_gtd_takes_one()
    {
        var missing = Assert.Throws<ExchangeValidationException>(() => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100m, TimeInForce.Gtd));
        Assert.Contains("GTD order needs an expiry", missing.Message);

        var extra = Assert.Throws<ExchangeValidationException>(() => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 100m, TimeInForce.Gtc, Expiry));
        Assert.Contains("only applies to GTD", extra.Message);
    }

    [Theory]
    [InlineData(TimeInForce.Ioc)]
    [InlineData(TimeInForce.Fok)]
    public void Post_only_cannot_be_immediate(TimeInForce tif)
    {
        var error = Assert.Throws<ExchangeValidationException>(() => OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 1m, 100m, tif));
        Assert.Contains("post-only", error.Message);
    }

    [Fact]
    public void Undefined_enum_values_are_refused()
    {
        Assert.Throws<ExchangeValidationException>(() => new OrderRequest(BtcUsd, (OrderSide)7, OrderType.Market, 1m));
        Assert.Throws<ExchangeValidationException>(() => new OrderRequest(BtcUsd, OrderSide.Buy, (OrderType)7, 1m));
    }

    [Fact]
    public void Blank_or_long_client_tag_is_refused()
    {
        Assert.Throws<ExchangeValidationException>(() => OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m, clientTag: " "));
        Assert.Throws<ExchangeValidationException>(() => OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m, clientTag: new string('a', 65)));
    }
}
