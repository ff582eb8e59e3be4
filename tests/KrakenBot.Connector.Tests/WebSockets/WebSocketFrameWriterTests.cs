using System.Buffers.Binary;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using Xunit;

namespace KrakenBot.Connector.Tests.WebSockets;

public sealed class WebSocketFrameWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(13)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    public void A_client_frame_is_masked_and_carries_its_length_in_the_shortest_form(int length)
    {
        byte[] payload = [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7))];
        byte[] key = [0xA1, 0x5B, 0x00, 0xFF];
        var frame = new byte[WebSocketFrameWriter.FrameLength(length)];

        int written = WebSocketFrameWriter.Write(frame, WebSocketFrameWriter.Text, final: true, payload, key);

        Assert.Equal(frame.Length, written);
        Assert.Equal(0x81, frame[0]);
        Assert.True((frame[1] & 0x80) != 0, "client frames are masked");
        int length7 = frame[1] & 0x7F;
        (int header, long declared) = length7 switch
        {
            126 => (4, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(2))),
            127 => (10, (long)BinaryPrimitives.ReadUInt64BigEndian(frame.AsSpan(2))),
            _ => (2, length7),
        };
        Assert.Equal(length < 126 ? 2 : length <= 65_535 ? 4 : 10, header);
        Assert.Equal(length, declared);
        Assert.Equal(key, frame[header..(header + 4)]);
        byte[] unmasked = [.. frame.AsSpan(header + 4).ToArray().Select((b, i) => (byte)(b ^ key[i & 3]))];
        Assert.Equal(payload, unmasked);
    }

    [Fact]
    public void A_fragment_that_is_not_the_last_has_the_final_bit_clear()
    {
        var frame = new byte[WebSocketFrameWriter.FrameLength(3)];
        WebSocketFrameWriter.Write(frame, WebSocketFrameWriter.Continuation, final: false, "abc"u8, [1, 2, 3, 4]);
        Assert.Equal(0x00, frame[0]);
    }
}
