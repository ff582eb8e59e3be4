using System.Buffers;
using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.Transport;
using TcpSocket = System.Net.Sockets.Socket;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// The client WebSocket the connector uses: RFC 6455 over a TCP socket (or a <see cref="System.Net.Security.SslStream"/>
/// on it for <c>wss</c>), opened by <see cref="KrakenWebSocketConnector"/>. Reading is built for a market-data feed: one
/// read takes everything queued (up to the receive buffer), and <see cref="Run"/> hands every complete message in it to
/// the consumer on the calling thread before reading again. Pings are answered, client frames masked, fragments
/// reassembled, the size limit and UTF-8 of text enforced; a protocol violation sends the matching close status and
/// fails the connection. <see cref="ReceiveAsync(Memory{byte}, CancellationToken)"/> serves the usual WebSocket contract
/// for wrappers (benchmarks, tests).
/// </summary>
internal sealed class KrakenWebSocket : WebSocket, IMessagePump, IDirectSend
{
    // Mask keys are taken 4 bytes at a time from a block of the system's secure random bytes, refilled when used up:
    // one call to the random source per 64 frames instead of one per frame (RFC 6455 §5.3 asks for unpredictable keys,
    // not for one call each).
    private const int MaskKeyBlockBytes = 256;

    private readonly TcpSocket _socket;
    private readonly Stream _stream;
    private readonly string _host;
    private readonly WebSocketFrameReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _maskKeys = new byte[MaskKeyBlockBytes];
    private int _nextMaskKey = MaskKeyBlockBytes;
    private readonly Lock _stateLock = new();
    private WebSocketState _state = WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;
    private bool _sendingFragments;
    private ReadOnlyMemory<byte> _unread;
    private WebSocketMessageType _unreadType;

    /// <param name="socket">The connected TCP socket (aborting disposes it).</param>
    /// <param name="stream">The stream over it, after the handshake: the socket's own, or TLS on it.</param>
    /// <param name="host">The server's name, for messages.</param>
    /// <param name="alreadyRead">What the handshake read past the response head.</param>
    /// <param name="receiveBufferBytes">Receive buffer size: the most one read takes.</param>
    /// <param name="maxMessageBytes">Largest message accepted.</param>
    public KrakenWebSocket(TcpSocket socket, Stream stream, string host, ReadOnlySpan<byte> alreadyRead, int receiveBufferBytes, int maxMessageBytes)
    {
        _socket = socket;
        _stream = stream;
        _host = host;
        _reader = new WebSocketFrameReader(stream, alreadyRead, receiveBufferBytes, maxMessageBytes);
    }

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;
    public override string? CloseStatusDescription => _closeDescription;
    public override WebSocketState State => _state;
    public override string? SubProtocol => null;

    /// <inheritdoc />
    public void Run(IReceivedMessages target)
    {
        try
        {
            while (true)
            {
                while (_reader.TryRead(out FrameKind kind, out ReadOnlyMemory<byte> payload))
                {
                    switch (kind)
                    {
                        case FrameKind.Text:
                        case FrameKind.Binary:
                            target.OnMessage(payload, kind == FrameKind.Text);
                            break;
                        case FrameKind.Ping:
                            WriteFrame(WebSocketFrameWriter.Pong, payload.Span);
                            break;
                        case FrameKind.Close:
                            OnCloseReceived(payload.Span);
                            return;
                    }
                }
                if (_reader.Read() == 0) throw ClosedWithoutCloseFrame();
                target.OnBytesReceived();
            }
        }
        catch (WebSocketProtocolException ex)
        {
            FailConnection(ex.CloseStatus);
            throw;
        }
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (!_unread.IsEmpty) return TakeUnread(buffer);
        // As with ClientWebSocket, a cancelled receive aborts the connection.
        using var abortOnCancel = cancellationToken.UnsafeRegister(static s => ((KrakenWebSocket)s!).Abort(), this);
        try
        {
            while (true)
            {
                if (_reader.TryRead(out FrameKind kind, out ReadOnlyMemory<byte> payload))
                {
                    switch (kind)
                    {
                        case FrameKind.Text:
                        case FrameKind.Binary:
                            _unread = payload;
                            _unreadType = kind == FrameKind.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                            return TakeUnread(buffer);
                        case FrameKind.Ping:
                            await WriteFrameAsync(WebSocketFrameWriter.Pong, true, payload, CancellationToken.None).ConfigureAwait(false);
                            continue;
                        case FrameKind.Close:
                            OnCloseReceived(payload.Span);
                            return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
                        default:
                            continue;
                    }
                }
                if (await _reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) == 0) throw ClosedWithoutCloseFrame();
            }
        }
        catch (WebSocketProtocolException ex)
        {
            FailConnection(ex.CloseStatus);
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The receive was cancelled; the connection was aborted.", ex, cancellationToken);
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        return result.MessageType == WebSocketMessageType.Close
            ? new WebSocketReceiveResult(0, WebSocketMessageType.Close, true, _closeStatus, _closeDescription)
            : new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage);
    }

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage,
        CancellationToken cancellationToken)
    {
        if (messageType == WebSocketMessageType.Close)
            throw new ArgumentException("Close frames are sent with CloseOutputAsync or CloseAsync.", nameof(messageType));
        if (_state is not (WebSocketState.Open or WebSocketState.CloseReceived))
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket to {_host} is {_state}; nothing can be sent.");
        int opcode = _sendingFragments ? WebSocketFrameWriter.Continuation
            : messageType == WebSocketMessageType.Text ? WebSocketFrameWriter.Text : WebSocketFrameWriter.Binary;
        await WriteFrameAsync(opcode, endOfMessage, buffer, cancellationToken).ConfigureAwait(false);
        _sendingFragments = !endOfMessage;
    }

    /// <inheritdoc />
    public bool TrySendText(ReadOnlySpan<byte> utf8)
    {
        if (_state is not (WebSocketState.Open or WebSocketState.CloseReceived))
            throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket to {_host} is {_state}; nothing can be sent.");
        if (_sendingFragments || !_writeLock.Wait(0)) return false;
        try
        {
            WriteLocked(WebSocketFrameWriter.Text, true, utf8);
        }
        finally
        {
            _writeLock.Release();
        }
        return true;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        lock (_stateLock)
        {
            if (_state is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        }
        await WriteFrameAsync(WebSocketFrameWriter.Close, true, ClosePayload(closeStatus, statusDescription), cancellationToken).ConfigureAwait(false);
        lock (_stateLock)
        {
            _state = _state switch
            {
                WebSocketState.Open => WebSocketState.CloseSent,
                WebSocketState.CloseReceived => WebSocketState.Closed,
                _ => _state,
            };
        }
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken).ConfigureAwait(false);
        var drain = new byte[1024];
        while (_state == WebSocketState.CloseSent)
        {
            await ReceiveAsync(drain.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Drops the connection at once (a blocked read returns); nothing more is sent.</summary>
    public override void Abort()
    {
        lock (_stateLock)
        {
            if (_state is not (WebSocketState.Closed or WebSocketState.Aborted)) _state = WebSocketState.Aborted;
        }
        try
        {
            // Shutdown wakes a read blocked in the kernel on any platform; Dispose then releases the socket.
            _socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    public override void Dispose()
    {
        lock (_stateLock)
        {
            if (_state != WebSocketState.Closed) _state = WebSocketState.Aborted;
        }
        _stream.Dispose();
        _socket.Dispose();
        _reader.Dispose();
    }

    private ValueWebSocketReceiveResult TakeUnread(Memory<byte> buffer)
    {
        int count = Math.Min(buffer.Length, _unread.Length);
        _unread[..count].CopyTo(buffer);
        _unread = _unread[count..];
        return new ValueWebSocketReceiveResult(count, _unreadType, _unread.IsEmpty);
    }

    private void OnCloseReceived(ReadOnlySpan<byte> payload)
    {
        lock (_stateLock)
        {
            _closeStatus = payload.Length >= 2 ? (WebSocketCloseStatus)BinaryPrimitives.ReadUInt16BigEndian(payload) : WebSocketCloseStatus.Empty;
            _closeDescription = payload.Length > 2 ? Encoding.UTF8.GetString(payload[2..]) : null;
            _state = _state switch
            {
                WebSocketState.Open => WebSocketState.CloseReceived,
                WebSocketState.CloseSent => WebSocketState.Closed,
                _ => _state,
            };
        }
    }

    /// <summary>RFC 6455 §7.1.7: tell the server why (best effort), then drop the connection.</summary>
    private void FailConnection(WebSocketCloseStatus status)
    {
        try
        {
            if (_state is WebSocketState.Open or WebSocketState.CloseReceived)
                WriteFrame(WebSocketFrameWriter.Close, ClosePayload(status, null));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
        }
        Abort();
    }

    private WebSocketException ClosedWithoutCloseFrame() => _state == WebSocketState.Aborted
        ? new(WebSocketError.InvalidState, $"The connection to {_host} was aborted on this side.")
        : new(WebSocketError.ConnectionClosedPrematurely, $"{_host} closed the connection without a WebSocket close frame.");

    private static byte[] ClosePayload(WebSocketCloseStatus status, string? description)
    {
        // A control frame carries at most 125 bytes: the 2-byte status and up to 123 bytes of reason.
        byte[] reason = Encoding.UTF8.GetBytes(description ?? "");
        int reasonLength = Math.Min(reason.Length, 123);
        var payload = new byte[2 + reasonLength];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        reason.AsSpan(0, reasonLength).CopyTo(payload.AsSpan(2));
        return payload;
    }

    /// <summary>Writes one frame from the reading thread (a pong, or the close that fails the connection).</summary>
    private void WriteFrame(int opcode, ReadOnlySpan<byte> payload)
    {
        _writeLock.Wait();
        try
        {
            WriteLocked(opcode, true, payload);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Writes one frame, blocking (see <see cref="KrakenWebSocketConnector"/>: the socket is never used asynchronously).
    /// A frame of a few hundred bytes fits the kernel's send buffer at once; only a peer that stopped reading makes
    /// this wait, and cancelling then aborts the connection, since a frame cut short would corrupt the stream.
    /// </summary>
    private async ValueTask WriteFrameAsync(int opcode, bool final, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var abortOnCancel = cancellationToken.UnsafeRegister(static s => ((KrakenWebSocket)s!).Abort(), this);
            WriteLocked(opcode, final, payload.Span);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException("The send was cancelled; the connection was aborted.", ex, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WriteLocked(int opcode, bool final, ReadOnlySpan<byte> payload)
    {
        byte[] frame = ArrayPool<byte>.Shared.Rent(WebSocketFrameWriter.FrameLength(payload.Length));
        try
        {
            if (_nextMaskKey == MaskKeyBlockBytes)
            {
                RandomNumberGenerator.Fill(_maskKeys);
                _nextMaskKey = 0;
            }
            var maskKey = _maskKeys.AsSpan(_nextMaskKey, 4);
            _nextMaskKey += 4;
            int length = WebSocketFrameWriter.Write(frame, opcode, final, payload, maskKey);
            _stream.Write(frame, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }
}
