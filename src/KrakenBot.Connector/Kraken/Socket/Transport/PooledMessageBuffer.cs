using System.Buffers;

namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Reassembly buffer rented from <see cref="ArrayPool{T}"/>. Fragments of one message are received (or appended) back
/// to back into the same array; bytes are copied again only when a message outgrows the array (into one twice as large,
/// kept for later messages). A message larger than the limit is refused with a clear error.
/// </summary>
internal sealed class PooledMessageBuffer(int initialBytes, int maxBytes) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialBytes);
    private int _count;

    /// <summary>The complete message received so far.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _count);

    /// <summary>Bytes held so far.</summary>
    public int Length => _count;

    /// <summary>Space for the next fragment (grows the array when full).</summary>
    public Memory<byte> GetFreeSpace()
    {
        if (_count == _buffer.Length)
            Grow(_count + 1L);
        return _buffer.AsMemory(_count);
    }

    public void Advance(int bytes) => _count += bytes;

    /// <summary>Adds <paramref name="fragment"/> after what is held (grows the array as needed).</summary>
    /// <exception cref="InvalidDataException">The message would exceed the limit.</exception>
    public void Append(ReadOnlySpan<byte> fragment)
    {
        if (_buffer.Length - _count < fragment.Length)
            Grow((long)_count + fragment.Length);
        fragment.CopyTo(_buffer.AsSpan(_count));
        _count += fragment.Length;
    }

    /// <summary>Starts the next message in the same array.</summary>
    public void Reset() => _count = 0;

    private void Grow(long needed)
    {
        if (needed > maxBytes || _buffer.Length >= maxBytes)
            throw new InvalidDataException(
                $"A WebSocket message exceeded {maxBytes} bytes; raise SocketTransportOptions.MaxMessageBytes if this is expected.");
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, (long)_buffer.Length * 2), maxBytes));
        _buffer.AsSpan(0, _count).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _count = 0;
    }
}
