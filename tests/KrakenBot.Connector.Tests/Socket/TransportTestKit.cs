using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>Records what the transport hands to the layer above it.</summary>
internal sealed class RecordingHandler : ISocketHandler
{
    private readonly ConcurrentQueue<byte[]> _messages = new();
    private int _connects;
    private int _disconnects;

    public IReadOnlyList<byte[]> Messages => [.. _messages];
    public int Connects => Volatile.Read(ref _connects);
    public int Disconnects => Volatile.Read(ref _disconnects);

    public int CountContaining(string text) =>
        _messages.Count(m => Encoding.UTF8.GetString(m).Contains(text, StringComparison.Ordinal));

    public ValueTask OnConnectedAsync(CancellationToken connectionLifetime)
    {
        Interlocked.Increment(ref _connects);
        return ValueTask.CompletedTask;
    }

    // The buffer is only valid during the call: copy, as a real consumer must.
    public void OnMessage(ReadOnlyMemory<byte> utf8) => _messages.Enqueue(utf8.ToArray());

    public void OnDisconnected(Exception? reason) => Interlocked.Increment(ref _disconnects);
}

/// <summary>A connector that always fails and notes the (fake) time of each attempt.</summary>
internal sealed class FailingConnector(TimeProvider clock) : IWebSocketConnector
{
    private readonly List<DateTimeOffset> _attempts = [];

    public IReadOnlyList<DateTimeOffset> Attempts
    {
        get { lock (_attempts) return [.. _attempts]; }
    }

    public Task<WebSocket> ConnectAsync(Uri uri, SocketTransportOptions options, CancellationToken cancellationToken)
    {
        lock (_attempts) _attempts.Add(clock.GetUtcNow());
        return Task.FromException<WebSocket>(new WebSocketException("connection refused (test)"));
    }
}

/// <summary>A random source that always returns the same value (to pin jitter).</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
    protected override double Sample() => value;
}

/// <summary>Sums one counter of the socket meter for one endpoint name.</summary>
internal sealed class CounterProbe : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterProbe(string instrument, string endpoint)
    {
        _listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == SocketMetrics.MeterName && i.Name == instrument) l.EnableMeasurementEvents(i);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "endpoint" && Equals(tag.Value, endpoint))
                    Interlocked.Add(ref _total, value);
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}

internal static class TransportFactory
{
    public static WaitingClock NewClock() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static SocketTransport Create(Uri uri, ISocketHandler handler, TimeProvider clock, string endpoint,
        SocketTransportOptions? options = null, IWebSocketConnector? connector = null, Random? random = null) =>
        new(uri, options ?? new SocketTransportOptions(), handler, connector ?? new KrakenWebSocketConnector(), clock,
            random ?? new FixedRandom(0), new SocketMetrics(endpoint), NullLogger.Instance);
}

/// <summary>
/// Connects for real, then fails every send as .NET's WebSocket does when the connection is aborted mid-write: an
/// <see cref="OperationCanceledException"/> around the broken pipe, although nobody cancelled.
/// </summary>
internal sealed class AbortedWhileSendingConnector : IWebSocketConnector
{
    public async Task<WebSocket> ConnectAsync(Uri uri, SocketTransportOptions options, CancellationToken cancellationToken) =>
        new AbortedWhileSending(await new KrakenWebSocketConnector().ConnectAsync(uri, options, cancellationToken));

    private sealed class AbortedWhileSending(WebSocket inner) : WebSocket
    {
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
        public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            inner.ReceiveAsync(buffer, cancellationToken);
        public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            throw Aborted();
        public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
            throw Aborted();

        private static OperationCanceledException Aborted() =>
            new("The operation was canceled.", new IOException("Unable to write data to the transport connection: Broken pipe."));
    }
}
