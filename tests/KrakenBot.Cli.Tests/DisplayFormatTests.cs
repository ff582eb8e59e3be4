using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken.Catalog;

namespace KrakenBot.Cli.Tests;

/// <summary>How tables show numbers: Kraken's display decimals per asset, the pair's precisions, and the rounding rules.</summary>
public sealed class DisplayFormatTests
{
    // Kraken's own figures for these (Assets and AssetPairs): BTC shows 5 decimals, USD 2; XBTUSD prices 1, lots 8.
    private static readonly DisplayFormat Kraken = new(new MarketCatalog(
        [
            new KrakenAsset("XXBT", "currency", "XBT", 10, 5, 1m, "enabled"),
            new KrakenAsset("ZUSD", "currency", "USD", 4, 2, 1m, "enabled"),
        ],
        [
            new KrakenPair("XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", PairDecimals: 1, CostDecimals: 5, LotDecimals: 8, OrderMin: 0.0001m,
                CostMin: 0.5m, TickSize: 0.1m, Status: "online", TakerFees: [new FeeTier(0m, 0.4m)], MakerFees: [new FeeTier(0m, 0.25m)], FeeVolumeCurrency: "ZUSD"),
        ]));

    [Theory]
    [InlineData("USD", "9398.55489796000", "9398.55")]
    [InlineData("BTC", "10.0100000000", "10.01000")]
    [InlineData("XXBT", "0.123456789", "0.12345")] // never rounded up: the table never shows more than exists
    [InlineData("USD", "1.999", "1.99")]
    [InlineData("USD", "0.009", "0.00")]
    [InlineData("ZUSD", "100000", "100000.00")]
    public void Balances_are_truncated_to_the_asset_s_display_decimals(string asset, string value, string shown) =>
        Assert.Equal(shown, Kraken.Holding(asset, Dec(value)));

    [Theory]
    [InlineData("60000.05", "60000.1")] // halves away from zero
    [InlineData("60000.04", "60000.0")]
    [InlineData("59999.96", "60000.0")]
    [InlineData("60000", "60000.0")]
    public void Prices_are_rounded_to_the_pair_s_price_decimals(string value, string shown)
    {
        Assert.Equal(shown, Kraken.Price("BTC-USD", Dec(value)));
        Assert.Equal(shown, Kraken.Price("XBTUSD", Dec(value))); // any of the pair's names
    }

    [Fact]
    public void Volumes_show_the_pair_s_lot_decimals_costs_and_fees_the_quote_s_display_decimals()
    {
        Assert.Equal("0.00012345", Kraken.Volume("XXBTZUSD", 0.00012345m));
        Assert.Equal("0.01000000", Kraken.Volume("BTC/USD", 0.01m));
        Assert.Equal("369.00", Kraken.Cost("XXBTZUSD", 369.004m));
        Assert.Equal("0.13", Kraken.Asset("USD", 0.125m));
        Assert.Equal("-", Kraken.Price("BTC-USD", null));
    }

    [Fact]
    public void Unknown_names_and_no_catalog_show_the_exact_value_without_trailing_zeros()
    {
        Assert.Equal("1.5", Kraken.Holding("FOO", 1.500m));
        Assert.Equal("12.34", Kraken.Price("FOO-BAR", 12.3400m));
        Assert.Equal("10.01", DisplayFormat.Exact.Holding("USD", 10.0100000000m));
        Assert.Equal("9398.55489796", DisplayFormat.Exact.Holding("USD", 9398.55489796000m));
        Assert.Equal("100", DisplayFormat.Exact.Price("BTC-USD", 100m));
    }

    private static decimal Dec(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
