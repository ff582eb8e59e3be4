using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// A Kraken WebSocket v2 session over a self-healing <see cref="SocketTransport"/>: correlates requests and
/// answers by <c>req_id</c> (with timeouts), keeps subscriptions and replays them after every reconnect,
/// fetches a fresh token on every connect of the private endpoint, renews subscriptions that go silent, and
/// routes channel messages to per-channel sinks.
/// </summary>
internal sealed partial class SocketSession : ISocketHandler, IAsyncDisposable
{
    private readonly SocketSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SocketMetrics _metrics;
    private readonly SocketTransport _transport;
    private readonly IWebSocketTokenProvider? _tokenProvider;
    private readonly ChannelMessageSink?[] _sinks = new ChannelMessageSink?[Enum.GetValues<KrakenChannel>().Length];
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly RequestDeadlines _deadlines;
    private readonly long _requestTimeoutTicks; // RequestTimeout in the clock's timestamp units
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly List<SocketSubscription> _subscriptions = [];
    // Written under _stateLock, read lock-free for every message.
    private readonly ConcurrentDictionary<(KrakenChannel, string), SymbolState[]> _silenceIndex = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _ready = NewReadySignal();
    private Task? _watchdog;
    private long _nextRequestId;
    private volatile SessionToken? _token;
    private int _disposed;

    public SocketSession(SocketSessionOptions options, IWebSocketConnector? connector = null, TimeProvider? time = null,
        Random? random = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null,
        IWebSocketTokenProvider? tokenProvider = null)
    {
        options.Validate();
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("KrakenBot.Connector.Kraken.Socket");
        _metrics = new SocketMetrics(options.Name, meterFactory);
        _tokenProvider = tokenProvider;
        _requestTimeoutTicks = (long)(options.RequestTimeout.TotalSeconds * _time.TimestampFrequency);
        _deadlines = new RequestDeadlines(_time, () => _pending.Values);
        _transport = new SocketTransport(options.Endpoint, options.Transport, this, connector ?? new KrakenWebSocketConnector(),
            _time, random ?? Random.Shared, _metrics, _logger);
    }

    /// <summary>Symbol strings shared by every parser of this session.</summary>
    public SymbolCache Symbols { get; } = new();

    /// <summary>Connected, authenticated (private) and every subscription replayed.</summary>
    public bool IsReady => Volatile.Read(ref _ready).Task.IsCompletedSuccessfully;

    /// <summary>Raised when a connection is ready (after the replay of subscriptions).</summary>
    public event Action? Ready;

    /// <summary>Raised when a connection is lost (the session reconnects by itself).</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>Raised when a symbol's subscription ends with an error (refused, or no answer when first asked).</summary>
    public event Action<ExchangeException>? SubscriptionFailed;

    /// <summary>Sees every channel message before its sink (a recorder); null when nobody listens.</summary>
    public ChannelMessageSink? Tap { get; set; }

    /// <summary>Routes every message of <paramref name="channel"/> to <paramref name="sink"/> (one sink per channel).</summary>
    public void SetSink(KrakenChannel channel, ChannelMessageSink sink)
    {
        if (Interlocked.CompareExchange(ref _sinks[(int)channel], sink, null) is not null)
            throw new InvalidOperationException($"The '{channel}' channel already has a consumer.");
    }

    /// <summary>Starts connecting; subscriptions made before or after are sent once the connection is up.</summary>
    public void Start()
    {
        _transport.Start();
        _watchdog = Task.Run(() => WatchSilenceAsync(_stop.Token));
    }

    /// <summary>Waits until the session is ready.</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _ready).Task.WaitAsync(cancellationToken);

    async ValueTask ISocketHandler.OnConnectedAsync(CancellationToken connectionLifetime)
    {
        if (_tokenProvider is not null)
        {
            // Fresh on every connect: a token is good for ~15 minutes unless in use, so an old one may be dead.
            _token = new SessionToken(JsonEncodedText.Encode(await _tokenProvider.GetTokenAsync(connectionLifetime).ConfigureAwait(false)));
        }

        await _subscribeGate.WaitAsync(connectionLifetime).ConfigureAwait(false);
        try
        {
            SocketSubscription[] subscriptions;
            lock (_stateLock) subscriptions = [.. _subscriptions];
            foreach (var subscription in subscriptions)
            {
                var states = subscription.CurrentSymbols();
                if (states.Length == 0) continue;
                await SendSubscribeAsync(subscription, states, firstTime: false, connectionLifetime).ConfigureAwait(false);
            }
            Volatile.Read(ref _ready).TrySetResult();
        }
        finally
        {
            _subscribeGate.Release();
        }
        _logger.LogInformation("Kraken socket '{Name}' ready", _options.Name);
        HandlerInvoker.Raise(Ready, _logger, nameof(Ready));
    }

    void ISocketHandler.OnMessage(ReadOnlyMemory<byte> utf8)
    {
        var header = MessageClassifier.Classify(utf8.Span, Symbols);
        switch (header.Kind)
        {
            case MessageKind.ChannelMessage:
                if (header.Channel == KrakenChannel.Heartbeat) return;
                if (header.Channel == KrakenChannel.Unknown)
                {
                    // Never subscribed to, so nobody reads it: count it instead of dropping it unseen.
                    _metrics.UnreadableMessage();
                    _logger.LogWarning("Kraken sent data on a channel this connector does not know; skipped: {Message}", Preview(utf8.Span));
                    return;
                }
                TouchSilence(header);
                Tap?.Invoke(utf8, header);
                if (_sinks[(int)header.Channel] is { } sink) sink(utf8, header);
                return;
            case MessageKind.MethodResponse:
                HandleResponse(MethodResponse.Parse(utf8.Span));
                return;
            default:
                _metrics.UnreadableMessage();
                _logger.LogWarning("Kraken sent a message that is neither an answer nor channel data: {Message}",
                    Preview(utf8.Span));
                return;
        }
    }

    void ISocketHandler.OnDisconnected(Exception? reason)
    {
        var ready = Volatile.Read(ref _ready);
        if (ready.Task.IsCompleted)
            Interlocked.CompareExchange(ref _ready, NewReadySignal(), ready);

        foreach (var pending in _pending.Values)
        {
            pending.Fail(pending.ChangesState
                ? new OutcomeUnknownException($"The connection to Kraken was lost before '{pending.Method}' (req_id {pending.RequestId}) was answered. Look the order up before sending it again.", reason)
                : new NetworkException($"The connection to Kraken was lost before '{pending.Method}' (req_id {pending.RequestId}) was answered.", reason));
        }

        SocketSubscription[] subscriptions;
        lock (_stateLock) subscriptions = [.. _subscriptions];
        foreach (var subscription in subscriptions)
            foreach (var state in subscription.CurrentSymbols())
                state.MarkInactive();

        HandlerInvoker.Raise(Disconnected, reason, _logger, nameof(Disconnected));
    }

    private static TaskCompletionSource NewReadySignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Preview(ReadOnlySpan<byte> utf8) =>
        System.Text.Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 200)]);

    /// <summary>Closes the connection cleanly (close frame) and fails requests still waiting for an answer.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        if (_watchdog is not null) await _watchdog.ConfigureAwait(false);
        foreach (var pending in _pending.Values)
            pending.Fail(new NetworkException($"The Kraken socket '{_options.Name}' was closed before '{pending.Method}' was answered."));
        _deadlines.Dispose();
        _metrics.Dispose();
        _stop.Dispose();
    }
}
