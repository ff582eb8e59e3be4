using System.Buffers.Binary;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>
/// A stream of WebSocket v2 text messages, each already encoded as one unmasked server frame (RFC 6455 §5.2), back to
/// back in one array, so that the server's cost per frame is one <c>send</c> and nothing else.
/// Frame 0 is the book snapshot; frames 1..N are the updates.
/// </summary>
internal sealed class EncodedStream
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;

    private EncodedStream(byte[] bytes, int[] starts)
    {
        _bytes = bytes;
        _starts = starts;
    }

    /// <summary>Number of frames (snapshot included).</summary>
    public int Count => _starts.Length - 1;

    /// <summary>The encoded frames <paramref name="first"/> to <paramref name="first"/>+<paramref name="count"/>−1, contiguous.</summary>
    public ReadOnlySpan<byte> Frames(int first, int count) =>
        _bytes.AsSpan(_starts[first], _starts[first + count] - _starts[first]);

    public static EncodedStream Encode(IReadOnlyList<byte[]> messages)
    {
        long total = 0;
        foreach (byte[] message in messages)
        {
            total += HeaderLength(message.Length) + message.Length;
        }
        var bytes = new byte[checked((int)total)];
        var starts = new int[messages.Count + 1];
        int position = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            starts[i] = position;
            position += WriteHeader(bytes.AsSpan(position), opcode: 0x1, messages[i].Length);
            messages[i].CopyTo(bytes, position);
            position += messages[i].Length;
        }
        starts[^1] = position;
        return new EncodedStream(bytes, starts);
    }

    /// <summary>Writes a final, unmasked frame header; returns its length.</summary>
    public static int WriteHeader(Span<byte> destination, byte opcode, int payloadLength)
    {
        destination[0] = (byte)(0x80 | opcode);
        if (payloadLength < 126)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }
        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }
        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    public static int HeaderLength(int payloadLength) => payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;
}
