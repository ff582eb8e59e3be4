using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using KrakenBot.Connector.Tests.Socket;
using Xunit;

namespace KrakenBot.Connector.Tests.WebSockets;

public sealed class KrakenWebSocketTests
{
    private static readonly SocketTransportOptions Options = new() { ReceiveBufferBytes = 4096, MaxMessageBytes = 1024 * 1024 };

    /// <summary>Connects the client while the server accepts; returns both ends.</summary>
    private static async Task<(KrakenWebSocket Client, RawConnection Server)> ConnectAsync(RawWebSocketServer server,
        byte[]? sendWithAnswer = null)
    {
        var accepted = server.AcceptAsync(sendWithAnswer: sendWithAnswer);
        using var guard = new CancellationTokenSource(TestWait.Guard);
        var client = (KrakenWebSocket)await new KrakenWebSocketConnector().ConnectAsync(server.Uri, Options, guard.Token);
        return (client, await accepted);
    }

    /// <summary>Runs the client's pump on its own thread, as the transport does, collecting what it hands over.</summary>
    private sealed class Pumped : IReceivedMessages
    {
        private readonly ConcurrentQueue<byte[]> _messages = new();

        public Pumped(KrakenWebSocket socket)
        {
            var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            new Thread(() =>
            {
                try
                {
                    socket.Run(this);
                    ended.SetResult(null);
                }
                catch (Exception ex)
                {
                    ended.SetResult(ex);
                }
            })
            { IsBackground = true }.Start();
            Ended = ended.Task;
        }

        /// <summary>Null when the server's close frame ended the pump, else the failure.</summary>
        public Task<Exception?> Ended { get; }

        public IReadOnlyList<string> Messages => [.. _messages.Select(m => Encoding.UTF8.GetString(m))];

        public void OnBytesReceived() { }

        public void OnMessage(ReadOnlyMemory<byte> payload, bool text) => _messages.Enqueue(payload.ToArray());
    }

    [Fact]
    public async Task Frames_sent_with_the_handshake_answer_and_split_byte_by_byte_arrive_whole()
    {
        using var server = new RawWebSocketServer();
        byte[] book = SocketData.Bytes("book-snapshot-matic.json");
        byte[] third = ServerFrames.Frame(0x1, book);
        // The 101 answer, two whole frames and the start of a third (inside its extended length) in one write.
        var (client, connection) = await ConnectAsync(server,
            ServerFrames.Concat(ServerFrames.Text("{\"a\":1}"), ServerFrames.Text("{\"b\":2}"), third[..3]));
        using var _ = client;
        using var __ = connection;
        var pumped = new Pumped(client);

        await connection.SendByteByByteAsync(third[3..]);
        await TestWait.UntilAsync(() => pumped.Messages.Count == 3, "three messages");

        Assert.Equal(new[] { "{\"a\":1}", "{\"b\":2}", Encoding.UTF8.GetString(book) }, pumped.Messages);
        Assert.Contains("Upgrade: websocket", connection.RequestHead);
        Assert.Contains("Sec-WebSocket-Version: 13", connection.RequestHead);
        Assert.DoesNotContain("Sec-WebSocket-Extensions", connection.RequestHead);
    }

    [Fact]
    public async Task Direct_sends_are_masked_text_frames_with_fresh_keys_across_refills_of_the_key_block()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;
        var keys = new HashSet<uint>();

        // 100 frames: more than one block of 64 keys, so the block is refilled on the way.
        for (int i = 0; i < 100; i++)
        {
            string message = $"{{\"method\":\"ping\",\"req_id\":{i}}}";
            Assert.True(client.TrySendText(Encoding.UTF8.GetBytes(message)));
            var frame = await connection.ReadFrameAsync();

            Assert.Equal(0x1, frame.Opcode);
            Assert.True(frame.Masked);
            Assert.Equal(message, Encoding.UTF8.GetString(frame.Payload));
            keys.Add(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(connection.LastMaskKey));
        }

        Assert.True(keys.Count > 1, "every frame had the same mask key");
        client.Abort();
        Assert.Throws<WebSocketException>(() => client.TrySendText("{}"u8));
    }

    [Fact]
    public async Task A_ping_is_answered_with_a_masked_pong_carrying_its_payload()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;
        var pumped = new Pumped(client);

        await connection.SendAsync(ServerFrames.Frame(0x9, "ping-42"u8.ToArray()));
        var pong = await connection.ReadFrameAsync();

        Assert.Equal(0xA, pong.Opcode);
        Assert.True(pong.Masked);
        Assert.Equal("ping-42", Encoding.UTF8.GetString(pong.Payload));
        Assert.False(pumped.Ended.IsCompleted);
    }

    [Fact]
    public async Task A_connection_dropped_mid_frame_fails_the_pump_and_hands_out_nothing_partial()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        var pumped = new Pumped(client);
        byte[] second = ServerFrames.Text("{\"cut\":\"short\"}");

        await connection.SendAsync(ServerFrames.Concat(ServerFrames.Text("{\"whole\":1}"), second[..6]));
        await TestWait.UntilAsync(() => pumped.Messages.Count == 1, "the whole message");
        connection.Drop();
        var failure = await pumped.Ended.WaitAsync(TestWait.Guard);

        var closed = Assert.IsType<WebSocketException>(failure);
        Assert.Contains("without a WebSocket close frame", closed.Message);
        Assert.Equal(new[] { "{\"whole\":1}" }, pumped.Messages);
    }

    [Fact]
    public async Task The_server_close_frame_ends_the_pump_and_the_answer_completes_the_close()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;
        var pumped = new Pumped(client);

        await connection.SendAsync(ServerFrames.Frame(0x8, [0x03, 0xE9, .. "going away"u8]));
        Assert.Null(await pumped.Ended.WaitAsync(TestWait.Guard));
        Assert.Equal(WebSocketState.CloseReceived, client.State);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.CloseStatus);
        Assert.Equal("going away", client.CloseStatusDescription);

        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", CancellationToken.None);
        var close = await connection.ReadFrameAsync();

        Assert.Equal(0x8, close.Opcode);
        Assert.True(close.Masked);
        byte[] normalClosure = [0x03, 0xE8, .. "client closing"u8];
        Assert.Equal(normalClosure, close.Payload);
        Assert.Equal(WebSocketState.Closed, client.State);
    }

    [Fact]
    public async Task A_frame_the_server_must_not_send_gets_a_close_with_the_status_and_fails_the_pump()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;
        var pumped = new Pumped(client);

        await connection.SendAsync(ServerFrames.Frame(0x1, "{}"u8.ToArray(), masked: true));
        var close = await connection.ReadFrameAsync();
        var failure = await pumped.Ended.WaitAsync(TestWait.Guard);

        Assert.Equal(0x8, close.Opcode);
        Assert.Equal(new byte[] { 0x03, 0xEA }, close.Payload); // 1002, protocol error
        Assert.IsType<WebSocketProtocolException>(failure);
        Assert.Equal(WebSocketState.Aborted, client.State);
    }

    [Fact]
    public async Task Abort_wakes_a_pump_blocked_on_a_silent_connection()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;
        var pumped = new Pumped(client);
        await connection.SendAsync(ServerFrames.Text("{\"first\":1}"));
        await TestWait.UntilAsync(() => pumped.Messages.Count == 1, "the pump is reading");

        client.Abort();

        Assert.NotNull(await pumped.Ended.WaitAsync(TestWait.Guard));
        Assert.Equal(WebSocketState.Aborted, client.State);
    }

    [Fact]
    public async Task ReceiveAsync_serves_a_message_larger_than_the_callers_buffer_in_pieces_and_answers_pings()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;
        byte[] book = SocketData.Bytes("book-snapshot-matic.json");
        await connection.SendAsync(ServerFrames.Concat(ServerFrames.Frame(0x9, "p"u8.ToArray()), ServerFrames.Frame(0x1, book)));

        var received = new List<byte>();
        var buffer = new byte[100];
        ValueWebSocketReceiveResult result;
        int pieces = 0;
        do
        {
            result = await client.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            received.AddRange(buffer.AsSpan(0, result.Count));
            pieces++;
        } while (!result.EndOfMessage);
        var pong = await connection.ReadFrameAsync();

        Assert.Equal(book, received);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.Equal((book.Length + 99) / 100, pieces);
        Assert.Equal(0xA, pong.Opcode);
    }

    [Fact]
    public async Task Sends_are_masked_text_frames_and_fragments_continue_the_message()
    {
        using var server = new RawWebSocketServer();
        var (client, connection) = await ConnectAsync(server);
        using var _ = client;
        using var __ = connection;

        await client.SendAsync("{\"method\":\"ping\"}"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await client.SendAsync("{\"a\":"u8.ToArray(), WebSocketMessageType.Text, false, CancellationToken.None);
        await client.SendAsync("1}"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);

        var whole = await connection.ReadFrameAsync();
        var start = await connection.ReadFrameAsync();
        var end = await connection.ReadFrameAsync();
        Assert.Equal((0x1, true, "{\"method\":\"ping\"}"), (whole.Opcode, whole.Masked, Encoding.UTF8.GetString(whole.Payload)));
        Assert.Equal((0x1, "{\"a\":"), (start.Opcode, Encoding.UTF8.GetString(start.Payload)));
        Assert.Equal((0x0, "1}"), (end.Opcode, Encoding.UTF8.GetString(end.Payload)));
    }

    public static TheoryData<string, string> RefusedUpgrades() => new()
    {
        { "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n", "'HTTP/1.1 403 Forbidden' instead of '101 Switching Protocols'" },
        { "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n", "too many connection attempts" },
        { "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IHRoZSByaWdodCBrZXk=\r\n\r\n",
            "'Sec-WebSocket-Accept' does not match" },
        { "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n", "'Upgrade' header is 'h2c'" },
        { "ACCEPT+EXT", "extensions that were not offered" },
    };

    [Theory]
    [MemberData(nameof(RefusedUpgrades))]
    public async Task An_upgrade_the_server_does_not_accept_properly_fails_with_what_it_answered(string answer, string says)
    {
        using var server = new RawWebSocketServer();
        var accepted = server.AcceptAsync(key => answer == "ACCEPT+EXT"
            ? $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {WebSocketHandshake.AcceptFor(key)}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n"
            : answer);
        using var guard = new CancellationTokenSource(TestWait.Guard);

        var ex = await Assert.ThrowsAsync<WebSocketException>(() => new KrakenWebSocketConnector().ConnectAsync(server.Uri, Options, guard.Token));
        using var connection = await accepted;

        Assert.Contains(says, ex.Message);
        Assert.Contains("127.0.0.1", ex.Message);
    }
}
