using System.Diagnostics;
using System.Net.WebSockets;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Benchmarks.Strategy;

/// <summary>
/// Opens real client WebSockets and timestamps, on the public socket, the moment the last byte of a book frame holding
/// a chosen text was read, and on the private socket the moment an <c>amend_order</c> request was written. The wrapped
/// socket is read as the connector reads its own (<see cref="IMessagePump"/>: a thread of its own that hands every
/// message over on it) and written as the connector writes to its own (<see cref="IDirectSend"/> when no other send is
/// under way), so that what is timed is the path users get, not the asynchronous one kept for wrappers.
/// </summary>
internal sealed class TimingConnector : IWebSocketConnector
{
    private readonly KrakenWebSocketConnector _inner = new();

    /// <summary>Text the next book frame to time must contain (e.g. the maker's price); null: time none.</summary>
    public volatile byte[]? Needle;

    /// <summary>When the frame holding <see cref="Needle"/> was read (Stopwatch ticks); 0 until then.</summary>
    public long BookFrameAt;

    /// <summary>Stopwatch ticks of every amend request written, in order.</summary>
    public readonly List<long> AmendsWritten = [];

    private void AmendWritten(long at)
    {
        lock (AmendsWritten)
        {
            AmendsWritten.Add(at);
        }
    }

    public async Task<WebSocket> ConnectAsync(Uri uri, SocketTransportOptions options, CancellationToken cancellationToken) =>
        new TimingWebSocket(await _inner.ConnectAsync(uri, options, cancellationToken).ConfigureAwait(false), this);

    private sealed class TimingWebSocket(WebSocket inner, TimingConnector owner) : WebSocket, IMessagePump, IDirectSend
    {
        private static readonly byte[] Book = "\"channel\":\"book\""u8.ToArray();
        private static readonly byte[] Amend = "\"amend_order\""u8.ToArray();
        private bool _messageStart = true;
        private bool _isBook;
        private bool _hasNeedle;

        public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;
        public override string? CloseStatusDescription => inner.CloseStatusDescription;
        public override WebSocketState State => inner.State;
        public override string? SubProtocol => inner.SubProtocol;
        public override void Abort() => inner.Abort();
        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseAsync(closeStatus, statusDescription, cancellationToken);
        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
            inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        public override void Dispose() => inner.Dispose();
        public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
            inner.ReceiveAsync(buffer, cancellationToken);
        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

        public void Run(IReceivedMessages target) => ((IMessagePump)inner).Run(new TimingTarget(target, owner));

        public bool TrySendText(ReadOnlySpan<byte> utf8)
        {
            if (!((IDirectSend)inner).TrySendText(utf8)) return false;
            if (utf8.IndexOf(Amend) >= 0) owner.AmendWritten(Stopwatch.GetTimestamp());
            return true;
        }

        public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            var chunk = buffer.Span[..result.Count];
            if (_messageStart)
            {
                _isBook = chunk.IndexOf(Book) >= 0;
                _hasNeedle = false;
            }

            if (_isBook && owner.Needle is { } needle && chunk.IndexOf(needle) >= 0)
            {
                _hasNeedle = true;
            }

            _messageStart = result.EndOfMessage;
            if (result.EndOfMessage && _hasNeedle && owner.Needle is not null)
            {
                Volatile.Write(ref owner.BookFrameAt, Stopwatch.GetTimestamp());
                owner.Needle = null;
            }

            return result;
        }

        public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            await inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken).ConfigureAwait(false);
            if (buffer.Span.IndexOf(Amend) >= 0) owner.AmendWritten(Stopwatch.GetTimestamp());
        }
    }
}

/// <summary>Timestamps the book frame holding the needle as the pump hands it over, before the connector handles it.</summary>
internal sealed class TimingTarget(IReceivedMessages target, TimingConnector owner) : IReceivedMessages
{
    private static readonly byte[] Book = "\"channel\":\"book\""u8.ToArray();

    public void OnBytesReceived() => target.OnBytesReceived();

    public void OnMessage(ReadOnlyMemory<byte> payload, bool text)
    {
        if (owner.Needle is { } needle && payload.Span.IndexOf(Book) >= 0 && payload.Span.IndexOf(needle) >= 0)
        {
            Volatile.Write(ref owner.BookFrameAt, Stopwatch.GetTimestamp());
            owner.Needle = null;
        }

        target.OnMessage(payload, text);
    }
}

/// <summary>
/// The system clock shifted by an offset that only grows: jumping it ahead lets rate counters decay at once. With
/// <paramref name="shiftTimestamps"/> the monotonic timestamps move too (the sandbox's counters use them); without, they
/// stay real (the connector's socket liveness uses them and must not see a jump as silence).
/// </summary>
internal sealed class ShiftedClock(bool shiftTimestamps) : TimeProvider
{
    private static long _offsetTicks;

    public static void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() => shiftTimestamps
        ? System.GetTimestamp() + (long)(Interlocked.Read(ref _offsetTicks) * (double)TimestampFrequency / TimeSpan.TicksPerSecond)
        : System.GetTimestamp();
}
