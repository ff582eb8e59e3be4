using System.Net.WebSockets;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using KrakenBot.Connector.Tests.Socket;
using Xunit;

namespace KrakenBot.Connector.Tests.WebSockets;

public sealed class WebSocketFrameReaderTests
{
    private const int Max = 1024 * 1024;

    /// <summary>Every message (and control frame) the reader hands out, reading whenever its buffer runs dry.</summary>
    private static List<(FrameKind Kind, byte[] Payload)> ReadAll(WebSocketFrameReader reader)
    {
        var read = new List<(FrameKind, byte[])>();
        while (true)
        {
            while (reader.TryRead(out FrameKind kind, out ReadOnlyMemory<byte> payload))
                read.Add((kind, payload.ToArray()));
            if (reader.Read() == 0) return read;
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Frames_split_at_every_place_including_inside_headers_arrive_whole_and_exact(int bytesPerRead)
    {
        byte[] book = SocketData.Bytes("book-snapshot-matic.json");
        byte[] small = Encoding.UTF8.GetBytes("{\"channel\":\"heartbeat\"}");
        byte[] medium = Encoding.UTF8.GetBytes("{\"note\":\"" + new string('x', 300) + " Zürich € 𝄞\"}");
        byte[] large = Encoding.UTF8.GetBytes("{\"big\":\"" + new string('y', 70_000) + "\"}");
        byte[] wire = ServerFrames.Concat(
            ServerFrames.Frame(0x1, book), ServerFrames.Frame(0x1, small), ServerFrames.Frame(0x1, medium),
            ServerFrames.Frame(0x1, large), ServerFrames.Frame(0x1, small, forceLengthForm: 127), ServerFrames.Frame(0x1, []));
        // A small buffer, so the large frame must grow it and the reader must shrink back afterwards.
        using var reader = new WebSocketFrameReader(new TrickleStream(wire, bytesPerRead), [], 256, Max);

        var read = ReadAll(reader);

        Assert.Equal(new[] { book, small, medium, large, small, Array.Empty<byte>() }, read.Select(r => r.Payload).ToArray());
        Assert.All(read, r => Assert.Equal(FrameKind.Text, r.Kind));
    }

    [Fact]
    public void One_read_hands_out_every_queued_message_before_reading_again()
    {
        byte[] wire = ServerFrames.Concat([.. Enumerable.Range(0, 100).Select(i => ServerFrames.Text($"{{\"n\":{i}}}"))]);
        var stream = new TrickleStream(wire, int.MaxValue);
        using var reader = new WebSocketFrameReader(stream, [], 64 * 1024, Max);

        Assert.False(reader.TryRead(out _, out _));
        Assert.True(reader.Read() > 0);
        int handedOut = 0;
        while (reader.TryRead(out _, out _)) handedOut++;

        Assert.Equal(100, handedOut);
        Assert.Equal(1, stream.Reads);
    }

    [Fact]
    public void Bytes_read_with_the_handshake_come_first()
    {
        byte[] first = ServerFrames.Text("{\"a\":1}");
        byte[] second = ServerFrames.Text("{\"b\":2}");
        // The first frame is split between the handshake's bytes and the stream.
        var rest = new TrickleStream([.. first.AsSpan(5), .. second], 2);
        using var split = new WebSocketFrameReader(rest, first.AsSpan(0, 5), 256, Max);

        Assert.Equal(new[] { "{\"a\":1}", "{\"b\":2}" }, ReadAll(split).Select(r => Encoding.UTF8.GetString(r.Payload)));
    }

    [Fact]
    public void Fragments_are_reassembled_with_control_frames_between_them()
    {
        byte[] message = Encoding.UTF8.GetBytes("{\"channel\":\"status\",\"note\":\"€ split inside a character\"}");
        int euro = message.AsSpan().IndexOf(Encoding.UTF8.GetBytes("€")) + 1;
        byte[] wire = ServerFrames.Concat(
            ServerFrames.Frame(0x1, message[..euro], final: false),
            ServerFrames.Frame(0x9, "are you there"u8.ToArray()),
            ServerFrames.Frame(0x0, message[euro..(euro + 1)], final: false),
            ServerFrames.Frame(0xA, []),
            ServerFrames.Frame(0x0, message[(euro + 1)..], final: true),
            ServerFrames.Frame(0x8, [0x03, 0xE8, .. "bye"u8]));
        using var reader = new WebSocketFrameReader(new TrickleStream(wire, 5), [], 256, Max);

        var read = ReadAll(reader);

        Assert.Equal(new[] { FrameKind.Ping, FrameKind.Pong, FrameKind.Text, FrameKind.Close }, read.Select(r => r.Kind));
        Assert.Equal("are you there", Encoding.UTF8.GetString(read[0].Payload));
        Assert.Equal(message, read[2].Payload);
        byte[] closePayload = [0x03, 0xE8, .. "bye"u8];
        Assert.Equal(closePayload, read[3].Payload);
    }

    public static TheoryData<string, byte[], WebSocketCloseStatus, string> Violations() => new()
    {
        { "masked", ServerFrames.Frame(0x1, "{}"u8.ToArray(), masked: true), WebSocketCloseStatus.ProtocolError, "masked" },
        { "reserved bits", ServerFrames.Frame(0x1, "{}"u8.ToArray(), reservedBits: 4), WebSocketCloseStatus.ProtocolError, "reserved frame bits" },
        { "reserved data opcode", ServerFrames.Frame(0x3, "{}"u8.ToArray()), WebSocketCloseStatus.ProtocolError, "reserved opcode 0x3" },
        { "reserved control opcode", ServerFrames.Frame(0xB, []), WebSocketCloseStatus.ProtocolError, "reserved opcode 0xB" },
        { "fragmented ping", ServerFrames.Frame(0x9, [], final: false), WebSocketCloseStatus.ProtocolError, "control frame" },
        { "long ping", ServerFrames.Frame(0x9, new byte[126]), WebSocketCloseStatus.ProtocolError, "at most 125 bytes" },
        { "continuation first", ServerFrames.Frame(0x0, "{}"u8.ToArray()), WebSocketCloseStatus.ProtocolError, "without a message to continue" },
        { "new message mid-fragments", ServerFrames.Concat(ServerFrames.Frame(0x1, "{"u8.ToArray(), final: false), ServerFrames.Text("{}")),
            WebSocketCloseStatus.ProtocolError, "before the last fragment" },
        { "invalid utf-8", ServerFrames.Frame(0x1, [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), WebSocketCloseStatus.InvalidPayloadData, "not valid UTF-8" },
        { "one-byte close", ServerFrames.Frame(0x8, [0x03]), WebSocketCloseStatus.ProtocolError, "1-byte body" },
        { "oversized frame", ServerFrames.Frame(0x1, new byte[2048]), WebSocketCloseStatus.MessageTooBig, "exceeded 1024 bytes" },
        { "oversized fragments", ServerFrames.Concat(ServerFrames.Frame(0x1, new byte[1000], final: false), ServerFrames.Frame(0x0, new byte[100])),
            WebSocketCloseStatus.MessageTooBig, "MaxMessageBytes" },
        { "length with the top bit", [0x81, 127, 0x80, 0, 0, 0, 0, 0, 0, 1], WebSocketCloseStatus.MessageTooBig, "exceeded" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_frame_a_server_must_not_send_fails_with_the_matching_close_status_and_a_clear_message(string name, byte[] wire,
        WebSocketCloseStatus status, string says)
    {
        using var reader = new WebSocketFrameReader(new TrickleStream(wire, 3), [], 256, 1024);

        var ex = Assert.Throws<WebSocketProtocolException>(() => ReadAll(reader));

        Assert.True(ex.CloseStatus == status, $"{name}: {ex.CloseStatus}");
        Assert.Contains(says, ex.Message);
    }
}
