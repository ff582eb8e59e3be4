using Xunit;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Tests.Trading;

public class TradingPairTests
{
    [Fact]
    public void Display_name_joins_base_and_quote_with_a_dash()
    {
        Assert.Equal("BTC-USD", new TradingPair("BTC", "USD").ToString());
    }

    [Theory]
    [InlineData("BTC-USD", "BTC", "USD")]
    [InlineData("DOGE-EUR", "DOGE", "EUR")]
    [InlineData("AAPLx-USD", "AAPLx", "USD")]
    public void Parse_reads_base_and_quote(string text, string expectedBase, string expectedQuote)
    {
        var pair = TradingPair.Parse(text);
        Assert.Equal(expectedBase, pair.Base);
        Assert.Equal(expectedQuote, pair.Quote);
        Assert.Equal(text, pair.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("BTCUSD")]
    [InlineData("BTC/USD")]
    [InlineData("-USD")]
    [InlineData("BTC-")]
    [InlineData("BTC-USD-EUR")]
    [InlineData("BTC -USD")]
    [InlineData("BTC-BTC")]
    public void Parse_refuses_text_that_is_not_base_dash_quote(string text)
    {
        Assert.False(TradingPair.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => TradingPair.Parse(text));
        Assert.Contains("BASE-QUOTE", error.Message);
    }

    [Fact]
    public void Pairs_with_the_same_assets_are_equal()
    {
        Assert.Equal(new TradingPair("ETH", "BTC"), TradingPair.Parse("ETH-BTC"));
        Assert.NotEqual(new TradingPair("ETH", "BTC"), new TradingPair("BTC", "ETH"));
    }

    [Fact]
    public void Constructor_refuses_a_bad_asset_code_naming_it()
    {
        var error = Assert.Throws<ArgumentException>(() => new TradingPair("BT C", "USD"));
        Assert.Contains("'BT C'", error.Message);
    }
}
