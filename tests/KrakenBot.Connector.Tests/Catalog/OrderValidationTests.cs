using System.Globalization;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Xunit;
using static KrakenBot.Connector.Tests.Catalog.KrakenExampleMarkets;

namespace KrakenBot.Connector.Tests.Catalog;

/// <summary>Quantizing and validating orders against rules built from Kraken's example pairs.</summary>
public class OrderValidationTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private static readonly TradingPair EthBtc = new("ETH", "BTC");
    private readonly MarketCatalog _catalog = KrakenExampleMarkets.Catalog();

    private TradingRule BtcUsdRule => _catalog.GetPair(BtcUsd).Rule;

    [Theory]
    [InlineData("65000.05", RoundingDirection.Down, "65000.0")]
    [InlineData("65000.05", RoundingDirection.Up, "65000.1")]
    [InlineData("65000.05", RoundingDirection.Nearest, "65000.1")]
    [InlineData("65000.04", RoundingDirection.Nearest, "65000.0")]
    [InlineData("65000.1", RoundingDirection.Down, "65000.1")]
    [InlineData("65000.1", RoundingDirection.Up, "65000.1")]
    public void Prices_move_onto_the_tick_in_the_asked_direction(string price, RoundingDirection direction, string expected)
    {
        Assert.Equal(D(expected), BtcUsdRule.QuantizePrice(D(price), direction));
    }

    [Fact]
    public void Quantizing_on_a_five_decimal_tick()
    {
        var rule = _catalog.GetPair(EthBtc).Rule;
        Assert.Equal(0.05312m, rule.QuantizePrice(0.053129m, RoundingDirection.Down));
        Assert.Equal(0.05313m, rule.QuantizePrice(0.053121m, RoundingDirection.Up));
    }

    [Theory]
    [InlineData("0.123456789", "0.12345678")]
    [InlineData("0.123456781", "0.12345678")]
    [InlineData("1", "1")]
    [InlineData("0.000000009", "0")]
    public void Amounts_are_cut_down_to_the_lot_decimals(string amount, string expected)
    {
        Assert.Equal(D(expected), BtcUsdRule.QuantizeAmount(D(amount)));
    }

    [Fact]
    public void A_sane_order_passes()
    {
        _catalog.Validate(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.001m, 65000.1m));
        _catalog.Validate(OrderRequest.Market(BtcUsd, OrderSide.Sell, 0.0001m), referencePrice: 65000m);
        _catalog.Validate(OrderRequest.Limit(EthBtc, OrderSide.Sell, 0.01m, 0.05312m));
    }

    [Fact]
    public void Unknown_pair_is_named()
    {
        var error = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Limit(new TradingPair("BTC", "USDX"), OrderSide.Buy, 1m, 100m)));
        Assert.Contains("Unknown pair 'BTC-USDX'", error.Message);
        Assert.Contains("BTC-USD", error.Message);
    }

    [Fact]
    public void Price_off_the_tick_is_refused_with_the_nearest_valid_prices()
    {
        var error = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.001m, 65000.05m)));
        Assert.Contains("Price 65000.05 is off the tick", error.Message);
        Assert.Contains("multiples of 0.1 USD", error.Message);
        Assert.Contains("65000.0 and 65000.1", error.Message);
    }

    [Fact]
    public void A_price_below_one_tick_names_the_lowest_valid_price()
    {
        var error = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Limit(EthBtc, OrderSide.Buy, 100m, 0.000001m)));
        Assert.Contains("the lowest valid price is 0.00001", error.Message);
    }

    [Fact]
    public void Non_positive_price_or_amount_never_reaches_the_rule()
    {
        var price = Assert.Throws<ExchangeValidationException>(() => OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 0m));
        Assert.Contains("price must be positive; got 0 USD for BTC-USD", price.Message);
        var amount = Assert.Throws<ExchangeValidationException>(() => OrderRequest.Limit(BtcUsd, OrderSide.Buy, -0.5m, 100m));
        Assert.Contains("amount must be positive; got -0.5 BTC for BTC-USD", amount.Message);

        var reference = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Market(BtcUsd, OrderSide.Buy, 1m), referencePrice: 0m));
        Assert.Contains("reference price must be positive", reference.Message);
    }

    [Fact]
    public void Amount_with_too_many_decimals_is_refused_with_valid_neighbours()
    {
        var error = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.123456789m, 65000m)));
        Assert.Contains("Amount 0.123456789 BTC has more decimals than BTC-USD allows (8)", error.Message);
        Assert.Contains("0.12345678 or 0.12345679", error.Message);
    }

    [Fact]
    public void Amount_under_ordermin_is_refused_naming_the_minimum()
    {
        var error = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.00009m, 65000m)));
        Assert.Contains("Amount 0.00009 BTC is under the minimum order amount 0.0001 BTC for BTC-USD", error.Message);
    }

    [Fact]
    public void Cost_under_costmin_is_refused_with_the_amount_that_would_do()
    {
        // 0.0001 BTC × 4000.0 = 0.4 USD < 0.5 USD (ordermin met, costmin not).
        var error = Assert.Throws<ExchangeValidationException>(() =>
            _catalog.Validate(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.0001m, 4000.0m)));
        Assert.Contains("Cost 0.4", error.Message);
        Assert.Contains("under the minimum order cost 0.5 USD for BTC-USD", error.Message);
        Assert.Contains("at least 0.000125 BTC", error.Message);
    }

    [Fact]
    public void Market_order_cost_uses_the_reference_price_and_is_skipped_without_one()
    {
        var market = OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.0001m);
        var error = Assert.Throws<ExchangeValidationException>(() => _catalog.Validate(market, referencePrice: 4000m));
        Assert.Contains("reference price", error.Message);

        _catalog.Validate(market); // no reference: the cost check is left to Kraken
    }

    [Theory]
    [InlineData("cancel_only", OrderType.LimitMaker, "accepts cancels only")]
    [InlineData("post_only", OrderType.Limit, "post-only orders only")]
    [InlineData("post_only", OrderType.Market, "post-only orders only")]
    [InlineData("limit_only", OrderType.Market, "limit orders only")]
    [InlineData("reduce_only", OrderType.Limit, "reduce a margin position")]
    [InlineData("maintenance", OrderType.Limit, "status the connector does not know")]
    public void Market_status_refuses_what_it_forbids(string status, OrderType type, string expected)
    {
        var catalog = CatalogWith(XxbtZusd with { Status = status });
        var request = new OrderRequest(BtcUsd, OrderSide.Buy, type, 0.001m, type == OrderType.Market ? null : 65000m);
        var error = Assert.Throws<ExchangeValidationException>(() => catalog.Validate(request, 65000m));
        Assert.Contains(expected, error.Message);
        Assert.Contains("BTC-USD", error.Message);
    }

    [Theory]
    [InlineData("post_only", OrderType.LimitMaker)]
    [InlineData("limit_only", OrderType.Limit)]
    [InlineData("limit_only", OrderType.LimitMaker)]
    public void Market_status_lets_through_what_it_allows(string status, OrderType type)
    {
        var catalog = CatalogWith(XxbtZusd with { Status = status });
        catalog.Validate(new OrderRequest(BtcUsd, OrderSide.Buy, type, 0.001m, 65000m));
    }

    // An amend's new figures are checked without building the amended request: they must be refused, with the same
    // message, exactly when an order holding them would be (and pass when it would).
    [Theory]
    [InlineData(OrderType.Limit, "0.001", "65000.1", null)]
    [InlineData(OrderType.LimitMaker, "0.001", "65000.05", "off the tick")]
    [InlineData(OrderType.Limit, "0.123456789", "65000", "more decimals")]
    [InlineData(OrderType.Limit, "0.00001", "65000", "minimum order amount")]
    [InlineData(OrderType.Limit, "0.0001", "10", "minimum order cost")]
    [InlineData(OrderType.Limit, "0", "65000", "amount must be positive")]
    [InlineData(OrderType.Limit, "0.001", "-1", "price must be positive")]
    [InlineData(OrderType.Limit, "0.001", null, "needs a price")]
    [InlineData(OrderType.Market, "0.001", "65000", "takes no price")]
    public void Figures_checked_without_a_request_are_refused_as_the_request_holding_them(OrderType type, string amount, string? price, string? refusal)
    {
        decimal? limit = price is null ? null : D(price);
        var asRequest = Record.Exception(() => BtcUsdRule.Validate(new OrderRequest(BtcUsd, OrderSide.Buy, type, D(amount), limit)));
        var asFigures = Record.Exception(() =>
        {
            OrderRequest.CheckAmountAndPrice(BtcUsd, type, D(amount), limit);
            BtcUsdRule.ValidateFigures(type, D(amount), limit);
        });

        if (refusal is null)
        {
            Assert.Null(asRequest);
            Assert.Null(asFigures);
            return;
        }

        Assert.IsType<ExchangeValidationException>(asRequest);
        Assert.IsType<ExchangeValidationException>(asFigures);
        Assert.Contains(refusal, asFigures.Message);
        Assert.Equal(asRequest.Message, asFigures.Message);
    }

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}
