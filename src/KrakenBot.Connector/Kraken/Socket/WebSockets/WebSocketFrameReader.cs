using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Unicode;
using KrakenBot.Connector.Kraken.Socket.Transport;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// Reads server frames (RFC 6455 §5) from a stream into one buffer. One read takes everything the kernel has queued (up
/// to the buffer's free space); <see cref="TryRead"/> then hands out every complete message in it, in place, before the
/// next read. Fragmented messages are reassembled in a <see cref="PooledMessageBuffer"/>; control frames may come between
/// fragments. Frames the RFC forbids a server to send (masked, reserved bits or opcodes, fragmented or long control
/// frames, a continuation without a start), text that is not UTF-8 and messages over the size limit raise
/// <see cref="WebSocketProtocolException"/>.
/// </summary>
/// <remarks>Not thread-safe: one reader at a time. A payload handed out stays valid until the next <see cref="TryRead"/>
/// or read.</remarks>
internal sealed class WebSocketFrameReader : IDisposable
{
    private const int MaxHeaderBytes = 14;
    private const int MaxControlPayload = 125;

    private readonly Stream _stream;
    private readonly int _initialBytes;
    private readonly int _maxMessageBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _frameBytesNeeded;
    private PooledMessageBuffer? _fragments;
    private bool _inFragmentedMessage;
    private bool _fragmentedIsText;

    /// <param name="stream">The connection, after the handshake.</param>
    /// <param name="alreadyRead">Bytes the handshake read past the response head (frames the server sent at once).</param>
    /// <param name="initialBytes">Buffer size; it grows for a larger frame, and shrinks back once that frame is handed out.</param>
    /// <param name="maxMessageBytes">Largest message accepted (after reassembly).</param>
    public WebSocketFrameReader(Stream stream, ReadOnlySpan<byte> alreadyRead, int initialBytes, int maxMessageBytes)
    {
        _stream = stream;
        _initialBytes = initialBytes;
        _maxMessageBytes = maxMessageBytes;
        // A plain array, not a pooled one: it lives as long as the connection, and an abort on another thread can never
        // hand it back to a pool while a read still writes into it.
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(initialBytes, alreadyRead.Length));
        alreadyRead.CopyTo(_buffer);
        _end = alreadyRead.Length;
    }

    /// <summary>Bytes received and not yet handed out.</summary>
    public int Buffered => _end - _start;

    /// <summary>
    /// The next complete message or control frame already in the buffer, without reading; false when more bytes are
    /// needed (then call <see cref="Read"/> or <see cref="ReadAsync"/>).
    /// </summary>
    /// <exception cref="WebSocketProtocolException">The server broke the protocol or the size limit.</exception>
    public bool TryRead(out FrameKind kind, out ReadOnlyMemory<byte> payload)
    {
        while (true)
        {
            int available = _end - _start;
            if (available < 2)
                return NeedMore(2, out kind, out payload);
            ReadOnlySpan<byte> bytes = _buffer.AsSpan(_start, available);
            byte first = bytes[0], second = bytes[1];
            bool final = (first & 0x80) != 0;
            int opcode = first & 0x0F;
            int length7 = second & 0x7F;
            int headerLength = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
            if ((second & 0x80) != 0)
                throw Protocol(WebSocketCloseStatus.ProtocolError, "The server sent a masked frame; RFC 6455 §5.1 forbids masking server frames.");
            if ((first & 0x70) != 0)
                throw Protocol(WebSocketCloseStatus.ProtocolError, "The server set reserved frame bits although no extension was negotiated.");
            if (available < headerLength)
                return NeedMore(headerLength, out kind, out payload);
            long payloadLength = length7 switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
                127 => (long)BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]),
                _ => length7,
            };
            if (opcode >= 0x8)
            {
                if (opcode > 0xA)
                    throw Protocol(WebSocketCloseStatus.ProtocolError, $"The server sent a frame with the reserved opcode 0x{opcode:X}.");
                if (!final || payloadLength > MaxControlPayload)
                    throw Protocol(WebSocketCloseStatus.ProtocolError,
                        "The server sent a fragmented or oversized control frame (RFC 6455 §5.5: at most 125 bytes, never fragmented).");
            }
            else if (opcode > 0x2)
            {
                throw Protocol(WebSocketCloseStatus.ProtocolError, $"The server sent a frame with the reserved opcode 0x{opcode:X}.");
            }
            long messageBytes = payloadLength + (opcode == 0x0 && _inFragmentedMessage ? _fragments!.Length : 0);
            if (payloadLength < 0 || messageBytes > _maxMessageBytes)
                throw Protocol(WebSocketCloseStatus.MessageTooBig,
                    $"A WebSocket message exceeded {_maxMessageBytes} bytes; raise SocketTransportOptions.MaxMessageBytes if this is expected.");
            long frameLength = headerLength + payloadLength;
            if (available < frameLength)
                return NeedMore(frameLength, out kind, out payload);

            var data = _buffer.AsMemory(_start + headerLength, (int)payloadLength);
            _start += (int)frameLength;
            _frameBytesNeeded = 0;
            switch (opcode)
            {
                case 0x8:
                    ValidateClose(data.Span);
                    kind = FrameKind.Close;
                    payload = data;
                    return true;
                case 0x9:
                    kind = FrameKind.Ping;
                    payload = data;
                    return true;
                case 0xA:
                    kind = FrameKind.Pong;
                    payload = data;
                    return true;
                case 0x1 or 0x2:
                    if (_inFragmentedMessage)
                        throw Protocol(WebSocketCloseStatus.ProtocolError, "The server began a new message before the last fragment of the previous one.");
                    if (final)
                        return Complete(opcode == 0x1, data, out kind, out payload);
                    _fragments ??= new PooledMessageBuffer(Math.Min(_initialBytes, _maxMessageBytes), _maxMessageBytes);
                    _fragments.Reset();
                    _fragments.Append(data.Span);
                    _inFragmentedMessage = true;
                    _fragmentedIsText = opcode == 0x1;
                    continue;
                default: // continuation
                    if (!_inFragmentedMessage)
                        throw Protocol(WebSocketCloseStatus.ProtocolError, "The server sent a continuation frame without a message to continue.");
                    _fragments!.Append(data.Span);
                    if (!final)
                        continue;
                    _inFragmentedMessage = false;
                    return Complete(_fragmentedIsText, _fragments.Message, out kind, out payload);
            }
        }
    }

    /// <summary>Reads once (blocking) what the connection has, up to the free space; 0 when the server closed the TCP connection.</summary>
    public int Read()
    {
        MakeRoom();
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        return read;
    }

    /// <summary>Reads once what the connection has, up to the free space; 0 when the server closed the TCP connection.</summary>
    public async ValueTask<int> ReadAsync(CancellationToken cancellationToken)
    {
        MakeRoom();
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read;
    }

    public void Dispose()
    {
        _fragments?.Dispose();
        _fragments = null;
    }

    private bool NeedMore(long frameBytes, out FrameKind kind, out ReadOnlyMemory<byte> payload)
    {
        _frameBytesNeeded = frameBytes;
        kind = default;
        payload = default;
        return false;
    }

    private static bool Complete(bool text, ReadOnlyMemory<byte> data, out FrameKind kind, out ReadOnlyMemory<byte> payload)
    {
        if (text && !Utf8.IsValid(data.Span))
            throw Protocol(WebSocketCloseStatus.InvalidPayloadData, "The server sent a text message that is not valid UTF-8.");
        kind = text ? FrameKind.Text : FrameKind.Binary;
        payload = data;
        return true;
    }

    private static void ValidateClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1)
            throw Protocol(WebSocketCloseStatus.ProtocolError, "The server sent a close frame with a 1-byte body (a status code takes 2).");
        if (payload.Length > 2 && !Utf8.IsValid(payload[2..]))
            throw Protocol(WebSocketCloseStatus.InvalidPayloadData, "The server's close reason is not valid UTF-8.");
    }

    /// <summary>
    /// Before a read: start over at the front when everything was handed out (and shrink back after a large frame); move
    /// a partial frame to the front when little room is left behind it; grow when the frame in progress is larger than
    /// the buffer.
    /// </summary>
    private void MakeRoom()
    {
        long needed = Math.Max(_frameBytesNeeded, MaxHeaderBytes);
        if (_start == _end)
        {
            _start = _end = 0;
            if (_buffer.Length > _initialBytes && needed <= _initialBytes)
                _buffer = GC.AllocateUninitializedArray<byte>(_initialBytes);
        }
        else if (_start > 0 && (_buffer.Length - _start < needed || _buffer.Length - _end < _buffer.Length / 8))
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (needed > _buffer.Length - _start || _end == _buffer.Length)
            Grow(Math.Max(needed, (long)_buffer.Length * 2));
    }

    private void Grow(long size)
    {
        var larger = GC.AllocateUninitializedArray<byte>((int)Math.Min(size, (long)_maxMessageBytes + MaxHeaderBytes));
        _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
        _end -= _start;
        _start = 0;
        _buffer = larger;
    }

    private static WebSocketProtocolException Protocol(WebSocketCloseStatus status, string message) => new(status, message);
}
