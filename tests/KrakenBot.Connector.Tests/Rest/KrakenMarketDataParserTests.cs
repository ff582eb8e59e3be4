using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Rest.Internal;
using Xunit;
using static KrakenBot.Connector.Tests.Rest.KrakenPayloads;

namespace KrakenBot.Connector.Tests.Rest;

/// <summary>Kraken's official example payloads (Data/kraken-examples) parsed with exact decimals.</summary>
public class KrakenMarketDataParserTests
{
    [Fact]
    public void Time_example()
    {
        var time = ParseFile("public/time.json", "Time", KrakenMarketDataParser.ParseTime);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1546998654), time.Time);
        Assert.Equal("Wed,  9 Jan 19 01:50:54 +0000", time.Rfc1123);
    }

    [Fact]
    public void SystemStatus_payload_from_the_documented_fields()
    {
        // Kraken publishes no full SystemStatus example file; these are the documented fields (API.md §1.2).
        var status = ParseText("""{"error":[],"result":{"status":"cancel_only","timestamp":"2023-07-06T18:52:00Z"}}""",
            "SystemStatus", KrakenMarketDataParser.ParseSystemStatus);

        Assert.Equal("cancel_only", status.Status);
        Assert.False(status.IsOnline);
        Assert.Equal(new DateTimeOffset(2023, 7, 6, 18, 52, 0, TimeSpan.Zero), status.Timestamp);
    }

    [Fact]
    public void Assets_example_has_legacy_prefixed_and_unprefixed_ids()
    {
        var assets = ParseFile("public/assets.json", "Assets", KrakenMarketDataParser.ParseAssets);

        Assert.Equal(25, assets.Count);
        KrakenAsset xbt = Assert.Single(assets, a => a.Id == "XXBT");
        Assert.Equal(new KrakenAsset("XXBT", "currency", "XBT", 10, 5, 1m, "enabled"), xbt);
        KrakenAsset usdt = Assert.Single(assets, a => a.Id == "USDT");
        Assert.Equal("USDT", usdt.AltName);
        Assert.Equal("0.9", Exact(usdt.CollateralValue));
        Assert.Null(Assert.Single(assets, a => a.Id == "BCH").CollateralValue);
        Assert.Equal("XDG", Assert.Single(assets, a => a.Id == "XXDG").AltName);
        Assert.Equal(0, Assert.Single(assets, a => a.Id == "ZJPY").DisplayDecimals);
    }

    [Fact]
    public void AssetPairs_example_reads_rules_and_fee_schedules_exactly()
    {
        var pairs = ParseFile("public/asset-pairs.json", "AssetPairs", KrakenMarketDataParser.ParseAssetPairs);

        Assert.Equal(new[] { "XETHXXBT", "XXBTZUSD" }, pairs.Select(p => p.Id));
        KrakenPair ethXbt = pairs[0];
        Assert.Equal("ETHXBT", ethXbt.AltName);
        Assert.Equal("ETH/XBT", ethXbt.WsName);
        Assert.Equal(("XETH", "XXBT"), (ethXbt.Base, ethXbt.Quote));
        Assert.Equal((5, 6, 8), (ethXbt.PairDecimals, ethXbt.CostDecimals, ethXbt.LotDecimals));
        Assert.Equal("0.01", Exact(ethXbt.OrderMin));
        Assert.Equal("0.00002", Exact(ethXbt.CostMin));
        Assert.Equal("0.00001", Exact(ethXbt.TickSize));
        Assert.Equal("online", ethXbt.Status);
        Assert.Equal("ZUSD", ethXbt.FeeVolumeCurrency);

        KrakenPair xbtUsd = pairs[1];
        Assert.Equal("0.0001", Exact(xbtUsd.OrderMin));
        Assert.Equal("0.5", Exact(xbtUsd.CostMin));
        Assert.Equal("0.1", Exact(xbtUsd.TickSize));
        Assert.Equal(9, xbtUsd.TakerFees.Count);
        Assert.Equal(new FeeTier(0m, 0.26m), xbtUsd.TakerFees[0]);
        Assert.Equal(new FeeTier(10000000m, 0.1m), xbtUsd.TakerFees[8]);
        Assert.Equal(new FeeTier(10000000m, 0m), xbtUsd.MakerFees[8]);
        Assert.Equal("0.16", Exact(xbtUsd.MakerFees[0].Percent));
    }

    [Fact]
    public void AssetPairs_with_newer_unprefixed_ids_and_optional_fields()
    {
        // Our own payload in Kraken's shape for newer pairs (no X/Z prefixes, no maker schedule, no tick_size),
        // plus a legacy dark-pool key, which is skipped.
        const string json = """
            {"error":[],"result":{
              "SOLUSD":{"altname":"SOLUSD","wsname":"SOL/USD","aclass_base":"currency","base":"SOL","aclass_quote":"currency",
                "quote":"ZUSD","lot":"unit","cost_decimals":5,"pair_decimals":2,"lot_decimals":8,"lot_multiplier":1,
                "fees":[[0,0.40]],"fee_volume_currency":"ZUSD","ordermin":"0.02","costmin":"0.5","status":"post_only"},
              "USDCUSDT":{"altname":"USDCUSDT","base":"USDC","quote":"USDT","cost_decimals":8,"pair_decimals":4,"lot_decimals":8,
                "ordermin":"5.00000000","status":"online"},
              "XXBTZUSD.d":{"altname":"XBTUSD.d","base":"XXBT","quote":"ZUSD","cost_decimals":5,"pair_decimals":1,"lot_decimals":8,
                "ordermin":"0.0001","status":"online"}
            }}
            """;
        var pairs = ParseText(json, "AssetPairs", KrakenMarketDataParser.ParseAssetPairs);

        Assert.Equal(new[] { "SOLUSD", "USDCUSDT" }, pairs.Select(p => p.Id));
        Assert.Equal(("SOL", "ZUSD", "post_only"), (pairs[0].Base, pairs[0].Quote, pairs[0].Status));
        Assert.Equal("0.40", Exact(pairs[0].TakerFees[0].Percent));
        Assert.Empty(pairs[0].MakerFees);
        Assert.Null(pairs[0].TickSize);
        Assert.Null(pairs[1].WsName);
        Assert.Null(pairs[1].CostMin);
        Assert.Equal("5.00000000", Exact(pairs[1].OrderMin));
    }

    [Fact]
    public void Ticker_example()
    {
        var ticker = Assert.Single(ParseFile("public/ticker.json", "Ticker", KrakenMarketDataParser.ParseTicker));

        Assert.Equal("XXBTZUSD", ticker.PairId);
        Assert.Equal("3537.50000", Exact(ticker.Ask.Price));
        Assert.Equal("1", Exact(ticker.Ask.WholeLotVolume));
        Assert.Equal("1.000", Exact(ticker.Ask.LotVolume));
        Assert.Equal("3537.40000", Exact(ticker.Bid.Price));
        Assert.Equal("16.000", Exact(ticker.Bid.LotVolume));
        Assert.Equal("0.25000000", Exact(ticker.LastTradeVolume));
        Assert.Equal("4009.69918350", Exact(ticker.Volume.Last24Hours));
        Assert.Equal("3537.46886", Exact(ticker.VolumeWeightedAveragePrice.Today));
        Assert.Equal(new KrakenDayAnd24Hours<long>(5773, 6815), ticker.TradeCount);
        Assert.Equal("3504.20000", Exact(ticker.Low.Today));
        Assert.Equal("3565.00000", Exact(ticker.High.Last24Hours));
        Assert.Equal("3530.60000", Exact(ticker.OpeningPrice));
    }

    [Fact]
    public void Ohlc_example_with_last_cursor()
    {
        var page = ParseFile("public/ohlc.json", "OHLC", KrakenMarketDataParser.ParseOhlc);

        Assert.Equal("XXBTZUSD", page.PairId);
        Assert.Equal(1548111600, page.Last);
        Assert.Equal(2, page.Candles.Count);
        KrakenCandle candle = page.Candles[0];
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1548115200), candle.OpenTime);
        Assert.Equal(("3533.4", "3543.7", "3530.7", "3539.4"), (Exact(candle.Open), Exact(candle.High), Exact(candle.Low), Exact(candle.Close)));
        Assert.Equal("3539.8", Exact(candle.VolumeWeightedAveragePrice));
        Assert.Equal("83.09287787", Exact(candle.Volume));
        Assert.Equal(232, candle.TradeCount);
    }

    [Fact]
    public void Depth_example()
    {
        var depth = ParseFile("public/depth.json", "Depth", KrakenMarketDataParser.ParseDepth);

        Assert.Equal("XXBTZUSD", depth.PairId);
        Assert.Equal(2, depth.Asks.Count);
        Assert.Equal(new KrakenDepthLevel(3539.90000m, 0.801m, DateTimeOffset.FromUnixTimeSeconds(1548119951)), depth.Asks[0]);
        Assert.Equal("3539.90000", Exact(depth.Asks[0].Price));
        Assert.Equal("3538.70000", Exact(depth.Bids[1].Price));
        Assert.Equal("0.798", Exact(depth.Bids[1].Volume));
    }

    [Fact]
    public void Trades_example_with_six_fields_and_string_cursor()
    {
        var page = ParseFile("public/trades.json", "Trades", KrakenMarketDataParser.ParseTrades);

        Assert.Equal("XXBTZUSD", page.PairId);
        Assert.Equal("1548121745957099006", page.Last);
        KrakenPublicTrade trade = page.Trades[0];
        Assert.Equal("3535.50000", Exact(trade.Price));
        Assert.Equal("0.00300000", Exact(trade.Volume));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(15481117515556000), trade.Time);
        Assert.Equal(KrakenSide.Buy, trade.Side);
        Assert.True(trade.IsMarketOrder);
        Assert.Null(trade.TradeId);
    }

    [Fact]
    public void Trades_with_seventh_field_trade_id_and_sub_microsecond_time()
    {
        // Row from Kraken's Trades schema example (API.md §1.2) with the newer 7th field.
        var page = ParseText("""{"error":[],"result":{"XXBTZUSD":[["30243.40000","0.34507674",1688669597.8277369,"s","l","",61044952]],"last":"1688671969993150842"}}""",
            "Trades", KrakenMarketDataParser.ParseTrades);

        KrakenPublicTrade trade = Assert.Single(page.Trades);
        Assert.Equal(61044952, trade.TradeId);
        Assert.Equal(KrakenSide.Sell, trade.Side);
        Assert.False(trade.IsMarketOrder);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(16886695978277369), trade.Time);
    }
}
