using Xunit;

namespace KrakenBot.EndToEnd.Tests.MarketData;

/// <summary>
/// The connector's REST client reads every pair-keyed public reply whichever name form it asks with, as Kraken keys
/// them: the pair id for an id or altname, the name as sent for a slash name.
/// </summary>
public sealed class SandboxPairNameTests
{
    [Theory]
    [InlineData("XXBTZUSD", "XXBTZUSD")]
    [InlineData("XBTUSD", "XXBTZUSD")]
    [InlineData("BTC/USD", "BTC/USD")]
    [InlineData("XBT/USD", "XBT/USD")]
    public async Task Every_endpoint_parses_under_every_name_form(string name, string key)
    {
        await using var sandbox = await SandboxMarketData.StartSandboxAsync();

        var pair = Assert.Single(await sandbox.Rest.GetAssetPairsAsync([name]));
        Assert.Equal(key, pair.Id);
        Assert.Equal("XBTUSD", pair.AltName);

        var ticker = Assert.Single(await sandbox.Rest.GetTickerAsync([name]));
        Assert.Equal(key, ticker.PairId);
        Assert.True(ticker.Bid.Price > 0m && ticker.Ask.Price > ticker.Bid.Price, $"{ticker}");

        var depth = await sandbox.Rest.GetDepthAsync(name, 5);
        Assert.Equal(key, depth.PairId);
        Assert.NotEmpty(depth.Bids);
        Assert.NotEmpty(depth.Asks);

        var candles = await sandbox.Rest.GetOhlcAsync(name, 1);
        Assert.Equal(key, candles.PairId);
        Assert.NotEmpty(candles.Candles);

        var trades = await sandbox.Rest.GetTradesAsync(name);
        Assert.Equal(key, trades.PairId);
        Assert.NotEmpty(trades.Trades);
    }
}
