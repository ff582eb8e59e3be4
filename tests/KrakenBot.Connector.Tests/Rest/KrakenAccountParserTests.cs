using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.Internal;
using Xunit;
using static KrakenBot.Connector.Tests.Rest.KrakenPayloads;

namespace KrakenBot.Connector.Tests.Rest;

public class KrakenAccountParserTests
{
    [Fact]
    public void Balance_example_keeps_every_key_and_exact_amount()
    {
        var balances = ParseFile("private/balance.json", "Balance", KrakenAccountParser.ParseBalance);

        Assert.Equal(8, balances.Count);
        Assert.Equal("2970172.7962", Exact(balances["ZUSD"]));
        Assert.Equal("3.2223768244", Exact(balances["XXBT"]));
        Assert.Equal("0.00000000", Exact(balances["XXRP"]));
        Assert.Equal("100000.0000000000", Exact(balances["XDAO"]));
    }

    [Fact]
    public void BalanceEx_available_is_balance_plus_credit_minus_used_minus_hold()
    {
        // Field values from Kraken's BalanceEx schema examples (spot-rest/schemas/objects/user/account/balanceex.yaml).
        const string json = """
            {"error":[],"result":{
              "XXBT":{"balance":"3.46840030","credit":"1.26844502","credit_used":"0.10002300","hold_trade":"2.14560458"},
              "ZUSD":{"balance":"1000.0000","hold_trade":"250.5000"}
            }}
            """;
        var balances = ParseText(json, "BalanceEx", KrakenAccountParser.ParseBalanceEx);

        KrakenAssetBalance xbt = balances.GetSpotBalance("XXBT");
        Assert.Equal("3.46840030", Exact(xbt.Total));
        Assert.Equal("2.14560458", Exact(xbt.HeldForTrading));
        Assert.Equal(2.49121774m, xbt.Available); // 3.46840030 + 1.26844502 - 0.10002300 - 2.14560458
        KrakenAssetBalance usd = balances.GetSpotBalance("ZUSD");
        Assert.Equal(0m, usd.Credit);
        Assert.Equal(749.5m, usd.Available);
    }

    [Fact]
    public void BalanceEx_suffixed_wallets_are_separate_entries_and_not_spot()
    {
        const string json = """
            {"error":[],"result":{
              "DOT":{"balance":"10.0000000000","hold_trade":"1.0000000000"},
              "DOT.S":{"balance":"50.0000000000","hold_trade":"0.0000000000"},
              "USDT.F":{"balance":"20.00000000","hold_trade":"0.00000000"},
              "ETH.M":{"balance":"1","hold_trade":"0"},
              "USDC.B":{"balance":"2","hold_trade":"0"},
              "AAPLx.T":{"balance":"3","hold_trade":"0"},
              "ETH2.HOLD":{"balance":"4","hold_trade":"0"}
            }}
            """;
        var balances = ParseText(json, "BalanceEx", KrakenAccountParser.ParseBalanceEx);

        Assert.Equal(7, balances.Entries.Count);
        Assert.Equal(
            new[] { KrakenBalanceKind.Spot, KrakenBalanceKind.Staked, KrakenBalanceKind.AutoEarn, KrakenBalanceKind.OptInRewards,
                    KrakenBalanceKind.Yield, KrakenBalanceKind.Tokenized, KrakenBalanceKind.OtherSuffix },
            balances.Entries.Select(e => e.Kind));
        Assert.Equal(new[] { "DOT", "DOT", "USDT", "ETH", "USDC", "AAPLx", "ETH2" }, balances.Entries.Select(e => e.Asset));
        Assert.Equal("DOT.S", balances.Entries[1].Key);

        // The spot helper counts only the unsuffixed wallet: staked DOT is not tradable.
        Assert.Equal(9m, balances.GetSpotBalance("DOT").Available);
        Assert.Equal(0m, balances.GetSpotBalance("USDT").Total);
        Assert.Throws<ArgumentException>(() => balances.GetSpotBalance("DOT.S"));
    }

    [Fact]
    public void BalanceEx_of_an_empty_account_is_an_empty_result()
    {
        var balances = ParseText("""{"error":[],"result":{}}""", "BalanceEx", KrakenAccountParser.ParseBalanceEx);

        Assert.Empty(balances.Entries);
        Assert.Equal(0m, balances.GetSpotBalance("XXBT").Available);
    }

    [Fact]
    public void BalanceEx_without_hold_is_refused_rather_than_overstating_what_is_available()
    {
        var error = Assert.Throws<KrakenBot.Connector.Trading.Errors.UnexpectedResponseException>(() =>
            ParseText("""{"error":[],"result":{"XXBT":{"balance":"1.0"}}}""", "BalanceEx", KrakenAccountParser.ParseBalanceEx));

        Assert.Contains("BalanceEx", error.Message);
        Assert.Contains("result.XXBT.hold_trade", error.Message);
    }

    [Fact]
    public void TradeBalance_example()
    {
        var balance = ParseFile("private/trade-balance.json", "TradeBalance", KrakenAccountParser.ParseTradeBalance);

        Assert.Equal("3224744.0162", Exact(balance.EquivalentBalance));
        Assert.Equal("3224744.0162", Exact(balance.TradeBalance));
        Assert.Equal("0.0000", Exact(balance.MarginUsed));
        Assert.Equal("3224744.0162", Exact(balance.FreeMargin));
        Assert.Null(balance.MarginLevel);
    }

    [Fact]
    public void TradeVolume_example_with_null_next_tier()
    {
        var volume = ParseFile("private/trade-volume.json", "TradeVolume", KrakenAccountParser.ParseTradeVolume);

        Assert.Equal("ZUSD", volume.Currency);
        Assert.Equal("3015012348193.4134", Exact(volume.Volume));
        KrakenPairFee taker = Assert.Single(volume.TakerFees);
        Assert.Equal("XETCXETH", taker.PairId);
        Assert.Equal(("0.1000", "0.1000", "0.2600"), (Exact(taker.Fee), Exact(taker.MinFee), Exact(taker.MaxFee)));
        Assert.Null(taker.NextFee);
        Assert.Null(taker.NextVolume);
        Assert.Equal("10000000.0000", Exact(taker.TierVolume));
        Assert.Equal("0.0000", Exact(Assert.Single(volume.MakerFees).Fee));
    }

    [Fact]
    public void WebSocketsToken_is_parsed_and_never_printed()
    {
        var token = ParseText("""{"error":[],"result":{"token":"1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw","expires":900}}""",
            "GetWebSocketsToken", KrakenTradingParser.ParseWebSocketsToken);

        Assert.Equal("1Dwc4lzSwNWOAwkMdqhssNNFhs1ed606d1WcF3XfEMw", token.Token);
        Assert.Equal(TimeSpan.FromMinutes(15), token.ExpiresIn);
        Assert.DoesNotContain("1Dwc4", token.ToString());
    }
}
