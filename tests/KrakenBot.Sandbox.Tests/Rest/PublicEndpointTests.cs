using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Rest;

public sealed class PublicEndpointTests
{
    private static async Task<TestSandbox> WithOneTrade()
    {
        var sandbox = await TestSandbox.StartAsync(accounts:
            [TestSandbox.Account("maker", TestSandbox.Secret), TestSandbox.Account("taker", TestSandbox.Secret)]);
        var maker = sandbox.Client("maker");
        var taker = sandbox.Client("taker");
        (await maker.Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60000.0"), ("volume", "1"))).Ok();
        (await maker.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59000.0"), ("volume", "2"))).Ok();
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        (await taker.Post("AddOrder", ("pair", "BTC/USD"), ("type", "buy"), ("ordertype", "market"), ("volume", "0.4"))).Ok();
        return sandbox;
    }

    [Fact]
    public async Task Time_and_system_status()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var time = (await sandbox.Public("Time")).Ok();
        Assert.Equal(sandbox.Clock.GetUtcNow().ToUnixTimeSeconds(), time.GetProperty("unixtime").GetInt64());
        Assert.Equal("Mon, 02 Mar 26 10:00:00 +0000", time.Str("rfc1123"));
        var status = (await sandbox.Public("SystemStatus")).Ok();
        Assert.Equal("online", status.Str("status"));
        Assert.Equal("2026-03-02T10:00:00Z", status.Str("timestamp"));
    }

    [Fact]
    public async Task Assets_in_krakens_shape()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var all = (await sandbox.Public("Assets")).Ok();
        Assert.Equal(["XXBT", "ZUSD", "XETH", "SOL", "XXDG", "USDT"], all.EnumerateObject().Select(p => p.Name).ToArray());
        var xbt = all.GetProperty("XXBT");
        Assert.Equal("currency", xbt.Str("aclass"));
        Assert.Equal("XBT", xbt.Str("altname"));
        Assert.Equal(10, xbt.GetProperty("decimals").GetInt32());
        Assert.Equal(5, xbt.GetProperty("display_decimals").GetInt32());
        Assert.Equal("enabled", xbt.Str("status"));
        var some = (await sandbox.Public("Assets", "asset=XBT,DOGE")).Ok();
        Assert.Equal(["XXBT", "XXDG"], some.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("EQuery:Unknown asset", (await sandbox.Public("Assets", "asset=NOPE")).Error());
    }

    [Fact]
    public async Task AssetPairs_accepts_every_name_and_has_krakens_fields()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var pairs = (await sandbox.Public("AssetPairs", "pair=XBTUSD,ETHXBT,XDGUSD,USDTUSD")).Ok();
        Assert.Equal(["XXBTZUSD", "XETHXXBT", "XDGUSD", "USDTZUSD"], pairs.EnumerateObject().Select(p => p.Name).ToArray());
        var btc = pairs.GetProperty("XXBTZUSD");
        Assert.Equal("XBTUSD", btc.Str("altname"));
        Assert.Equal("XBT/USD", btc.Str("wsname"));
        Assert.Equal("XXBT", btc.Str("base"));
        Assert.Equal("ZUSD", btc.Str("quote"));
        Assert.Equal(1, btc.GetProperty("pair_decimals").GetInt32());
        Assert.Equal(8, btc.GetProperty("lot_decimals").GetInt32());
        Assert.Equal(5, btc.GetProperty("cost_decimals").GetInt32());
        Assert.Equal("0.0001", btc.Str("ordermin"));
        Assert.Equal("0.5", btc.Str("costmin"));
        Assert.Equal("0.1", btc.Str("tick_size"));
        Assert.Equal("online", btc.Str("status"));
        Assert.Equal(0.26m, btc.GetProperty("fees")[0][1].GetDecimal());
        Assert.Equal(0.16m, btc.GetProperty("fees_maker")[0][1].GetDecimal());
        Assert.Equal("XXDG", pairs.GetProperty("XDGUSD").Str("base"));
        Assert.Equal("XDG/USD", pairs.GetProperty("XDGUSD").Str("wsname"));

        var fees = (await sandbox.Public("AssetPairs", "pair=XXBTZUSD&info=fees")).Ok().GetProperty("XXBTZUSD");
        Assert.True(fees.TryGetProperty("fees", out _));
        Assert.False(fees.TryGetProperty("altname", out _));
        Assert.Equal("EQuery:Unknown asset pair", (await sandbox.Public("AssetPairs", "pair=XBTEUR")).Error());
        Assert.Equal(6, (await sandbox.Public("AssetPairs")).Ok().EnumerateObject().Count());
    }

    [Fact]
    public async Task Depth_ticker_trades_ohlc_and_spread_reflect_the_book_and_fills()
    {
        await using var sandbox = await WithOneTrade();

        var depth = (await sandbox.Public("Depth", "pair=XBTUSD&count=5")).Ok().GetProperty("XXBTZUSD");
        Assert.Equal("60000.0", depth.GetProperty("asks")[0][0].GetString());
        Assert.Equal("0.60000000", depth.GetProperty("asks")[0][1].GetString());
        Assert.Equal(JsonValueKind.Number, depth.GetProperty("asks")[0][2].ValueKind);
        Assert.Equal("59000.0", depth.GetProperty("bids")[0][0].GetString());

        var ticker = (await sandbox.Public("Ticker", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD");
        Assert.Equal("60000.0", ticker.GetProperty("a")[0].GetString());
        Assert.Equal("59000.0", ticker.GetProperty("b")[0].GetString());
        Assert.Equal("60000.0", ticker.GetProperty("c")[0].GetString());
        Assert.Equal("0.40000000", ticker.GetProperty("c")[1].GetString());
        Assert.Equal("0.40000000", ticker.GetProperty("v")[1].GetString());
        Assert.Equal(1, ticker.GetProperty("t")[1].GetInt32());

        var trades = (await sandbox.Public("Trades", "pair=XBTUSD")).Ok();
        var row = Assert.Single(trades.GetProperty("XXBTZUSD").EnumerateArray());
        Assert.Equal("60000.0", row[0].GetString());
        Assert.Equal("0.40000000", row[1].GetString());
        Assert.Equal("b", row[3].GetString());
        Assert.Equal("m", row[4].GetString());
        Assert.Equal(1, row[6].GetInt64());
        var last = trades.Str("last");
        Assert.Empty((await sandbox.Public("Trades", "pair=XBTUSD&since=" + last)).Ok().GetProperty("XXBTZUSD").EnumerateArray());

        var ohlc = (await sandbox.Public("OHLC", "pair=XBTUSD&interval=1")).Ok();
        var candle = ohlc.GetProperty("XXBTZUSD").EnumerateArray().Last();
        Assert.Equal("60000.0", candle[1].GetString());
        Assert.Equal("0.40000000", candle[6].GetString());
        Assert.Equal(1, candle[7].GetInt32());
        Assert.Equal(JsonValueKind.Number, ohlc.GetProperty("last").ValueKind);
        Assert.Equal("EGeneral:Invalid arguments:interval", (await sandbox.Public("OHLC", "pair=XBTUSD&interval=2")).Error());

        var spread = (await sandbox.Public("Spread", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD");
        var latest = spread.EnumerateArray().Last();
        Assert.Equal("59000.0", latest[1].GetString());
        Assert.Equal("60000.0", latest[2].GetString());
    }

    [Fact]
    public async Task Ohlc_longer_intervals_include_the_minute_in_progress()
    {
        await using var sandbox = await WithOneTrade();
        sandbox.Clock.Advance(TimeSpan.FromMinutes(2));
        var taker = sandbox.Client("taker");
        (await taker.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "market"), ("volume", "0.1"))).Ok();
        var five = (await sandbox.Public("OHLC", "pair=XBTUSD&interval=5")).Ok().GetProperty("XXBTZUSD");
        var total = five.EnumerateArray().Sum(c => decimal.Parse(c[6].GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.5m, total);
    }

    [Fact]
    public async Task Missing_and_unknown_pairs_get_krakens_errors()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        Assert.Equal("EGeneral:Invalid arguments:pair", (await sandbox.Public("Depth")).Error());
        Assert.Equal("EQuery:Unknown asset pair", (await sandbox.Public("Depth", "pair=FOOBAR")).Error());
        Assert.Equal("EQuery:Unknown asset pair", (await sandbox.Public("Ticker", "pair=XBTUSD,NOPE")).Error());
        Assert.Equal("EGeneral:Invalid arguments:count", (await sandbox.Public("Depth", "pair=XBTUSD&count=501")).Error());
        Assert.Equal("EGeneral:Unknown method", (await sandbox.Public("Nope")).Error());
    }
}
