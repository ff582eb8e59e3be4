using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Tests.Socket;

public sealed class SessionTests
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static SocketSession NewSession(Uri uri, FakeTimeProvider clock, string name,
        IWebSocketTokenProvider? tokens = null, ILoggerFactory? logs = null) =>
        new(new SocketSessionOptions
        {
            Endpoint = uri,
            Name = name,
            RequestTimeout = RequestTimeout,
            SilenceCheckInterval = TimeSpan.FromSeconds(5),
            // Liveness is tested on the transport; keep its pings out of these tests.
            Transport = new SocketTransportOptions { PingInterval = TimeSpan.FromHours(1), InactivityTimeout = TimeSpan.FromHours(2) },
        }, new KrakenWebSocketConnector(), clock, new FixedRandom(0), logs, null, tokens);

    private static string[] Symbols(JsonElement request) =>
        request.GetProperty("params").TryGetProperty("symbol", out var s) ? s.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];

    private static string TickerMessage(string symbol) =>
        $"{{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{{\"symbol\":\"{symbol}\",\"bid\":1.5,\"bid_qty\":2,\"ask\":1.6,\"ask_qty\":3,\"last\":1.55,\"volume\":10,\"vwap\":1.5,\"low\":1,\"high\":2,\"change\":0.1,\"change_pct\":1.2}}]}}";

    [Fact]
    public async Task Subscriptions_are_replayed_after_a_dropped_connection()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "replay");
        var tickers = new List<string>();
        session.SetSink(KrakenChannel.Ticker, (utf8, in header) => { lock (tickers) tickers.Add(header.Symbol!); });
        session.Start();
        var first = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var tickerResult = await session.SubscribeAsync(
            new SocketSubscription(KrakenChannel.Ticker, ["BTC/USD", "ETH/USD"]), CancellationToken.None).WaitAsync(TestWait.Guard);
        var instrumentResult = await session.SubscribeAsync(
            new SocketSubscription(KrakenChannel.Instrument, [], requestSnapshot: true), CancellationToken.None).WaitAsync(TestWait.Guard);
        Assert.True(tickerResult.IsSuccess);
        Assert.Equal(["BTC/USD", "ETH/USD"], tickerResult.Subscribed);
        Assert.True(instrumentResult.IsSuccess);

        first.Drop();
        var second = await TestWait.ForAsync(server.NextConnectionAsync(), "reconnect", clock);
        await TestWait.UntilAsync(() => second.CountRequests("subscribe") == 2 && session.IsReady, "replay on the new connection");

        var replayed = second.Received.Select(t => JsonDocument.Parse(t).RootElement).ToList();
        var ticker = replayed.Single(r => r.GetProperty("params").GetProperty("channel").GetString() == "ticker");
        Assert.Equal(["BTC/USD", "ETH/USD"], Symbols(ticker));
        var instrument = replayed.Single(r => r.GetProperty("params").GetProperty("channel").GetString() == "instrument");
        Assert.True(instrument.GetProperty("params").GetProperty("snapshot").GetBoolean());

        await second.SendAsync(TickerMessage("ETH/USD"));
        await TestWait.UntilAsync(() => { lock (tickers) return tickers.Contains("ETH/USD"); }, "data on the new connection");
    }

    [Fact]
    public async Task Ack_that_never_comes_gives_a_timeout_error_and_the_request_is_withdrawn()
    {
        var script = new KrakenScript();
        script.SilentChannels.Add("ticker");
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "noack");
        session.Start();
        var connection = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var subscribing = session.SubscribeAsync(new SocketSubscription(KrakenChannel.Ticker, ["BTC/USD"]), CancellationToken.None);
        await connection.NextRequestAsync("subscribe");
        Assert.False(subscribing.IsCompleted);
        clock.Advance(RequestTimeout);
        var result = await subscribing.WaitAsync(TestWait.Guard);

        var error = Assert.IsType<SocketRequestTimeoutException>(result.Failed["BTC/USD"]);
        Assert.Equal(ExchangeErrorCategory.Network, error.Category);
        Assert.True(error.IsRetrySafe);
        Assert.Contains("did not answer 'subscribe' for BTC/USD", error.Message);
        Assert.Empty(result.Subscribed);
        var withdrawal = await connection.NextRequestAsync("unsubscribe");
        Assert.Equal(["BTC/USD"], Symbols(withdrawal));
    }

    [Fact]
    public async Task Order_without_answer_is_outcome_unknown_not_retry_safe()
    {
        var script = new KrakenScript();
        script.SilentMethods.Add("add_order");
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "noorderack");
        session.Start();
        var connection = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var placing = session.SendRequestAsync("add_order", w => w.WriteString("symbol", "BTC/USD"), changesState: true, CancellationToken.None);
        await connection.NextRequestAsync("add_order");
        clock.Advance(RequestTimeout);

        var error = await Assert.ThrowsAsync<SocketRequestTimeoutException>(() => placing.WaitAsync(TestWait.Guard));
        Assert.Equal(ExchangeErrorCategory.OutcomeUnknown, error.Category);
        Assert.False(error.IsRetrySafe);
        Assert.Contains("look it up", error.Message);
    }

    [Fact]
    public async Task Requests_without_answer_time_out_each_at_its_own_deadline()
    {
        var script = new KrakenScript();
        script.SilentMethods.Add("add_order");
        script.SilentMethods.Add("cancel_order");
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "deadlines");
        session.Start();
        var connection = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var placing = session.SendRequestAsync("add_order", w => w.WriteString("symbol", "BTC/USD"), changesState: true, CancellationToken.None);
        await connection.NextRequestAsync("add_order");
        clock.Advance(TimeSpan.FromSeconds(4));
        var cancelling = session.SendRequestAsync("cancel_order", w => w.WriteString("cl_ord_id", "x"), changesState: true, CancellationToken.None);
        await connection.NextRequestAsync("cancel_order");

        clock.Advance(RequestTimeout - TimeSpan.FromSeconds(4));
        await Assert.ThrowsAsync<SocketRequestTimeoutException>(() => placing.WaitAsync(TestWait.Guard));
        Assert.False(cancelling.IsCompleted); // 4 s of its 10 s are left: the one timer is armed again for it

        clock.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromTicks(1));
        Assert.False(cancelling.IsCompleted);
        clock.Advance(TimeSpan.FromTicks(1));
        var error = await Assert.ThrowsAsync<SocketRequestTimeoutException>(() => cancelling.WaitAsync(TestWait.Guard));
        Assert.Contains("cancel_order", error.Message);
    }

    [Fact]
    public async Task Connection_lost_while_an_order_waits_is_outcome_unknown()
    {
        var script = new KrakenScript();
        script.SilentMethods.Add("add_order");
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "lostorder");
        session.Start();
        var connection = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var placing = session.SendRequestAsync("add_order", null, changesState: true, CancellationToken.None);
        await connection.NextRequestAsync("add_order");
        connection.Drop();

        var error = await Assert.ThrowsAsync<OutcomeUnknownException>(() => placing.WaitAsync(TestWait.Guard));
        Assert.Contains("add_order", error.Message);
    }

    [Fact]
    public async Task Unknown_symbol_is_refused_with_a_clear_error_and_other_symbols_keep_working()
    {
        var script = new KrakenScript();
        script.UnknownSymbols.Add("FOO/USD");
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "unknown");
        var failures = new List<ExchangeException>();
        session.SubscriptionFailed += failures.Add;
        var tickers = new List<string>();
        session.SetSink(KrakenChannel.Ticker, (utf8, in header) => { lock (tickers) tickers.Add(header.Symbol!); });
        session.Start();
        var first = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var result = await session.SubscribeAsync(new SocketSubscription(KrakenChannel.Ticker, ["BTC/USD", "FOO/USD"]), CancellationToken.None)
            .WaitAsync(TestWait.Guard);

        Assert.Equal(["BTC/USD"], result.Subscribed);
        var error = Assert.IsType<SubscriptionRejectedException>(result.Failed["FOO/USD"]);
        Assert.Equal("FOO/USD", error.Symbol);
        Assert.Equal("Currency pair not supported FOO/USD", error.ExchangeError);
        Assert.Contains("Kraken refused the 'ticker' subscription for FOO/USD", error.Message);
        Assert.Contains("BTC/USD, not XBT/USD", error.Message); // says what to do
        Assert.Same(error, Assert.Single(failures));
        Assert.Throws<SubscriptionRejectedException>(result.ThrowIfAnyFailed);

        await first.SendAsync(TickerMessage("BTC/USD"));
        await TestWait.UntilAsync(() => { lock (tickers) return tickers.Contains("BTC/USD"); }, "BTC/USD data still flows");

        first.Drop();
        var second = await TestWait.ForAsync(server.NextConnectionAsync(), "reconnect", clock);
        var replay = await second.NextRequestAsync("subscribe");
        Assert.Equal(["BTC/USD"], Symbols(replay)); // the refused symbol is not replayed
    }

    [Fact]
    public async Task Silent_subscription_is_detected_and_renewed_on_the_same_connection()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        using var renewals = new CounterProbe("krakenbot.socket.silence_resubscribes", "silence");
        await using var session = NewSession(server.Uri, clock, "silence");
        session.Start();
        var connection = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);
        var result = await session.SubscribeAsync(
            new SocketSubscription(KrakenChannel.Ticker, ["BTC/USD", "ETH/USD"], silenceTimeout: TimeSpan.FromSeconds(30)),
            CancellationToken.None).WaitAsync(TestWait.Guard);
        Assert.True(result.IsSuccess);

        // ETH/USD keeps talking (and the connection has heartbeats); BTC/USD goes quiet.
        var deadline = DateTime.UtcNow + TestWait.Guard;
        while (connection.CountRequests("unsubscribe") == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the silent subscription was never renewed");
            await connection.SendAsync(TickerMessage("ETH/USD"));
            await connection.SendAsync("{\"channel\":\"heartbeat\"}");
            await Task.Delay(5);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        await TestWait.UntilAsync(() => connection.CountRequests("subscribe") == 2, "re-subscribe after the unsubscribe");

        var requests = connection.Received.Select(t => JsonDocument.Parse(t).RootElement).ToList();
        var unsubscribe = requests.Single(r => r.GetProperty("method").GetString() == "unsubscribe");
        Assert.Equal(["BTC/USD"], Symbols(unsubscribe));
        var renewal = requests.Where(r => r.GetProperty("method").GetString() == "subscribe").Last();
        Assert.Equal(["BTC/USD"], Symbols(renewal));
        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(1, renewals.Total);
    }

    [Fact]
    public async Task Private_session_fetches_a_fresh_token_on_every_connect_and_never_logs_it()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        var tokens = new CountingTokenProvider();
        var logs = new CapturingLoggerFactory();
        await using var session = NewSession(server.Uri, clock, "private", tokens, logs);
        session.Start();
        var first = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var result = await session.SubscribeAsync(new SocketSubscription(KrakenChannel.Executions, [], requiresToken: true),
            CancellationToken.None).WaitAsync(TestWait.Guard);
        Assert.True(result.IsSuccess);
        var firstSubscribe = await first.NextRequestAsync("subscribe");
        Assert.Equal("secret-token-1", firstSubscribe.GetProperty("params").GetProperty("token").GetString());

        first.Drop();
        var second = await TestWait.ForAsync(server.NextConnectionAsync(), "reconnect", clock);
        var replay = await second.NextRequestAsync("subscribe");
        Assert.Equal("secret-token-2", replay.GetProperty("params").GetProperty("token").GetString());
        Assert.Equal(2, tokens.Calls);

        await TestWait.UntilAsync(() => session.IsReady, "ready after replay");
        _ = session.SendRequestAsync("cancel_all", null, changesState: true, CancellationToken.None);
        var order = await second.NextRequestAsync("cancel_all");
        Assert.Equal("secret-token-2", order.GetProperty("params").GetProperty("token").GetString());

        await session.PingAsync(CancellationToken.None).WaitAsync(TestWait.Guard);
        var ping = await second.NextRequestAsync("ping");
        Assert.False(ping.TryGetProperty("params", out _)); // the token goes only where Kraken needs it

        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains("secret-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ping_is_answered_by_pong_with_the_same_req_id()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        await using var session = NewSession(server.Uri, clock, "ping");
        session.Start();
        var connection = await server.NextConnectionAsync();
        await session.WaitReadyAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        await session.PingAsync(CancellationToken.None).WaitAsync(TestWait.Guard);

        var ping = await connection.NextRequestAsync("ping");
        Assert.True(ping.TryGetProperty("req_id", out _));

        await session.DisposeAsync();
        await session.DisposeAsync(); // twice is harmless
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, await connection.Closed.WaitAsync(TestWait.Guard));
        await Assert.ThrowsAsync<NetworkException>(() => session.PingAsync(CancellationToken.None));
    }

    private sealed class CountingTokenProvider : IWebSocketTokenProvider
    {
        private int _calls;
        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult($"secret-token-{Interlocked.Increment(ref _calls)}");
    }
}
