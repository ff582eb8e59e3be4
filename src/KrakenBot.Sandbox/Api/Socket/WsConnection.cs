using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// One WebSocket client. Messages go out through a bounded queue drained by one sender task, so
/// the engine thread that publishes never waits for a socket; a client that falls a whole queue
/// behind is disconnected instead of stalling the others. Requests are handled one at a time in
/// arrival order.
/// </summary>
internal sealed class WsConnection
{
    /// <summary>Largest request frame accepted; anything bigger gets an error and is skipped.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>How long queued messages may take to flush once the client has left.</summary>
    private static readonly TimeSpan FlushGrace = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly Channel<byte[]> _outbox;
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, object> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tokensInUse = new(StringComparer.Ordinal);
    private ITimer? _heartbeat;
    private int _aborted;
    private int _closing;

    public WsConnection(WebSocket socket, bool isPrivate, ulong id, int queueCapacity)
    {
        _socket = socket;
        IsPrivate = isPrivate;
        Id = id;
        _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public ulong Id { get; }

    /// <summary>Connected to the private endpoint (<c>/v2</c> on the private port, or <c>/v2-auth</c>): private channels and trading methods are allowed.</summary>
    public bool IsPrivate { get; }

    /// <summary>Why the connection was cut by the server, if it was (for tests and logs).</summary>
    public string? AbortReason { get; private set; }

    public bool IsOpen => Volatile.Read(ref _aborted) == 0;

    /// <summary>Lock for per-connection ordering (execution sequence numbers, held messages).</summary>
    public Lock Gate => _gate;

    /// <summary>Queues a message; never blocks. A full queue means the client is too slow: it is dropped.</summary>
    public void Send(byte[] message)
    {
        if (_outbox.Writer.TryWrite(message)) return;
        if (Volatile.Read(ref _closing) != 0) return; // the client left: late messages are dropped
        Abort("send queue full: the client reads too slowly");
    }

    /// <summary>Cuts the connection at once (fault injection, slow client, shutdown).</summary>
    public void Abort(string reason)
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0) return;
        AbortReason = reason;
        _outbox.Writer.TryComplete();
        _heartbeat?.Dispose();
        _closed.Cancel();
        _socket.Abort();
    }

    // ---- subscriptions (keyed like "book|BTC/USD"); the hub owns their meaning ----

    public bool TryAddSubscription(string key, object subscription)
    {
        lock (_gate) return _subscriptions.TryAdd(key, subscription);
    }

    public bool TryRemoveSubscription(string key, out object? subscription)
    {
        lock (_gate) return _subscriptions.Remove(key, out subscription);
    }

    public List<object> TakeSubscriptions()
    {
        lock (_gate)
        {
            var all = new List<object>(_subscriptions.Values);
            _subscriptions.Clear();
            return all;
        }
    }

    /// <summary>A token behind a private subscription of this connection: kept valid while the connection lives (as Kraken).</summary>
    public void HoldToken(string token)
    {
        lock (_gate) _tokensInUse.Add(token);
    }

    public string[] TokensInUse()
    {
        lock (_gate) return [.. _tokensInUse];
    }

    /// <summary>Starts the 1/s heartbeat once the client has subscribed to something, as Kraken does.</summary>
    public void EnsureHeartbeat(TimeProvider time, byte[] heartbeat)
    {
        lock (_gate)
        {
            if (_heartbeat is not null || !IsOpen) return;
            _heartbeat = time.CreateTimer(static state =>
            {
                var (connection, message) = ((WsConnection, byte[]))state!;
                if (connection.IsOpen) connection.Send(message);
            }, (this, heartbeat), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Runs the connection until the client leaves, the server aborts it or the host stops.</summary>
    public async Task RunAsync(Func<WsConnection, ReadOnlyMemory<byte>, Task> handle, CancellationToken stopping)
    {
        using var stop = stopping.Register(static s => ((WsConnection)s!).Abort("sandbox stopping"), this);
        var sender = SendLoopAsync();
        var buffer = ArrayPool<byte>.Shared.Rent(MaxRequestBytes);
        try
        {
            while (IsOpen)
            {
                var (length, tooLarge, close) = await ReceiveMessageAsync(buffer).ConfigureAwait(false);
                if (close) break;
                if (tooLarge)
                {
                    await handle(this, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
                    continue;
                }
                await handle(this, buffer.AsMemory(0, length)).ConfigureAwait(false);
            }
        }
        catch (WebSocketException) { }
        catch (OperationCanceledException) { }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            lock (_gate) _heartbeat?.Dispose();
            Volatile.Write(ref _closing, 1);
            _outbox.Writer.TryComplete();
            // Flush what is queued, but never wait forever on a client that stopped reading.
            if (IsOpen) _closed.CancelAfter(FlushGrace);
            await sender.ConfigureAwait(false);
            if (IsOpen && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false); }
                catch (WebSocketException) { }
            }
        }
    }

    /// <summary>Reads one whole message; oversized ones are drained and reported as too large.</summary>
    private async Task<(int Length, bool TooLarge, bool Close)> ReceiveMessageAsync(byte[] buffer)
    {
        var length = 0;
        var tooLarge = false;
        while (true)
        {
            var room = buffer.Length - length;
            if (room == 0) { tooLarge = true; length = 0; room = buffer.Length; }
            var result = await _socket.ReceiveAsync(buffer.AsMemory(length, room), _closed.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return (0, false, true);
            length += result.Count;
            if (result.EndOfMessage) return (length, tooLarge, false);
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(_closed.Token).ConfigureAwait(false))
                await _socket.SendAsync(message, WebSocketMessageType.Text, true, _closed.Token).ConfigureAwait(false);
        }
        catch (WebSocketException) { Abort("send failed"); }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }
}
