using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>
/// Kraken's keying of pair-keyed public replies, over real HTTP: the pair id for an id or altname,
/// the name as sent for a slash name (what python-kraken-sdk's order-book client reads back).
/// </summary>
public sealed class PairKeyTests
{
    public static TheoryData<string, string, string> EveryEndpointAndNameForm()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in new[] { "AssetPairs", "Ticker", "Depth", "OHLC", "Spread", "Trades" })
        {
            data.Add(endpoint, "XXBTZUSD", "XXBTZUSD");
            data.Add(endpoint, "XBTUSD", "XXBTZUSD");
            data.Add(endpoint, "BTC/USD", "BTC/USD");
            data.Add(endpoint, "XBT/USD", "XBT/USD");
            data.Add(endpoint, "DOGE/USD", "DOGE/USD");
            data.Add(endpoint, "XDGUSD", "XDGUSD");
            data.Add(endpoint, "SOL/USD", "SOL/USD");
            data.Add(endpoint, "SOLUSD", "SOLUSD");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryEndpointAndNameForm))]
    public async Task A_pair_is_answered_under_its_id_or_under_the_slash_name_the_request_used(string endpoint, string requested, string expectedKey)
    {
        await using var sandbox = await WithATrade();
        var result = (await sandbox.Public(endpoint, "pair=" + Uri.EscapeDataString(requested))).Ok();
        var keys = result.EnumerateObject().Select(p => p.Name).Where(n => n != "last").ToArray();
        Assert.Equal([expectedKey], keys);

        // The entry under the request's name is that pair's data, not an empty shell.
        var entry = result.GetProperty(expectedKey);
        switch (endpoint)
        {
            case "AssetPairs":
                Assert.Equal(IsBtc(requested) ? "XBTUSD" : requested.Contains("SOL") ? "SOLUSD" : "XDGUSD", entry.Str("altname"));
                break;
            case "Depth":
                Assert.True(entry.GetProperty("asks").GetArrayLength() + entry.GetProperty("bids").GetArrayLength() > 0 || !IsBtc(requested));
                break;
            case "Ticker":
                Assert.Equal(3, entry.GetProperty("a").GetArrayLength());
                if (IsBtc(requested)) Assert.Equal("60000.0", entry.GetProperty("c")[0].GetString());
                break;
            default:
                Assert.Equal(JsonValueKind.Array, entry.ValueKind);
                if (IsBtc(requested) && endpoint != "Spread") Assert.NotEqual(0, entry.GetArrayLength());
                break;
        }
    }

    [Fact]
    public async Task A_list_answers_each_name_by_the_same_rule_and_each_key_once()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        foreach (var endpoint in new[] { "AssetPairs", "Ticker" })
        {
            var mixed = (await sandbox.Public(endpoint, "pair=BTC/USD,ETHUSD,XDG/USD,USDTZUSD")).Ok();
            Assert.Equal(["BTC/USD", "XETHZUSD", "XDG/USD", "USDTZUSD"], mixed.EnumerateObject().Select(p => p.Name).ToArray());

            var sameKeyTwice = (await sandbox.Public(endpoint, "pair=XBTUSD,XXBTZUSD")).Ok();
            Assert.Equal(["XXBTZUSD"], sameKeyTwice.EnumerateObject().Select(p => p.Name).ToArray());

            var everyPair = (await sandbox.Public(endpoint)).Ok();
            Assert.Equal(["XXBTZUSD", "XETHZUSD", "XETHXXBT", "SOLUSD", "XDGUSD", "USDTZUSD"], everyPair.EnumerateObject().Select(p => p.Name).ToArray());
        }
        Assert.Equal("XBTUSD", (await sandbox.Public("AssetPairs", "pair=BTC/USD,XBTUSD")).Ok().GetProperty("BTC/USD").Str("altname"));
    }

    private static bool IsBtc(string name) => name.Contains("XBT") || name.Contains("BTC");

    private static async Task<TestSandbox> WithATrade()
    {
        var sandbox = await TestSandbox.StartAsync(accounts:
            [TestSandbox.Account("maker", TestSandbox.Secret), TestSandbox.Account("taker", TestSandbox.Secret)]);
        (await sandbox.Client("maker").Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60000.0"), ("volume", "1"))).Ok();
        (await sandbox.Client("maker").Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59000.0"), ("volume", "1"))).Ok();
        (await sandbox.Client("taker").Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "market"), ("volume", "0.1"))).Ok();
        return sandbox;
    }
}
