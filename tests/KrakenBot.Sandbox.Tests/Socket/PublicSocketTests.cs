using System.Text.Json;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>The public endpoint <c>/v2</c> over a real WebSocket on 127.0.0.1.</summary>
public sealed class PublicSocketTests
{
    [Fact]
    public async Task Status_arrives_on_connect_and_ping_gets_pong_with_req_id()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        var status = await ws.ReceiveAsync();
        Assert.Equal("status", status.Str("channel"));
        var data = status.Data0();
        Assert.Equal("online", data.Str("system"));
        Assert.Equal("v2", data.Str("api_version"));
        Assert.True(data.GetProperty("connection_id").GetUInt64() > 0);

        await ws.SendAsync("""{"method":"ping","req_id":101}""");
        var pong = await ws.ReceiveAsync();
        Assert.Equal("pong", pong.Str("method"));
        Assert.Equal(101, pong.GetProperty("req_id").GetInt64());
        Assert.Equal("2026-03-02T12:00:00.000000Z", pong.Str("time_in"));
        Assert.Equal("2026-03-02T12:00:00.000000Z", pong.Str("time_out"));
    }

    [Fact]
    public async Task Status_reports_maintenance_when_the_system_is_down()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        sandbox.Host.Faults.SystemStatus = KrakenBot.Sandbox.Market.TradingStatus.Maintenance;
        await using var ws = await sandbox.PublicAsync();
        Assert.Equal("maintenance", (await ws.ReceiveAsync()).Data0().Str("system"));
    }

    [Fact]
    public async Task Status_and_instrument_updates_follow_status_changes()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"instrument"}}""");
        await ws.NextOnAsync("instrument", "snapshot");
        sandbox.Host.Faults.SystemStatus = KrakenBot.Sandbox.Market.TradingStatus.CancelOnly;
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var status = await ws.NextOnAsync("status");
        Assert.Equal("cancel_only", status.Data0().Str("system"));
        var update = await ws.NextOnAsync("instrument", "update");
        var pairs = update.GetProperty("data").GetProperty("pairs").EnumerateArray().ToList();
        Assert.Equal(sandbox.Exchange.Markets.Pairs.Count, pairs.Count);
        Assert.All(pairs, p => Assert.Equal("cancel_only", p.Str("status")));
    }

    [Fact]
    public async Task Subscribe_acks_one_per_symbol_and_rejects_unknown_symbols_channels_and_depths()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync(); // status

        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD","DOGE/USD","XBT/USD","FOO/BAR"],"snapshot":false},"req_id":7}""");
        var acks = new List<JsonElement>();
        for (var i = 0; i < 4; i++) acks.Add(await ws.NextAckAsync("subscribe"));
        Assert.True(acks[0].GetProperty("success").GetBoolean());
        Assert.Equal("BTC/USD", acks[0].GetProperty("result").Str("symbol"));
        Assert.Equal("trade", acks[0].GetProperty("result").Str("channel"));
        Assert.Equal(7, acks[0].GetProperty("req_id").GetInt64());
        Assert.True(acks[0].Has("time_in") && acks[0].Has("time_out"));
        Assert.Equal("DOGE/USD", acks[1].GetProperty("result").Str("symbol"));
        Assert.False(acks[2].GetProperty("success").GetBoolean());
        Assert.Equal("Currency pair not supported XBT/USD", acks[2].Str("error")); // v2 names only
        Assert.Equal("Currency pair not supported FOO/BAR", acks[3].Str("error"));

        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"]},"req_id":8}""");
        Assert.Equal("Already subscribed", (await ws.NextAckAsync("subscribe")).Str("error"));

        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"nope","symbol":["BTC/USD"]},"req_id":9}""");
        var badChannel = await ws.NextAckAsync("subscribe");
        Assert.False(badChannel.GetProperty("success").GetBoolean());
        Assert.Equal("Subscription name invalid", badChannel.Str("error"));

        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":7},"req_id":10}""");
        var badDepth = await ws.NextAckAsync("subscribe");
        Assert.False(badDepth.GetProperty("success").GetBoolean());
        Assert.StartsWith("EGeneral:Invalid arguments:depth", badDepth.Str("error"));
        Assert.Equal(10, badDepth.GetProperty("req_id").GetInt64());

        await ws.SendAsync("""{"method":"unsubscribe","params":{"channel":"trade","symbol":["BTC/USD"]},"req_id":11}""");
        var unsub = await ws.NextAckAsync("unsubscribe");
        Assert.True(unsub.GetProperty("success").GetBoolean());
        Assert.Equal("BTC/USD", unsub.GetProperty("result").Str("symbol"));
        await ws.SendAsync("""{"method":"unsubscribe","params":{"channel":"trade","symbol":["BTC/USD"]},"req_id":12}""");
        Assert.Equal("Subscription Not Found", (await ws.NextAckAsync("unsubscribe")).Str("error"));
    }

    [Theory]
    [InlineData("{\"method\":\"subscribe\",\"params\":{")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"params\":{}}")]
    [InlineData("{\"method\":\"ping\",\"req_id\":\"abc\"}")]
    [InlineData("{\"method\":\"subscribe\",\"params\":[1]}")]
    [InlineData("")]
    public async Task Malformed_frames_get_an_error_and_the_connection_keeps_working(string frame)
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync(); // status
        await ws.SendAsync(frame);
        var error = await ws.ReceiveAsync();
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.StartsWith("EGeneral:Invalid arguments", error.Str("error"));

        await ws.SendAsync("""{"method":"ping","req_id":5}""");
        Assert.Equal("pong", (await ws.ReceiveAsync()).Str("method"));
    }

    [Fact]
    public async Task Oversized_frame_gets_an_error_and_the_connection_keeps_working()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("{\"method\":\"ping\",\"pad\":\"" + new string('x', 200_000) + "\"}");
        var error = await ws.ReceiveAsync();
        Assert.Contains("larger than", error.Str("error"));
        await ws.SendAsync("""{"method":"ping","req_id":6}""");
        Assert.Equal(6, (await ws.ReceiveAsync()).GetProperty("req_id").GetInt64());
    }

    [Fact]
    public async Task Heartbeat_comes_every_second_once_subscribed()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"],"snapshot":false}}""");
        await ws.NextAckAsync("subscribe");
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        var heartbeat = await ws.ReceiveAnyAsync();
        Assert.Equal("heartbeat", heartbeat!.Value.Str("channel"));
    }

    [Fact]
    public async Task Instrument_lists_assets_and_pairs_with_v2_names_and_precisions()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"instrument"},"req_id":79}""");
        var ack = await ws.NextAckAsync("subscribe");
        Assert.Equal("instrument", ack.GetProperty("result").Str("channel"));
        var snapshot = await ws.NextOnAsync("instrument", "snapshot");
        var data = snapshot.GetProperty("data");
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        var btc = data.GetProperty("pairs").EnumerateArray().Single(p => p.Str("symbol") == "BTC/USD");
        Assert.Equal("BTC", btc.Str("base"));
        Assert.Equal("USD", btc.Str("quote"));
        Assert.Equal("online", btc.Str("status"));
        Assert.Equal(1, btc.GetProperty("price_precision").GetInt32());
        Assert.Equal(8, btc.GetProperty("qty_precision").GetInt32());
        Assert.Equal(0.1m, btc.Dec("price_increment"));
        Assert.Equal(0.00000001m, btc.Dec("qty_increment"));
        Assert.Equal(0.0001m, btc.Dec("qty_min"));
        Assert.Equal(0.5m, btc.Dec("cost_min"));
        var doge = data.GetProperty("pairs").EnumerateArray().Single(p => p.Str("symbol") == "DOGE/USD");
        Assert.Equal(7, doge.GetProperty("price_precision").GetInt32());
        var assets = data.GetProperty("assets").EnumerateArray().Select(a => a.Str("id")).ToList();
        Assert.Contains("BTC", assets);
        Assert.Contains("DOGE", assets);
        Assert.DoesNotContain("XXBT", assets);
        Assert.Equal(10, data.GetProperty("assets").EnumerateArray().Single(a => a.Str("id") == "BTC").GetProperty("precision").GetInt32());
    }

    [Fact]
    public async Task Ticker_on_bbo_follows_the_best_bid_and_ask()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var maker = sandbox.Account();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"],"event_trigger":"bbo","snapshot":false}}""");
        Assert.Equal("bbo", (await ws.NextAckAsync("subscribe")).GetProperty("result").Str("event_trigger"));
        Assert.Null(sandbox.Limit(maker, Side.Buy, 0.1m, 59000m).Error);   // new best bid
        Assert.Null(sandbox.Limit(maker, Side.Buy, 0.1m, 58000m).Error);   // below the best: no ticker
        Assert.Null(sandbox.Limit(maker, Side.Sell, 0.2m, 61000m).Error);  // new best ask
        var first = (await ws.NextOnAsync("ticker", "update")).Data0();
        Assert.Equal(59000m, first.Dec("bid"));
        Assert.Equal(0m, first.Dec("ask"));
        var second = (await ws.NextOnAsync("ticker", "update")).Data0();
        Assert.Equal(59000m, second.Dec("bid"));
        Assert.Equal(61000m, second.Dec("ask"));
        Assert.Equal("0.20000000", second.Raw("ask_qty"));
    }

    [Fact]
    public async Task Trade_ticker_and_ohlc_carry_the_fills()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var maker = sandbox.Account();
        var taker = sandbox.Account(SandboxWsFixture.OtherKey);
        Assert.Null(sandbox.Limit(maker, Side.Sell, 0.5m, 60000.1m).Error);
        var placed = sandbox.Market(taker, Side.Buy, 0.2m); // one trade before subscribing: in the snapshots
        Assert.Null(placed.Error);
        Assert.Equal(0.2m, placed.Order!.Filled);

        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"]}}""");
        await ws.NextAckAsync("subscribe");
        var tradeSnapshot = await ws.NextOnAsync("trade", "snapshot");
        var first = tradeSnapshot.Data0();
        Assert.Equal("buy", first.Str("side"));
        Assert.Equal("60000.1", first.Raw("price"));
        Assert.Equal("0.20000000", first.Raw("qty"));
        Assert.Equal("market", first.Str("ord_type"));
        var firstId = first.GetProperty("trade_id").GetInt64();

        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"]}}""");
        await ws.NextAckAsync("subscribe");
        var tickerSnapshot = (await ws.NextOnAsync("ticker", "snapshot")).Data0();
        Assert.Equal(60000.1m, tickerSnapshot.Dec("last"));
        Assert.Equal(60000.1m, tickerSnapshot.Dec("ask"));
        Assert.Equal("0.30000000", tickerSnapshot.Raw("ask_qty"));
        Assert.Equal(0.2m, tickerSnapshot.Dec("volume"));

        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"ohlc","symbol":["BTC/USD"],"interval":5}}""");
        var ohlcAck = await ws.NextAckAsync("subscribe");
        Assert.Equal(5, ohlcAck.GetProperty("result").GetProperty("interval").GetInt32());
        var candle = (await ws.NextOnAsync("ohlc", "snapshot")).Data0();
        Assert.Equal(5, candle.GetProperty("interval").GetInt32());
        Assert.Equal("2026-03-02T12:00:00.000000Z", candle.Str("interval_begin"));
        Assert.Equal(1, candle.GetProperty("trades").GetInt32());

        sandbox.Market(taker, Side.Buy, 0.1m);
        var trade = (await ws.NextOnAsync("trade", "update")).Data0();
        Assert.Equal(firstId + 1, trade.GetProperty("trade_id").GetInt64());
        Assert.Equal("0.10000000", trade.Raw("qty"));
        var ticker = (await ws.NextOnAsync("ticker", "update")).Data0();
        Assert.Equal(0.3m, ticker.Dec("volume"));
        var ohlc = (await ws.NextOnAsync("ohlc", "update")).Data0();
        Assert.Equal(2, ohlc.GetProperty("trades").GetInt32());
        Assert.Equal(0.3m, ohlc.Dec("volume"));
    }
}
