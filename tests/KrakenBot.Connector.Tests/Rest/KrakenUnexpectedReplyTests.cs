using KrakenBot.Connector.Kraken.Rest.Internal;
using KrakenBot.Connector.Trading.Errors;
using Xunit;
using static KrakenBot.Connector.Tests.Rest.KrakenPayloads;

namespace KrakenBot.Connector.Tests.Rest;

public class KrakenUnexpectedReplyTests
{
    [Fact]
    public void Truncated_json_names_the_endpoint()
    {
        var error = Assert.Throws<UnexpectedResponseException>(() =>
            ParseText("""{"error":[],"result":{"XXBTZUSD":{"a":["3537.5""", "Ticker", KrakenMarketDataParser.ParseTicker));

        Assert.Contains("Kraken Ticker", error.Message);
        Assert.Contains("incomplete or malformed", error.Message);
    }

    [Theory]
    [InlineData("""{"error":[],"result":{"XXBTZUSD":{"asks":[["abc","1",1]],"bids":[]}}}""", "result.XXBTZUSD.asks[0][0]", "not a decimal")]
    [InlineData("""{"error":[],"result":{"XXBTZUSD":{"asks":[[true,"1",1]],"bids":[]}}}""", "result.XXBTZUSD.asks[0][0]", "a boolean")]
    [InlineData("""{"error":[],"result":{"XXBTZUSD":{"asks":[["1.0","1"]],"bids":[]}}}""", "result.XXBTZUSD.asks[0]", "item 2 is missing")]
    [InlineData("""{"error":[],"result":{"XXBTZUSD":{"asks":{},"bids":[]}}}""", "result.XXBTZUSD.asks", "not an array")]
    [InlineData("""{"error":[],"result":{"XXBTZUSD":{"bids":[]}}}""", "result.XXBTZUSD.asks", "is missing")]
    [InlineData("""{"error":[]}""", "$.result", "is missing")]
    public void Wrong_typed_or_missing_fields_name_endpoint_and_field(string json, string field, string problem)
    {
        var error = Assert.Throws<UnexpectedResponseException>(() => ParseText(json, "Depth", KrakenMarketDataParser.ParseDepth));

        Assert.Contains("Kraken Depth", error.Message);
        Assert.Contains($"'{field}'", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Decimal_that_overflows_is_refused_not_rounded()
    {
        var error = Assert.Throws<UnexpectedResponseException>(() =>
            ParseText("""{"error":[],"result":{"ZUSD":"99999999999999999999999999999999.0"}}""", "Balance", KrakenAccountParser.ParseBalance));

        Assert.Contains("result.ZUSD", error.Message);
    }
}
