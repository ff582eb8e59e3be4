using System.Buffers.Binary;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>Writes client frames (RFC 6455 §5.2): every client frame is masked with a fresh 4-byte key.</summary>
internal static class WebSocketFrameWriter
{
    public const int Continuation = 0x0;
    public const int Text = 0x1;
    public const int Binary = 0x2;
    public const int Close = 0x8;
    public const int Ping = 0x9;
    public const int Pong = 0xA;

    /// <summary>Bytes of the whole frame (header, mask key and payload).</summary>
    public static int FrameLength(int payloadLength) =>
        (payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + 4 + payloadLength;

    /// <summary>Writes one masked frame into <paramref name="destination"/> (at least <see cref="FrameLength"/> bytes).</summary>
    /// <returns>The bytes written.</returns>
    public static int Write(Span<byte> destination, int opcode, bool final, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> maskKey)
    {
        destination[0] = (byte)((final ? 0x80 : 0) | opcode);
        int at;
        if (payload.Length < 126)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            at = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            at = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            at = 10;
        }
        maskKey[..4].CopyTo(destination[at..]);
        at += 4;
        Mask(payload, maskKey, destination.Slice(at, payload.Length));
        return at + payload.Length;
    }

    /// <summary>XORs <paramref name="payload"/> with the repeated key into <paramref name="into"/>, eight bytes at a time.</summary>
    private static void Mask(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> key, Span<byte> into)
    {
        uint key4 = BinaryPrimitives.ReadUInt32LittleEndian(key);
        ulong key8 = key4 | ((ulong)key4 << 32);
        int i = 0;
        for (; i + 8 <= payload.Length; i += 8)
            BinaryPrimitives.WriteUInt64LittleEndian(into[i..], BinaryPrimitives.ReadUInt64LittleEndian(payload[i..]) ^ key8);
        for (; i < payload.Length; i++)
            into[i] = (byte)(payload[i] ^ key[i & 3]);
    }
}
