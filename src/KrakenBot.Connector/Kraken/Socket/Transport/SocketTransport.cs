using System.Net.WebSockets;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// One logical Kraken WebSocket connection that stays up: connects, hands every complete text message to the
/// handler, watches liveness (application <c>ping</c> when idle, reconnect when nothing arrives for
/// <see cref="SocketTransportOptions.InactivityTimeout"/>), and reconnects with capped exponential backoff,
/// jitter and a connect-rate cap. All waiting is on the injected <see cref="TimeProvider"/>. A socket that can pump
/// (<see cref="IMessagePump"/>, the connector's own) is read on a thread of its own, which handles every message of a
/// read before reading again; any other <see cref="WebSocket"/> is read with <c>ReceiveAsync</c>.
/// </summary>
internal sealed class SocketTransport : IAsyncDisposable, IReceivedMessages
{
    private static readonly ReadOnlyMemory<byte> PingMessage = "{\"method\":\"ping\"}"u8.ToArray();

    private readonly Uri _uri;
    private readonly SocketTransportOptions _options;
    private readonly ISocketHandler _handler;
    private readonly IWebSocketConnector _connector;
    private readonly TimeProvider _time;
    private readonly SocketMetrics _metrics;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly ConnectRateLimiter _rateLimiter;
    private readonly CancellationTokenSource _stop = new();
    private ActiveConnection? _current;
    private Task? _run;
    private long _lastReceived;
    private volatile bool _closing;

    public SocketTransport(Uri uri, SocketTransportOptions options, ISocketHandler handler, IWebSocketConnector connector,
        TimeProvider time, Random random, SocketMetrics metrics, ILogger logger)
    {
        options.Validate();
        _uri = uri;
        _options = options;
        _handler = handler;
        _connector = connector;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, options.ReconnectJitter, random);
        _rateLimiter = new ConnectRateLimiter(options.MaxConnectsPerWindow, options.ConnectRateWindow, time);
    }

    /// <summary>True while a connection is open.</summary>
    public bool IsConnected => _current is not null;

    /// <summary>Starts connecting (and reconnecting) in the background.</summary>
    public void Start()
    {
        if (_run is not null) throw new InvalidOperationException("The socket is already started.");
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>
    /// Sends one text message on the open connection. When nothing else is being sent and the socket can
    /// (<see cref="IDirectSend"/>), the message is written on the calling thread and the call completes synchronously.
    /// Either way <paramref name="utf8"/> is not read after this returns (a send that has to wait takes a copy), so the
    /// caller may reuse its buffer at once.
    /// </summary>
    /// <exception cref="NetworkException">Not connected (nothing sent: <see cref="Trading.Errors.ExchangeException.IsRetrySafe"/>),
    /// or the connection failed while sending (not retry-safe).</exception>
    public ValueTask SendAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        if (_current is not { } connection)
            return ValueTask.FromException(new NetworkException(
                $"Not connected to {_uri.Host}; the message was not sent. It is retried on reconnect where that is safe."));
        if (connection.Socket is IDirectSend direct && !cancellationToken.IsCancellationRequested && connection.SendLock.Wait(0))
        {
            try
            {
                if (direct.TrySendText(utf8.Span)) return ValueTask.CompletedTask;
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException)
            {
                return ValueTask.FromException(SendFailed(ex));
            }
            finally
            {
                connection.SendLock.Release();
            }
        }
        return SendQueuedAsync(connection, utf8.ToArray(), cancellationToken);
    }

    // Behind another send (or on a socket that cannot send directly): wait for the connection's turn.
    private async ValueTask SendQueuedAsync(ActiveConnection connection, ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        await connection.SendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.Socket.SendAsync(utf8, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException
            // .NET reports a write cut short by the connection being aborted (a drop, a reconnect) as a cancellation.
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw SendFailed(ex);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    // Part of the message may have left: whether Kraken acted on it is unknown.
    private NetworkException SendFailed(Exception ex) =>
        new($"The connection to {_uri.Host} failed while sending.", ex, isRetrySafe: false);

    /// <summary>Drops the current connection so that a new one is made (e.g. a subscription could not be renewed).</summary>
    public void RequestReconnect(string reason)
    {
        if (_current is { } connection)
        {
            _logger.LogWarning("Reconnecting to {Host}: {Reason}", _uri.Host, reason);
            connection.Socket.Abort();
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        int failures = 0;
        while (!stop.IsCancellationRequested)
        {
            WebSocket socket;
            try
            {
                await WaitForConnectAllowanceAsync(stop).ConfigureAwait(false);
                socket = await ConnectAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = _backoff.GetDelay(failures++);
                _logger.LogWarning(ex, "Connecting to {Host} failed (attempt {Attempt}); retrying in {Delay}", _uri.Host, failures, delay);
                if (!await DelayAsync(delay, stop).ConfigureAwait(false)) return;
                continue;
            }

            long connectedAt = _time.GetTimestamp();
            _logger.LogInformation("Connected to {Host}", _uri.Host);
            await RunConnectionAsync(socket, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested || _closing) return;

            _metrics.Reconnect();
            if (_time.GetElapsedTime(connectedAt) >= _options.StableConnectionTime)
                failures = 0;
            var wait = _backoff.GetDelay(failures++);
            _logger.LogWarning("Connection to {Host} lost; reconnecting in {Delay}", _uri.Host, wait);
            if (!await DelayAsync(wait, stop).ConfigureAwait(false)) return;
        }
    }

    private async Task WaitForConnectAllowanceAsync(CancellationToken stop)
    {
        var wait = _rateLimiter.TimeUntilAllowed();
        if (wait > TimeSpan.Zero)
        {
            _metrics.ConnectThrottled();
            _logger.LogWarning("Connect-rate cap reached ({Max} per {Window}); waiting {Wait} before connecting to {Host}",
                _options.MaxConnectsPerWindow, _options.ConnectRateWindow, wait, _uri.Host);
            await Task.Delay(wait, _time, stop).ConfigureAwait(false);
        }
        _rateLimiter.RecordAttempt();
    }

    private async Task<WebSocket> ConnectAsync(CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        try
        {
            return await _connector.ConnectAsync(_uri, _options, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            throw new NetworkException($"Connecting to {_uri.Host} took longer than {_options.ConnectTimeout}.");
        }
    }

    private async Task RunConnectionAsync(WebSocket socket, CancellationToken stop)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var connection = new ActiveConnection(socket);
        Volatile.Write(ref _lastReceived, _time.GetTimestamp());
        _current = connection;

        var liveness = WatchLivenessAsync(connection, lifetime.Token);
        var receive = socket is IMessagePump pump ? PumpAsync(socket, pump, lifetime.Token) : ReceiveAsync(socket, lifetime.Token);
        var connected = NotifyConnectedAsync(connection, lifetime.Token);

        Exception? reason = await receive.ConfigureAwait(false);
        _current = null;
        lifetime.Cancel();
        if (socket.State != WebSocketState.Closed) socket.Abort();
        try
        {
            _handler.OnDisconnected(reason);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The socket handler failed while handling a disconnect");
        }
        await Task.WhenAll(liveness, connected).ConfigureAwait(false);
        socket.Dispose();
    }

    private async Task NotifyConnectedAsync(ActiveConnection connection, CancellationToken lifetime)
    {
        try
        {
            await _handler.OnConnectedAsync(lifetime).ConfigureAwait(false);
        }
        catch (Exception) when (lifetime.IsCancellationRequested)
        {
            // The connection ended during setup; the next connection sets up again.
        }
        catch (Exception ex)
        {
            // Without a successful setup (token, subscriptions) the connection is useless: start over.
            _logger.LogError(ex, "Setting up the connection to {Host} failed; reconnecting", _uri.Host);
            connection.Socket.Abort();
        }
    }

    /// <summary>
    /// Runs the socket's pump on a dedicated thread: a blocking read wakes that thread alone (no completion callback, no
    /// thread-pool hop), and every message of the read is handled on it before the next read.
    /// </summary>
    /// <returns>Why the connection ended (null for a close frame from the server).</returns>
    private async Task<Exception?> PumpAsync(WebSocket socket, IMessagePump pump, CancellationToken lifetime)
    {
        var ended = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                pump.Run(this);
                ended.SetResult(null);
            }
            catch (Exception ex)
            {
                ended.SetResult(ex);
            }
        })
        {
            IsBackground = true,
            Name = $"KrakenBot socket {_uri.Host}",
        };
        Exception? failure;
        using (lifetime.UnsafeRegister(static s => ((WebSocket)s!).Abort(), socket))
        {
            thread.UnsafeStart();
            failure = await ended.Task.ConfigureAwait(false);
        }
        if (failure is null)
        {
            _logger.LogInformation("{Host} closed the connection ({Status})", _uri.Host, socket.CloseStatus);
            await CloseOutputQuietlyAsync(socket).ConfigureAwait(false);
        }
        else if (!lifetime.IsCancellationRequested)
        {
            _logger.LogWarning(failure, "Receiving from {Host} failed", _uri.Host);
        }
        return failure;
    }

    void IReceivedMessages.OnBytesReceived() => Volatile.Write(ref _lastReceived, _time.GetTimestamp());

    void IReceivedMessages.OnMessage(ReadOnlyMemory<byte> payload, bool text)
    {
        _metrics.MessageReceived(payload.Length);
        if (text)
            Dispatch(payload);
        else
            _logger.LogWarning("Ignored a binary message of {Bytes} bytes from {Host}", payload.Length, _uri.Host);
    }

    /// <returns>Why the connection ended (null for a close frame from the server).</returns>
    private async Task<Exception?> ReceiveAsync(WebSocket socket, CancellationToken lifetime)
    {
        using var buffer = new PooledMessageBuffer(_options.ReceiveBufferBytes, _options.MaxMessageBytes);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetFreeSpace(), lifetime).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _logger.LogInformation("{Host} closed the connection ({Status})", _uri.Host, socket.CloseStatus);
                    await CloseOutputQuietlyAsync(socket).ConfigureAwait(false);
                    return null;
                }

                buffer.Advance(result.Count);
                if (!result.EndOfMessage)
                    continue;

                Volatile.Write(ref _lastReceived, _time.GetTimestamp());
                var message = buffer.Message;
                _metrics.MessageReceived(message.Length);
                if (result.MessageType == WebSocketMessageType.Text)
                    Dispatch(message);
                else
                    _logger.LogWarning("Ignored a binary message of {Bytes} bytes from {Host}", message.Length, _uri.Host);
                buffer.Reset();
            }
        }
        catch (Exception ex)
        {
            if (!lifetime.IsCancellationRequested)
                _logger.LogWarning(ex, "Receiving from {Host} failed", _uri.Host);
            return ex;
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> message)
    {
        try
        {
            _handler.OnMessage(message);
        }
        catch (Exception ex)
        {
            // One bad message or consumer must not take the connection down.
            _metrics.UnreadableMessage();
            _logger.LogError(ex, "Handling a message from {Host} failed; the message was skipped", _uri.Host);
        }
    }

    private async Task WatchLivenessAsync(ActiveConnection connection, CancellationToken lifetime)
    {
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10,
            Math.Min(_options.PingInterval.Ticks, _options.InactivityTimeout.Ticks) / 4));
        long lastPing = _time.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(tick, _time, lifetime).ConfigureAwait(false);
                long lastReceived = Volatile.Read(ref _lastReceived);
                var silentFor = _time.GetElapsedTime(lastReceived);
                if (silentFor >= _options.InactivityTimeout)
                {
                    _metrics.LivenessTimeout();
                    _logger.LogWarning("Nothing received from {Host} for {Silence}; replacing the connection", _uri.Host, silentFor);
                    connection.Socket.Abort();
                    return;
                }

                if (silentFor >= _options.PingInterval && _time.GetElapsedTime(lastPing) >= _options.PingInterval)
                {
                    lastPing = _time.GetTimestamp();
                    try
                    {
                        await SendAsync(PingMessage, lifetime).ConfigureAwait(false);
                    }
                    catch (NetworkException)
                    {
                        // The receive loop sees the failure too and ends the connection.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task CloseOutputQuietlyAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _time);
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closing", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The server may have dropped the connection already (a broken pipe): there is nothing left to close.
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Closes cleanly (close frame, then waits briefly for the server's) and stops reconnecting.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing) return;
        _closing = true;
        if (_current is { } connection && _run is not null)
        {
            await CloseOutputQuietlyAsync(connection.Socket).ConfigureAwait(false);
            try
            {
                // The server answers our close frame; the receive loop then ends by itself.
                await _run.WaitAsync(_options.CloseTimeout, _time).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _logger.LogInformation("{Host} did not answer the close frame in time; aborting", _uri.Host);
            }
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            try { await _run.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }

    private sealed class ActiveConnection(WebSocket socket)
    {
        public WebSocket Socket { get; } = socket;
        public SemaphoreSlim SendLock { get; } = new(1, 1);
    }
}
