using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Streams;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Tests.Socket;

public sealed class ChannelTests
{
    private static KrakenMarketDataSocket NewSocket(Uri uri, FakeTimeProvider clock) =>
        new(new SocketSessionOptions
        {
            Endpoint = uri,
            Name = "channels",
            Transport = new SocketTransportOptions { PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2) },
        }, new KrakenWebSocketConnector(), clock, new FixedRandom(0), null, null);

    private static string Trade(long id, string type = "update") =>
        $"{{\"channel\":\"trade\",\"type\":\"{type}\",\"data\":[{{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":26600.{id % 10},\"qty\":0.01000000,\"ord_type\":\"limit\",\"trade_id\":{id},\"timestamp\":\"2023-09-22T10:33:05.709993Z\"}}]}}";

    private static string TradeSnapshot(params long[] ids) =>
        "{\"channel\":\"trade\",\"type\":\"snapshot\",\"data\":[" + string.Join(",", ids.Select(id =>
            $"{{\"symbol\":\"BTC/USD\",\"side\":\"sell\",\"price\":26600.{id % 10},\"qty\":0.02,\"ord_type\":\"market\",\"trade_id\":{id},\"timestamp\":\"2023-09-22T10:33:05.709993Z\"}}")) + "]}";

    [Fact]
    public async Task Trades_survive_a_reconnect_without_duplicates_and_gaps_are_reported()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var socket = NewSocket(server.Uri, clock);
        var gaps = new List<TradeGapInfo>();
        socket.Trades.TradeGap += gaps.Add;
        var received = new List<FeedItem<KrakenTrade>>();
        using var stop = new CancellationTokenSource();
        var reader = StreamCollector.CollectAsync(socket.Trades.ReadAllAsync(stop.Token), received, stop.Token);
        socket.Start();
        var first = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        var result = await socket.Trades.SubscribeAsync(["BTC/USD"], snapshot: true).WaitAsync(TestWait.Guard);
        Assert.True(result.IsSuccess);
        var subscribe = await first.NextRequestAsync("subscribe");
        Assert.True(subscribe.GetProperty("params").GetProperty("snapshot").GetBoolean());

        await first.SendAsync(TradeSnapshot(101, 102, 103));
        await first.SendAsync(Trade(104));
        await TestWait.UntilAsync(() => { lock (received) return received.Count == 4; }, "4 trades");

        first.Drop();
        var second = await TestWait.ForAsync(server.NextConnectionAsync(), "reconnect", clock);
        await second.NextRequestAsync("subscribe");
        await second.SendAsync(TradeSnapshot(102, 103, 104, 105)); // Kraken re-sends recent trades after a resubscribe
        await second.SendAsync(Trade(108));
        await TestWait.UntilAsync(() => { lock (received) return received.Count == 6; }, "2 new trades");

        long[] ids;
        lock (received) ids = received.Select(t => t.Value.TradeId).ToArray();
        Assert.Equal([101, 102, 103, 104, 105, 108], ids);
        Assert.Equal(new TradeGapInfo("BTC/USD", 105, 108), Assert.Single(gaps));
        Assert.True(received[0].Value.IsSnapshot);
        Assert.False(received[3].Value.IsSnapshot);
        Assert.Equal(26600.4m, received[3].Value.Price);
        stop.Cancel();
        await reader.WaitAsync(TestWait.Guard);
    }

    [Fact]
    public async Task System_status_reaches_the_user_on_connect_and_on_change()
    {
        await using var server = await ScriptedKrakenServer.StartAsync(
            greeting: "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.0\",\"system\":\"online\",\"api_version\":\"v2\",\"connection_id\":12393906104898154338}]}");
        var clock = TransportFactory.NewClock();
        await using var socket = NewSocket(server.Uri, clock);
        var statuses = new List<KrakenSystemStatus>();
        socket.Status.StatusReceived += s => { lock (statuses) statuses.Add(s); };
        socket.Start();
        var connection = await server.NextConnectionAsync();

        await TestWait.UntilAsync(() => socket.Status.Current is not null, "status on connect");
        Assert.Equal(KrakenSystemState.Online, socket.Status.Current!.State);
        Assert.Equal(12393906104898154338UL, socket.Status.Current.ConnectionId);

        await connection.SendAsync("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.0\",\"system\":\"maintenance\",\"api_version\":\"v2\",\"connection_id\":12393906104898154338}]}");
        await TestWait.UntilAsync(() => { lock (statuses) return statuses.Count == 2; }, "status change");
        Assert.Equal(KrakenSystemState.Maintenance, statuses[1].State);
        Assert.Equal(KrakenSystemState.Maintenance, socket.Status.Current.State);
    }

    [Fact]
    public async Task Instrument_rules_are_kept_current()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var socket = NewSocket(server.Uri, clock);
        int updates = 0;
        socket.Instruments.Updated += _ => Interlocked.Increment(ref updates);
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        Assert.True((await socket.Instruments.SubscribeAsync().WaitAsync(TestWait.Guard)).IsSuccess);

        await connection.SendAsync(SocketData.Text("instrument-snapshot.json"));
        await TestWait.UntilAsync(() => Volatile.Read(ref updates) == 1, "snapshot applied");
        Assert.True(socket.Instruments.TryGetPair("BTC/USD", out var btc));
        Assert.Equal(0.00000001m, btc.QuantityIncrement);
        Assert.Equal(0.1m, btc.PriceIncrement);
        Assert.True(socket.Instruments.TryGetPair("MATIC/GBP", out _));
        Assert.True(socket.Instruments.TryGetAsset("XRP", out _));

        await connection.SendAsync("{\"channel\":\"instrument\",\"type\":\"update\",\"data\":{\"assets\":[],\"pairs\":[{\"symbol\":\"BTC/USD\",\"base\":\"BTC\",\"quote\":\"USD\",\"status\":\"limit_only\",\"qty_precision\":8,\"qty_increment\":1e-08,\"price_precision\":1,\"cost_precision\":5,\"marginable\":true,\"has_index\":true,\"cost_min\":0.5,\"tick_size\":1,\"price_increment\":1,\"qty_min\":0.0002}]}}");
        await TestWait.UntilAsync(() => Volatile.Read(ref updates) == 2, "update applied");
        Assert.True(socket.Instruments.TryGetPair("BTC/USD", out btc));
        Assert.Equal("limit_only", btc.Status);
        Assert.Equal(1m, btc.PriceIncrement);
        Assert.Equal(0.0002m, btc.QuantityMin);
        Assert.True(socket.Instruments.TryGetPair("MATIC/GBP", out _)); // an update leaves other pairs alone

        await connection.SendAsync("{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[{\"id\":\"BTC\",\"status\":\"enabled\",\"precision\":10,\"precision_display\":5,\"borrowable\":true}],\"pairs\":[{\"symbol\":\"BTC/USD\",\"base\":\"BTC\",\"quote\":\"USD\",\"status\":\"online\",\"qty_precision\":8,\"qty_increment\":1e-08,\"price_precision\":1,\"price_increment\":0.1}]}}");
        await TestWait.UntilAsync(() => Volatile.Read(ref updates) == 3, "second snapshot applied");
        Assert.False(socket.Instruments.TryGetPair("MATIC/GBP", out _)); // gone from the full list: delisted
        Assert.False(socket.Instruments.TryGetAsset("XRP", out _));
        Assert.Single(socket.Instruments.Pairs);
    }

    [Fact]
    public async Task Live_candle_closes_when_the_clock_reaches_the_next_interval()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 10, 4, 16, 26, 0, TimeSpan.Zero));
        await using var socket = NewSocket(new Uri("ws://127.0.0.1:9/v2"), clock); // not started: candles applied directly
        var updated = new List<KrakenCandle>();
        var closed = new List<KrakenCandle>();
        socket.Candles.CandleUpdated += updated.Add;
        socket.Candles.CandleClosed += closed.Add;
        var begin = new DateTimeOffset(2023, 10, 4, 16, 25, 0, TimeSpan.Zero);

        socket.Candles.Apply(Candle(begin, close: 0.5627m, trades: 12));
        socket.Candles.Apply(Candle(begin, close: 0.5629m, trades: 13));
        clock.Advance(TimeSpan.FromMinutes(4) - TimeSpan.FromTicks(1)); // 16:29:59.9999999
        Assert.Empty(closed);
        Assert.Equal(2, updated.Count);

        clock.Advance(TimeSpan.FromTicks(1)); // 16:30:00 — the next interval starts
        var final = Assert.Single(closed);
        Assert.Equal(begin, final.IntervalBegin);
        Assert.Equal(0.5629m, final.Close);
        Assert.Equal(13, final.Trades);

        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Single(closed); // closed once only

        socket.Candles.Apply(Candle(begin, close: 0.5629m, trades: 13)); // identical copy (replayed snapshot): ignored
        Assert.Equal(2, updated.Count);
        socket.Candles.Apply(Candle(begin, close: 0.5631m, trades: 14)); // late revision from Kraken: passed on, not re-closed
        Assert.Equal(3, updated.Count);
        Assert.Single(closed);
    }

    [Fact]
    public async Task A_candle_of_a_later_interval_closes_the_open_one_at_once()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 10, 4, 16, 26, 0, TimeSpan.Zero));
        await using var socket = NewSocket(new Uri("ws://127.0.0.1:9/v2"), clock);
        var closed = new List<KrakenCandle>();
        socket.Candles.CandleClosed += closed.Add;
        var first = new DateTimeOffset(2023, 10, 4, 16, 25, 0, TimeSpan.Zero);

        socket.Candles.Apply(Candle(first.AddMinutes(-5), close: 1m, trades: 1)); // a past interval (snapshot): final already
        Assert.Equal(first.AddMinutes(-5), Assert.Single(closed).IntervalBegin);

        socket.Candles.Apply(Candle(first, close: 2m, trades: 2));
        clock.Advance(TimeSpan.FromMinutes(3.9)); // 16:29:54: Kraken's clock is ahead of ours
        socket.Candles.Apply(Candle(first.AddMinutes(5), close: 3m, trades: 1));
        Assert.Equal(2, closed.Count);
        Assert.Equal(2m, closed[1].Close);

        clock.Advance(TimeSpan.FromSeconds(6)); // 16:30: the timer of the already-closed interval must not close anything
        Assert.Equal(2, closed.Count);
    }

    [Fact]
    public async Task Live_candles_from_the_socket_close_on_the_fake_clock()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = new FakeTimeProvider(new DateTimeOffset(2023, 10, 4, 16, 26, 0, TimeSpan.Zero));
        await using var socket = NewSocket(server.Uri, clock);
        var events = new List<FeedItem<LiveCandleEvent>>();
        using var stop = new CancellationTokenSource();
        var reader = StreamCollector.CollectAsync(socket.Candles.ReadAllAsync(stop.Token), events, stop.Token);
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        Assert.True((await socket.Candles.SubscribeAsync(["MATIC/USD"], 5).WaitAsync(TestWait.Guard)).IsSuccess);
        var request = await connection.NextRequestAsync("subscribe");
        Assert.Equal(5, request.GetProperty("params").GetProperty("interval").GetInt32());

        await connection.SendAsync(SocketData.Text("constructed-ohlc-update.json"));
        await TestWait.UntilAsync(() => { lock (events) return events.Count == 1; }, "candle update");
        clock.Advance(TimeSpan.FromMinutes(4));
        await TestWait.UntilAsync(() => { lock (events) return events.Count == 2; }, "candle close");

        lock (events)
        {
            Assert.False(events[0].Value.IsClose);
            Assert.True(events[1].Value.IsClose);
            Assert.Equal(0.5627m, events[1].Value.Candle.Close);
            Assert.Equal(30927.68066226m, events[1].Value.Candle.Volume);
        }
        stop.Cancel();
        await reader.WaitAsync(TestWait.Guard);
    }

    [Fact]
    public async Task Unsubscribed_symbols_are_withdrawn_and_not_replayed()
    {
        await using var server = await ScriptedKrakenServer.StartAsync(new KrakenScript().HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var socket = NewSocket(server.Uri, clock);
        socket.Start();
        var first = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        await socket.Tickers.SubscribeAsync(["BTC/USD", "ETH/USD"]).WaitAsync(TestWait.Guard);
        await socket.Candles.SubscribeAsync(["BTC/USD"], 15).WaitAsync(TestWait.Guard);

        Assert.True(await socket.Tickers.UnsubscribeAsync("ETH/USD").WaitAsync(TestWait.Guard));
        Assert.True(await socket.Candles.UnsubscribeAsync("BTC/USD", 15).WaitAsync(TestWait.Guard));
        Assert.False(await socket.Tickers.UnsubscribeAsync("XRP/USD"));
        Assert.False(await socket.Candles.UnsubscribeAsync("BTC/USD", 60));

        var tickerOff = await first.NextRequestAsync("unsubscribe");
        Assert.Equal("ticker", tickerOff.GetProperty("params").GetProperty("channel").GetString());
        Assert.Equal(["ETH/USD"], tickerOff.GetProperty("params").GetProperty("symbol").EnumerateArray().Select(e => e.GetString()));
        var candleOff = await first.NextRequestAsync("unsubscribe");
        Assert.Equal(15, candleOff.GetProperty("params").GetProperty("interval").GetInt32());

        first.Drop();
        var second = await TestWait.ForAsync(server.NextConnectionAsync(), "reconnect", clock);
        await TestWait.UntilAsync(() => socket.IsReady && second.CountRequests("subscribe") >= 1, "replay");
        var replay = Assert.Single(second.Received); // the candle subscription is gone entirely
        Assert.Contains("\"symbol\":[\"BTC/USD\"]", replay);
        Assert.Contains("\"channel\":\"ticker\"", replay);
    }

    [Fact]
    public async Task Invalid_candle_interval_is_refused_with_the_valid_list()
    {
        var clock = TransportFactory.NewClock();
        await using var socket = NewSocket(new Uri("ws://127.0.0.1:9/v2"), clock);
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => socket.Candles.SubscribeAsync(["BTC/USD"], 2));
        Assert.Contains("1, 5, 15, 30, 60, 240, 1440, 10080 or 21600", ex.Message);
    }

    private static KrakenCandle Candle(DateTimeOffset begin, decimal close, long trades) =>
        new("MATIC/USD", 5, begin, 0.5624m, Math.Max(0.5628m, close), 0.5622m, close, 0.5626m, 100m, trades, IsSnapshot: false);
}
