using System.Net.WebSockets;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Xunit;

namespace KrakenBot.Connector.Tests.Socket;

public sealed class TransportTests
{
    [Fact]
    public async Task Message_split_across_fragments_at_awkward_places_arrives_whole_and_exact()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        var clock = TransportFactory.NewClock();
        var handler = new RecordingHandler();
        // A small receive buffer so that reassembly must also grow the pooled buffer mid-message.
        var options = new SocketTransportOptions { ReceiveBufferBytes = 256 };
        await using var transport = TransportFactory.Create(server.Uri, handler, clock, "fragments", options);
        transport.Start();
        var connection = await server.NextConnectionAsync();

        byte[] book = SocketData.Bytes("book-snapshot-matic.json");
        string bookText = Encoding.UTF8.GetString(book);
        int insideNumber = bookText.IndexOf("4831.75496356", StringComparison.Ordinal) + 5; // "4831." | "75496356"
        await connection.SendFragmentsAsync(book, [1, insideNumber, insideNumber + 1, book.Length - 1]);

        byte[] multibyte = Encoding.UTF8.GetBytes("{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\",\"note\":\"Zürich € 𝄞\"}]}");
        int euro = IndexOf(multibyte, Encoding.UTF8.GetBytes("€"));
        int clef = IndexOf(multibyte, Encoding.UTF8.GetBytes("𝄞"));
        await connection.SendFragmentsAsync(multibyte, [euro + 1, euro + 2, clef + 1, clef + 3]);

        int[] everySevenBytes = Enumerable.Range(1, (book.Length - 1) / 7).Select(i => i * 7).ToArray();
        await connection.SendFragmentsAsync(book, everySevenBytes);

        await TestWait.UntilAsync(() => handler.Messages.Count == 3, "three messages");
        Assert.Equal(book, handler.Messages[0]);
        Assert.Equal(multibyte, handler.Messages[1]);
        Assert.Equal(book, handler.Messages[2]);
        Assert.Contains("Zürich € 𝄞", Encoding.UTF8.GetString(handler.Messages[1]));
    }

    [Fact]
    public async Task Dropped_connection_is_replaced_and_counted()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        var clock = TransportFactory.NewClock();
        var handler = new RecordingHandler();
        using var reconnects = new CounterProbe("krakenbot.socket.reconnects", "drop");
        await using var transport = TransportFactory.Create(server.Uri, handler, clock, "drop");
        transport.Start();
        var first = await server.NextConnectionAsync();
        await TestWait.UntilAsync(() => handler.Connects == 1, "first connect");

        first.Drop();

        await TestWait.UntilAsync(() => handler.Connects == 2, "reconnect after the drop", clock);
        Assert.Equal(1, handler.Disconnects);
        Assert.Equal(2, server.ConnectionCount);
        Assert.Equal(1, reconnects.Total);

        var second = server.Connections[1];
        await second.SendAsync("{\"channel\":\"heartbeat\"}");
        await TestWait.UntilAsync(() => handler.CountContaining("heartbeat") == 1, "message on the new connection");
    }

    [Fact]
    public async Task Reconnect_delays_double_and_stop_at_the_cap()
    {
        var clock = TransportFactory.NewClock();
        var connector = new FailingConnector(clock);
        var options = new SocketTransportOptions
        {
            ReconnectInitialDelay = TimeSpan.FromSeconds(1),
            ReconnectMaxDelay = TimeSpan.FromSeconds(8),
            ReconnectJitter = 0.5,
        };
        // Jitter draws 0: each delay is the full exponential value, so the sequence is exact.
        await using var transport = TransportFactory.Create(new Uri("ws://127.0.0.1:9/v2"), new RecordingHandler(), clock,
            "backoff", options, connector, new FixedRandom(0));
        transport.Start();
        await TestWait.UntilAsync(() => connector.Attempts.Count == 1, "first attempt, before the clock moves");

        await TestWait.UntilAsync(() => connector.Attempts.Count >= 7, "seven attempts", clock, TimeSpan.FromMilliseconds(250));

        var attempts = connector.Attempts;
        double[] gaps = Enumerable.Range(1, 6).Select(i => (attempts[i] - attempts[i - 1]).TotalSeconds).ToArray();
        double[] expected = [1, 2, 4, 8, 8, 8];
        // The clock moves only while a timer of the transport is armed, in 250 ms steps that divide every delay. Another
        // timer armed while an attempt starts (its connect timeout) may let one more step pass before the attempt is
        // seen: each gap is its delay, or at most one step more — still doubling, and capped at 8 s.
        for (int i = 0; i < expected.Length; i++)
            Assert.InRange(gaps[i], expected[i], expected[i] + 0.25);
    }

    [Fact]
    public void Jitter_shortens_delays_within_bounds_and_never_exceeds_the_cap()
    {
        var initial = TimeSpan.FromSeconds(1);
        var cap = TimeSpan.FromSeconds(30);
        var noJitterDraw = new ReconnectBackoff(initial, cap, 0.5, new FixedRandom(0));
        var fullJitterDraw = new ReconnectBackoff(initial, cap, 0.5, new FixedRandom(0.999999));

        for (int attempt = 0; attempt < 40; attempt++)
        {
            var full = noJitterDraw.GetDelay(attempt);
            var jittered = fullJitterDraw.GetDelay(attempt);
            double nominal = Math.Min(Math.Pow(2, attempt), 30);
            Assert.Equal(nominal, full.TotalSeconds, 6);
            Assert.InRange(jittered.TotalSeconds, nominal * 0.5, nominal);
            Assert.True(jittered < full);
            Assert.True(full <= cap);
        }
    }

    [Fact]
    public async Task Connect_rate_cap_holds_attempts_back_until_the_window_allows()
    {
        var clock = TransportFactory.NewClock();
        var connector = new FailingConnector(clock);
        using var throttled = new CounterProbe("krakenbot.socket.connect_throttled", "rate");
        var options = new SocketTransportOptions
        {
            ReconnectInitialDelay = TimeSpan.FromSeconds(1),
            ReconnectMaxDelay = TimeSpan.FromSeconds(2),
            ReconnectJitter = 0,
            MaxConnectsPerWindow = 3,
            ConnectRateWindow = TimeSpan.FromSeconds(30),
        };
        await using var transport = TransportFactory.Create(new Uri("ws://127.0.0.1:9/v2"), new RecordingHandler(), clock,
            "rate", options, connector);
        transport.Start();
        await TestWait.UntilAsync(() => connector.Attempts.Count == 1, "first attempt, before the clock moves");

        await TestWait.UntilAsync(() => connector.Attempts.Count >= 4, "four attempts", clock, TimeSpan.FromMilliseconds(500));

        var attempts = connector.Attempts;
        // Backoff alone would allow the 4th attempt at about 5 s; the cap (3 per 30 s) holds it until 30 s.
        Assert.True(attempts[3] - attempts[0] >= TimeSpan.FromSeconds(30), $"4th attempt at {attempts[3] - attempts[0]}");
        Assert.True(attempts[2] - attempts[0] < TimeSpan.FromSeconds(30));
        Assert.True(throttled.Total >= 1);
    }

    [Fact]
    public async Task Silent_server_gets_pinged_then_the_connection_is_replaced()
    {
        var script = new KrakenScript { AnswerPings = false };
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        var handler = new RecordingHandler();
        using var timeouts = new CounterProbe("krakenbot.socket.liveness_timeouts", "dead");
        var options = new SocketTransportOptions { PingInterval = TimeSpan.FromSeconds(10), InactivityTimeout = TimeSpan.FromSeconds(25) };
        await using var transport = TransportFactory.Create(server.Uri, handler, clock, "dead", options);
        transport.Start();
        var first = await server.NextConnectionAsync();
        await TestWait.UntilAsync(() => handler.Connects == 1, "connect");

        await TestWait.UntilAsync(() => server.ConnectionCount == 2, "a new connection after the silence", clock, TimeSpan.FromSeconds(1));

        Assert.True(first.CountRequests("ping") >= 1, "the silent connection was pinged before being given up");
        Assert.Contains("{\"method\":\"ping\"}", first.Received);
        Assert.Equal(1, timeouts.Total);
        Assert.Equal(1, handler.Disconnects);
    }

    [Fact]
    public async Task Answered_pings_keep_a_quiet_connection_alive()
    {
        var script = new KrakenScript();
        await using var server = await ScriptedKrakenServer.StartAsync(script.HandleAsync);
        var clock = TransportFactory.NewClock();
        var handler = new RecordingHandler();
        var options = new SocketTransportOptions { PingInterval = TimeSpan.FromSeconds(10), InactivityTimeout = TimeSpan.FromSeconds(25) };
        await using var transport = TransportFactory.Create(server.Uri, handler, clock, "alive", options);
        transport.Start();
        await server.NextConnectionAsync();
        await TestWait.UntilAsync(() => handler.Connects == 1, "connect");

        // 6 × 10 s = 60 s of fake time, far past the 25 s inactivity limit; each ping is answered before the next step.
        for (int i = 1; i <= 6; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            int expected = i;
            await TestWait.UntilAsync(() => handler.CountContaining("pong") >= expected, $"pong {i}");
        }

        Assert.Equal(1, server.ConnectionCount);
        Assert.Equal(0, handler.Disconnects);
    }

    [Fact]
    public async Task Dispose_closes_cleanly_with_a_close_frame()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        var clock = TransportFactory.NewClock();
        var handler = new RecordingHandler();
        var transport = TransportFactory.Create(server.Uri, handler, clock, "close");
        transport.Start();
        var connection = await server.NextConnectionAsync();
        await TestWait.UntilAsync(() => transport.IsConnected, "connected");

        await transport.DisposeAsync();

        var status = await connection.Closed.WaitAsync(TestWait.Guard);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, status);
        Assert.Equal(1, server.ConnectionCount);
        Assert.False(transport.IsConnected);
    }

    [Fact]
    public async Task Send_without_connection_fails_with_a_clear_network_error()
    {
        var clock = TransportFactory.NewClock();
        await using var transport = TransportFactory.Create(new Uri("ws://127.0.0.1:9/v2"), new RecordingHandler(), clock, "nosend",
            connector: new FailingConnector(clock));
        var ex = await Assert.ThrowsAsync<KrakenBot.Connector.Trading.Errors.NetworkException>(
            () => transport.SendAsync("{}"u8.ToArray(), CancellationToken.None).AsTask());
        Assert.Contains("Not connected", ex.Message);
        Assert.True(ex.IsRetrySafe);
    }

    [Fact]
    public async Task A_send_cut_short_by_an_aborted_connection_is_a_network_error_with_an_unknown_outcome()
    {
        // Found by the chaos run: the cancellation-shaped failure escaped to the caller (a cancel crashed the worker).
        await using var server = await ScriptedKrakenServer.StartAsync();
        var clock = TransportFactory.NewClock();
        var handler = new RecordingHandler();
        await using var transport = TransportFactory.Create(server.Uri, handler, clock, "abortedsend",
            connector: new AbortedWhileSendingConnector());
        transport.Start();
        await TestWait.UntilAsync(() => transport.IsConnected, "connected");

        var ex = await Assert.ThrowsAsync<KrakenBot.Connector.Trading.Errors.NetworkException>(
            () => transport.SendAsync("{}"u8.ToArray(), CancellationToken.None).AsTask());

        Assert.Contains("failed while sending", ex.Message);
        Assert.False(ex.IsRetrySafe);
    }

    [Fact]
    public async Task A_send_the_caller_cancels_stays_a_cancellation()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        var clock = TransportFactory.NewClock();
        await using var transport = TransportFactory.Create(server.Uri, new RecordingHandler(), clock, "cancelledsend",
            connector: new AbortedWhileSendingConnector());
        transport.Start();
        await TestWait.UntilAsync(() => transport.IsConnected, "connected");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.SendAsync("{}"u8.ToArray(), cancelled.Token).AsTask());
    }

    [Fact]
    public async Task A_send_on_an_idle_connection_is_written_before_SendAsync_returns()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        var clock = TransportFactory.NewClock();
        await using var transport = TransportFactory.Create(server.Uri, new RecordingHandler(), clock, "directsend");
        transport.Start();
        var connection = await server.NextConnectionAsync();
        await TestWait.UntilAsync(() => transport.IsConnected, "connected");

        var sent = transport.SendAsync("{\"method\":\"ping\",\"req_id\":7}"u8.ToArray(), CancellationToken.None);

        // Nothing else was being sent: the message left before SendAsync returned, no asynchronous path taken.
        Assert.True(sent.IsCompletedSuccessfully);
        await TestWait.UntilAsync(() => connection.Received.Contains("{\"method\":\"ping\",\"req_id\":7}"), "the message at the server");
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
