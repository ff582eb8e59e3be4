using System.Buffers;

namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Receive buffer rented from <see cref="ArrayPool{T}"/>. Fragments of one message are received back to back
/// into the same array, so a message split over many frames is reassembled without copying; bytes are copied
/// only when a message outgrows the array (into one twice as large, kept for later messages).
/// </summary>
internal sealed class PooledMessageBuffer(int initialBytes, int maxBytes) : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialBytes);
    private int _count;

    /// <summary>The complete message received so far.</summary>
    public ReadOnlyMemory<byte> Message => _buffer.AsMemory(0, _count);

    /// <summary>Space for the next fragment (grows the array when full).</summary>
    public Memory<byte> GetFreeSpace()
    {
        if (_count == _buffer.Length)
            Grow();
        return _buffer.AsMemory(_count);
    }

    public void Advance(int bytes) => _count += bytes;

    /// <summary>Starts the next message in the same array.</summary>
    public void Reset() => _count = 0;

    private void Grow()
    {
        if (_buffer.Length >= maxBytes)
            throw new InvalidDataException(
                $"A WebSocket message exceeded {maxBytes} bytes; raise SocketTransportOptions.MaxMessageBytes if this is expected.");
        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, maxBytes));
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
