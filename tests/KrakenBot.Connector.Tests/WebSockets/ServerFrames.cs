using System.Buffers.Binary;
using System.Text;

namespace KrakenBot.Connector.Tests.WebSockets;

/// <summary>Server frames as raw bytes (RFC 6455 §5.2), including ones a server must not send, to feed the client.</summary>
internal static class ServerFrames
{
    public static byte[] Text(string text) => Frame(0x1, Encoding.UTF8.GetBytes(text));

    public static byte[] Frame(int opcode, byte[] payload, bool final = true, bool masked = false, int reservedBits = 0,
        int? forceLengthForm = null)
    {
        int form = forceLengthForm ?? (payload.Length < 126 ? 0 : payload.Length <= ushort.MaxValue ? 126 : 127);
        var frame = new List<byte> { (byte)((final ? 0x80 : 0) | (reservedBits << 4) | opcode) };
        byte maskBit = masked ? (byte)0x80 : (byte)0;
        switch (form)
        {
            case 0:
                frame.Add((byte)(maskBit | payload.Length));
                break;
            case 126:
                frame.Add((byte)(maskBit | 126));
                var two = new byte[2];
                BinaryPrimitives.WriteUInt16BigEndian(two, (ushort)payload.Length);
                frame.AddRange(two);
                break;
            default:
                frame.Add((byte)(maskBit | 127));
                var eight = new byte[8];
                BinaryPrimitives.WriteUInt64BigEndian(eight, (ulong)payload.Length);
                frame.AddRange(eight);
                break;
        }
        if (masked)
        {
            byte[] key = [1, 2, 3, 4];
            frame.AddRange(key);
            frame.AddRange(payload.Select((b, i) => (byte)(b ^ key[i & 3])));
        }
        else
        {
            frame.AddRange(payload);
        }
        return [.. frame];
    }

    public static byte[] Concat(params byte[][] frames) => [.. frames.SelectMany(f => f)];
}

/// <summary>A read-only stream over fixed bytes that returns at most <c>chunk</c> bytes per read, and counts reads.</summary>
internal sealed class TrickleStream(byte[] data, int chunk) : Stream
{
    private int _position;

    public int Reads { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        int n = Math.Min(Math.Min(count, chunk), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        int n = Math.Min(Math.Min(buffer.Length, chunk), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return ValueTask.FromResult(n);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
