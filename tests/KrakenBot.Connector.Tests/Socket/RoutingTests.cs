using System.Text;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Xunit;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Tests.Socket;

public sealed class RoutingTests
{
    private static SocketSessionOptions Options(Uri uri, string name) => new()
    {
        Endpoint = uri,
        Name = name,
        RequestTimeout = TimeSpan.FromSeconds(10),
        SilenceCheckInterval = TimeSpan.FromSeconds(5),
        Transport = new SocketTransportOptions { PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2) },
    };

    [Fact]
    public async Task Book_messages_reach_the_book_sink_raw_and_the_subscription_carries_the_depth()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var socket = new KrakenMarketDataSocket(Options(server.Uri, "book"), new KrakenWebSocketConnector(), clock,
            new FixedRandom(0), null, null);
        var frames = new List<(byte[] Bytes, KrakenMessageType Type, string? Symbol)>();
        socket.SetBookSink((utf8, in header) => { lock (frames) frames.Add((utf8.ToArray(), header.Type, header.Symbol)); });
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);

        var result = await socket.SubscribeBookAsync(["MATIC/USD"], 25, null, CancellationToken.None).WaitAsync(TestWait.Guard);
        Assert.True(result.IsSuccess);
        var request = await connection.NextRequestAsync("subscribe");
        Assert.Equal("book", request.GetProperty("params").GetProperty("channel").GetString());
        Assert.Equal(25, request.GetProperty("params").GetProperty("depth").GetInt32());

        await connection.SendAsync(SocketData.Text("book-snapshot-matic.json"));
        await connection.SendAsync(SocketData.Text("book-update-matic.json"));
        await TestWait.UntilAsync(() => { lock (frames) return frames.Count == 2; }, "two book frames");

        Assert.Equal(SocketData.Bytes("book-snapshot-matic.json"), frames[0].Bytes);
        Assert.Equal(KrakenMessageType.Snapshot, frames[0].Type);
        Assert.Equal("MATIC/USD", frames[0].Symbol);
        Assert.Equal(SocketData.Bytes("book-update-matic.json"), frames[1].Bytes);
        Assert.Equal(KrakenMessageType.Update, frames[1].Type);
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = socket.SubscribeBookAsync(["MATIC/USD"], 20, null, CancellationToken.None); });
    }

    [Fact]
    public async Task Book_resubscribe_renews_one_symbol_only_and_asks_for_a_new_snapshot()
    {
        await using var server = await ScriptedKrakenServer.StartAsync(new KrakenScript().HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var socket = new KrakenMarketDataSocket(Options(server.Uri, "rebook"), new KrakenWebSocketConnector(), clock,
            new FixedRandom(0), null, null);
        socket.SetBookSink((utf8, in header) => { });
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        Assert.True((await socket.SubscribeBookAsync(["BTC/USD", "ETH/USD"], 100, null, CancellationToken.None).WaitAsync(TestWait.Guard)).IsSuccess);

        bool renewed = await socket.ResubscribeBookAsync("ETH/USD", CancellationToken.None).WaitAsync(TestWait.Guard);

        Assert.True(renewed);
        var unsubscribe = await connection.NextRequestAsync("unsubscribe");
        Assert.Equal(["ETH/USD"], unsubscribe.GetProperty("params").GetProperty("symbol").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(100, unsubscribe.GetProperty("params").GetProperty("depth").GetInt32()); // Kraken wants the depth echoed
        var subscribes = connection.Received.Where(t => t.Contains("\"subscribe\"")).ToList();
        Assert.Equal(2, subscribes.Count);
        Assert.Contains("\"symbol\":[\"ETH/USD\"]", subscribes[1]);
        Assert.Contains("\"snapshot\":true", subscribes[1]);
        Assert.Equal(1, server.ConnectionCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => socket.ResubscribeBookAsync("XRP/USD", CancellationToken.None));
    }

    [Fact]
    public async Task Private_socket_subscribes_with_token_and_sends_orders()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(async (connection, request) =>
        {
            if (request.GetProperty("method").GetString() == "add_order")
            {
                long id = request.GetProperty("req_id").GetInt64();
                await connection.SendAsync($"{{\"method\":\"add_order\",\"req_id\":{id},\"result\":{{\"order_id\":\"OK4GJX-KSTLS-7DZZO5\",\"cl_ord_id\":\"c1\"}},\"success\":true,\"time_in\":\"2023-09-22T10:33:05.709950Z\",\"time_out\":\"2023-09-22T10:33:05.709982Z\"}}");
                return;
            }
            await script.HandleAsync(connection, request);
        });
        var clock = TransportFactory.NewClock();
        await using var socket = new KrakenPrivateSocket(Options(server.Uri, "privsock"), new StaticToken("tok-A"),
            new KrakenWebSocketConnector(), clock, new FixedRandom(0));
        var executions = new List<byte[]>();
        socket.SetExecutionsSink((utf8, in header) => { lock (executions) executions.Add(utf8.ToArray()); });
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        Assert.True((await socket.SubscribeExecutionsAsync(snapshotTrades: true).WaitAsync(TestWait.Guard)).IsSuccess);
        var subscribe = (await connection.NextRequestAsync("subscribe")).GetProperty("params");
        Assert.Equal("executions", subscribe.GetProperty("channel").GetString());
        Assert.Equal("tok-A", subscribe.GetProperty("token").GetString());
        Assert.True(subscribe.GetProperty("snap_orders").GetBoolean());
        Assert.True(subscribe.GetProperty("snap_trades").GetBoolean());

        var answer = await socket.SendTradingRequestAsync("add_order", w =>
        {
            w.WriteString("order_type", "limit");
            w.WriteString("symbol", "BTC/USD");
        }, CancellationToken.None).WaitAsync(TestWait.Guard);
        Assert.True(answer.Success);
        Assert.Contains("OK4GJX-KSTLS-7DZZO5", Encoding.UTF8.GetString(answer.Result.Span));
        var order = (await connection.NextRequestAsync("add_order")).GetProperty("params");
        Assert.Equal("tok-A", order.GetProperty("token").GetString());

        await connection.SendAsync(SocketData.Text("executions-update-trade.json"));
        await TestWait.UntilAsync(() => { lock (executions) return executions.Count == 1; }, "execution routed");
        Assert.Equal(SocketData.Bytes("executions-update-trade.json"), executions[0]);
    }

    private sealed class StaticToken(string token) : IWebSocketTokenProvider
    {
        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
    }

    [Fact]
    public async Task Private_channel_messages_reach_their_sinks()
    {
        await using var server = await ScriptedKrakenServer.StartAsync(new KrakenScript().HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = new SocketSession(Options(server.Uri, "privroute"), new KrakenWebSocketConnector(), clock,
            new FixedRandom(0));
        var balances = new List<KrakenMessageType>();
        var executions = new List<string?>();
        session.SetSink(KrakenChannel.Balances, (utf8, in header) => { lock (balances) balances.Add(header.Type); });
        session.SetSink(KrakenChannel.Executions, (utf8, in header) => { lock (executions) executions.Add(header.Symbol); });
        Assert.Throws<InvalidOperationException>(() => session.SetSink(KrakenChannel.Balances, (utf8, in header) => { }));
        session.Start();
        var connection = await server.NextConnectionAsync();

        await connection.SendAsync(SocketData.Text("balances-snapshot.json"));
        await connection.SendAsync(SocketData.Text("balances-update.json"));
        await connection.SendAsync(SocketData.Text("executions-update-trade.json"));
        await TestWait.UntilAsync(() => { lock (balances) lock (executions) return balances.Count == 2 && executions.Count == 1; }, "private messages");

        Assert.Equal([KrakenMessageType.Snapshot, KrakenMessageType.Update], balances);
        Assert.Equal(["BTC/USD"], executions);
    }

    [Fact]
    public async Task Unreadable_messages_and_throwing_handlers_do_not_stop_the_feed()
    {
        await using var server = await ScriptedKrakenServer.StartAsync(new KrakenScript().HandleAsync);
        var clock = TransportFactory.NewClock();
        using var unreadable = new CounterProbe("krakenbot.socket.unreadable_messages", "resilient");
        var logs = new CapturingLoggerFactory();
        await using var socket = new KrakenMarketDataSocket(Options(server.Uri, "resilient"), new KrakenWebSocketConnector(), clock,
            new FixedRandom(0), logs, null);
        var trades = new List<long>();
        socket.Trades.TradeReceived += t => throw new InvalidOperationException("consumer bug");
        socket.Trades.TradeReceived += t => { lock (trades) trades.Add(t.TradeId); };
        socket.Start();
        var connection = await server.NextConnectionAsync();
        await socket.WaitReadyAsync().WaitAsync(TestWait.Guard);
        await socket.Trades.SubscribeAsync(["BTC/USD"]).WaitAsync(TestWait.Guard);

        await connection.SendAsync("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":\"abc\",\"qty\":1,\"trade_id\":1,\"timestamp\":\"2023-09-22T10:33:05Z\"}]}");
        await connection.SendAsync("{\"Error\":\"Exceeded msg rate\"}");
        await connection.SendAsync(SocketData.Text("constructed-trade-update.json"));
        await TestWait.UntilAsync(() => { lock (trades) return trades.Count >= 1; }, "valid trades after the bad ones");

        Assert.Equal(62887576, trades[0]);
        Assert.Equal(2, unreadable.Total);
        Assert.Contains(logs.Lines, l => l.Contains("'price'", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Exceeded msg rate", StringComparison.Ordinal));
        Assert.Equal(1, server.ConnectionCount);
    }

    [Fact]
    public async Task Renewal_of_a_silent_subscription_that_gets_no_answer_replaces_the_connection()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = new SocketSession(Options(server.Uri, "renewfail"), new KrakenWebSocketConnector(), clock, new FixedRandom(0));
        session.Start();
        var first = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);
        var result = await session.SubscribeAsync(
            new SocketSubscription(KrakenChannel.Ticker, ["BTC/USD"], silenceTimeout: TimeSpan.FromSeconds(30)), CancellationToken.None)
            .WaitAsync(TestWait.Guard);
        Assert.True(result.IsSuccess);

        script.SilentChannels.Add("ticker"); // from now on, Kraken ignores ticker (un)subscribe requests on this connection
        await TestWait.UntilAsync(() => server.ConnectionCount == 2, "a new connection", clock, TimeSpan.FromSeconds(1));

        Assert.True(first.CountRequests("unsubscribe") >= 1);
        Assert.True(first.CountRequests("subscribe") >= 2); // initial + the unanswered renewal
        script.SilentChannels.Clear();
        var second = server.Connections[1];
        await TestWait.UntilAsync(() => second.CountRequests("subscribe") >= 1 && session.IsReady, "replay on the new connection", clock,
            TimeSpan.FromSeconds(1));
    }
}
