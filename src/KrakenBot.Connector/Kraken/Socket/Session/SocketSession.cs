using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// A Kraken WebSocket v2 session over a self-healing <see cref="SocketTransport"/>: correlates requests and
/// answers by <c>req_id</c> (with timeouts), keeps subscriptions and replays them after every reconnect,
/// fetches a fresh token on every connect of the private endpoint, renews subscriptions that go silent, and
/// routes channel messages to per-channel sinks.
/// </summary>
internal sealed class SocketSession : ISocketHandler, IAsyncDisposable
{
    private readonly SocketSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SocketMetrics _metrics;
    private readonly SocketTransport _transport;
    private readonly IWebSocketTokenProvider? _tokenProvider;
    private readonly ChannelMessageSink?[] _sinks = new ChannelMessageSink?[Enum.GetValues<KrakenChannel>().Length];
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private readonly Lock _stateLock = new();
    private readonly List<SocketSubscription> _subscriptions = [];
    // Written under _stateLock, read lock-free for every message.
    private readonly ConcurrentDictionary<(KrakenChannel, string), SymbolState[]> _silenceIndex = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _ready = NewReadySignal();
    private Task? _watchdog;
    private long _nextRequestId;
    private volatile string? _token;

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
        _transport = new SocketTransport(options.Endpoint, options.Transport, this, connector ?? new ClientWebSocketConnector(),
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

    /// <summary>
    /// Adds a subscription (replayed after every reconnect) and waits for Kraken's answer for each symbol.
    /// Refused symbols are reported in the result and dropped; the others stay subscribed. Cancelling only stops
    /// the wait: the subscription stays registered until <see cref="UnsubscribeAsync"/>.
    /// </summary>
    public async Task<SubscriptionResult> SubscribeAsync(SocketSubscription subscription, CancellationToken cancellationToken)
    {
        var states = subscription.CurrentSymbols();
        await _subscribeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_stateLock)
            {
                _subscriptions.Add(subscription);
                foreach (var state in states) IndexAdd(state);
            }
            if (IsReady)
            {
                try
                {
                    await SendSubscribeAsync(subscription, states, firstTime: true, cancellationToken).ConfigureAwait(false);
                }
                catch (NetworkException ex)
                {
                    // The connection is going down; the replay on the next connection sends this subscription.
                    _logger.LogDebug(ex, "Subscribe to '{Channel}' deferred to the next connection", subscription.ChannelName);
                }
            }
        }
        finally
        {
            _subscribeGate.Release();
        }

        var subscribed = new List<string>();
        var failed = new Dictionary<string, ExchangeException>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            var error = await state.FirstOutcome.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (error is null) subscribed.Add(state.Symbol);
            else failed[state.Symbol] = error;
        }
        return new SubscriptionResult(subscribed, failed);
    }

    /// <summary>
    /// Ends a subscription for <paramref name="symbols"/> (all of its symbols when null) and tells Kraken, if connected.
    /// </summary>
    public async Task UnsubscribeAsync(SocketSubscription subscription, IReadOnlyCollection<string>? symbols,
        CancellationToken cancellationToken)
    {
        await _subscribeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var states = Array.FindAll(subscription.CurrentSymbols(), s => symbols is null || symbols.Contains(s.Symbol));
            lock (_stateLock)
            {
                foreach (var state in states) IndexRemove(state);
            }
            foreach (var state in states) subscription.Remove(state, null);
            lock (_stateLock)
            {
                if (subscription.IsEmpty) _subscriptions.Remove(subscription);
            }
            if (IsReady && states.Length > 0)
                await SendUnsubscribeAsync(subscription, states, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    /// <summary>
    /// Sends a method call (e.g. <c>add_order</c>) and returns Kraken's answer. On the private endpoint the current
    /// token is added to <c>params</c>. Fails fast when not connected (nothing sent).
    /// </summary>
    /// <param name="method">e.g. <c>add_order</c>.</param>
    /// <param name="writeParams">Writes the members of <c>params</c>; null for none.</param>
    /// <param name="changesState">True for order methods: a missing answer then means "outcome unknown".</param>
    /// <param name="cancellationToken">Stops waiting (for order methods the outcome is then unknown).</param>
    /// <param name="includeToken">Add the session token to <c>params</c> (private endpoint only).</param>
    public async Task<MethodResponse> SendRequestAsync(string method, Action<Utf8JsonWriter>? writeParams, bool changesState,
        CancellationToken cancellationToken, bool includeToken = true)
    {
        if (!IsReady)
            throw new NetworkException($"Not connected to Kraken ({_options.Name}); '{method}' was not sent.");
        long id = NextRequestId();
        var pending = new PendingRequest(method, id, null, changesState);
        _pending[id] = pending;
        try
        {
            Action<Utf8JsonWriter>? write = writeParams;
            if (_tokenProvider is not null && includeToken)
                write = w => { writeParams?.Invoke(w); w.WriteString("token"u8, CurrentToken()); };
            try
            {
                await _transport.SendAsync(RequestWriter.Write(method, id, write), cancellationToken).ConfigureAwait(false);
            }
            catch (NetworkException ex) when (changesState && !ex.IsRetrySafe)
            {
                throw new OutcomeUnknownException(
                    $"The connection to Kraken failed while sending '{method}' (req_id {id}). Look the order up before sending it again.", ex);
            }
            var responses = await pending.Completion.WaitAsync(_options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
            return responses[0];
        }
        catch (TimeoutException)
        {
            _metrics.RequestTimeout();
            throw new SocketRequestTimeoutException(method, id, _options.RequestTimeout, changesState);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Application-level <c>ping</c> → <c>pong</c> round trip.</summary>
    public Task PingAsync(CancellationToken cancellationToken) =>
        SendRequestAsync("ping", null, changesState: false, cancellationToken, includeToken: false);

    async ValueTask ISocketHandler.OnConnectedAsync(CancellationToken connectionLifetime)
    {
        if (_tokenProvider is not null)
        {
            // Fresh on every connect: a token is good for ~15 minutes unless in use, so an old one may be dead.
            _token = await _tokenProvider.GetTokenAsync(connectionLifetime).ConfigureAwait(false);
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
                TouchSilence(header);
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

    private async Task SendSubscribeAsync(SocketSubscription subscription, SymbolState[] states, bool firstTime,
        CancellationToken cancellationToken)
    {
        long id = NextRequestId();
        string[] symbols = subscription.TakesSymbols ? Array.ConvertAll(states, s => s.Symbol) : [];
        var pending = new PendingRequest("subscribe", id, symbols, changesState: false);
        _pending[id] = pending;
        try
        {
            var request = RequestWriter.Write("subscribe", id, w => WriteParams(w, subscription, symbols, subscribing: true));
            await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var responses = await pending.Completion.WaitAsync(_options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
            ApplySubscribeAnswers(subscription, states, responses);
        }
        catch (TimeoutException)
        {
            _metrics.RequestTimeout();
            ApplySubscribeAnswers(subscription, states, pending.Received);
            var unanswered = Array.FindAll(states, s => !s.FirstOutcome.IsCompleted || (!s.IsActive && subscription.Find(s.Symbol) is not null));
            if (!firstTime)
                throw new SocketRequestTimeoutException("subscribe", id, _options.RequestTimeout, changesState: false,
                    unanswered.Length > 0 ? unanswered[0].Symbol : null);

            foreach (var state in unanswered)
            {
                var error = new SocketRequestTimeoutException("subscribe", id, _options.RequestTimeout, changesState: false,
                    subscription.TakesSymbols ? state.Symbol : null);
                _logger.LogWarning("{Error}", error.Message);
                DropSymbol(subscription, state, error);
            }
            // Kraken may still act on the request later: withdraw it so no unwanted stream starts.
            await TrySendUnsubscribeAsync(subscription, unanswered).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void ApplySubscribeAnswers(SocketSubscription subscription, SymbolState[] states, IReadOnlyList<MethodResponse> responses)
    {
        foreach (var response in responses)
        {
            SymbolState[] targets = response.Symbol is null || !subscription.TakesSymbols
                ? states
                : subscription.Find(response.Symbol) is { } one ? [one] : [];
            foreach (var state in targets)
            {
                if (response.Success == true || IsAlreadySubscribed(response.Error))
                {
                    state.MarkActive(_time.GetTimestamp());
                    continue;
                }
                var error = new SubscriptionRejectedException(subscription.ChannelName,
                    subscription.TakesSymbols ? state.Symbol : null, response.Error);
                _logger.LogWarning("{Error}", error.Message);
                DropSymbol(subscription, state, error);
            }
        }
    }

    private static bool IsAlreadySubscribed(string? error) =>
        error?.Contains("Already subscribed", StringComparison.OrdinalIgnoreCase) == true;

    private void DropSymbol(SocketSubscription subscription, SymbolState state, ExchangeException error)
    {
        lock (_stateLock) IndexRemove(state);
        subscription.Remove(state, error);
        lock (_stateLock)
        {
            if (subscription.IsEmpty) _subscriptions.Remove(subscription);
        }
        lock (_stateLock)
        {
            if (subscription.IsEmpty) _subscriptions.Remove(subscription);
        }
        HandlerInvoker.Raise(SubscriptionFailed, error, _logger, nameof(SubscriptionFailed));
    }

    private async Task SendUnsubscribeAsync(SocketSubscription subscription, SymbolState[] states, CancellationToken cancellationToken)
    {
        long id = NextRequestId();
        string[] symbols = subscription.TakesSymbols ? Array.ConvertAll(states, s => s.Symbol) : [];
        var pending = new PendingRequest("unsubscribe", id, symbols, changesState: false);
        _pending[id] = pending;
        try
        {
            var request = RequestWriter.Write("unsubscribe", id, w => WriteParams(w, subscription, symbols, subscribing: false));
            await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await pending.Completion.WaitAsync(_options.RequestTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _metrics.RequestTimeout();
            throw new SocketRequestTimeoutException("unsubscribe", id, _options.RequestTimeout, changesState: false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task TrySendUnsubscribeAsync(SocketSubscription subscription, SymbolState[] states)
    {
        if (states.Length == 0) return;
        string[] symbols = subscription.TakesSymbols ? Array.ConvertAll(states, s => s.Symbol) : [];
        try
        {
            var request = RequestWriter.Write("unsubscribe", NextRequestId(), w => WriteParams(w, subscription, symbols, subscribing: false));
            await _transport.SendAsync(request, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NetworkException or OperationCanceledException)
        {
        }
    }

    private void WriteParams(Utf8JsonWriter writer, SocketSubscription subscription, string[] symbols, bool subscribing)
    {
        writer.WriteString("channel"u8, subscription.ChannelName);
        if (subscription.TakesSymbols)
        {
            writer.WriteStartArray("symbol"u8);
            foreach (var symbol in symbols) writer.WriteStringValue(symbol);
            writer.WriteEndArray();
        }
        subscription.WriteChannelParams?.Invoke(writer);
        if (subscribing && subscription.RequestSnapshot is { } snapshot)
            writer.WriteBoolean("snapshot"u8, snapshot);
        if (subscription.RequiresToken)
            writer.WriteString("token"u8, CurrentToken());
    }

    private string CurrentToken() =>
        _token ?? throw new AuthenticationException("No WebSocket token: this session has no token provider, or fetching the token failed.");

    private void HandleResponse(MethodResponse response)
    {
        if (response.RequestId is { } id && _pending.TryGetValue(id, out var pending))
        {
            pending.Accept(response);
            return;
        }
        if (response.Method == "pong") return; // answer to the transport's liveness ping
        if (response.Success == false)
            _logger.LogWarning("Kraken reported an error for '{Method}' (symbol {Symbol}): {Error}",
                response.Method, response.Symbol, response.Error);
    }

    private void TouchSilence(in MessageHeader header)
    {
        if (!_silenceIndex.TryGetValue((header.Channel, header.Symbol ?? SocketSubscription.NoSymbol), out var states))
            return;
        long now = _time.GetTimestamp();
        foreach (var state in states) state.Touch(now);
    }

    private async Task WatchSilenceAsync(CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.SilenceCheckInterval, _time, stop).ConfigureAwait(false);
                if (!IsReady) continue;
                SocketSubscription[] subscriptions;
                lock (_stateLock) subscriptions = [.. _subscriptions];
                foreach (var subscription in subscriptions)
                {
                    if (subscription.SilenceTimeout is not { } limit) continue;
                    foreach (var state in subscription.CurrentSymbols())
                    {
                        if (state.IsActive && _time.GetElapsedTime(state.LastMessageTimestamp) >= limit)
                            await RenewSilentAsync(subscription, state, limit, stop).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task RenewSilentAsync(SocketSubscription subscription, SymbolState state, TimeSpan limit, CancellationToken stop)
    {
        _metrics.SilenceResubscribe();
        _logger.LogWarning("No '{Channel}' message for {Symbol} in {Limit}; renewing the subscription",
            subscription.ChannelName, state.Symbol, limit);
        return RenewAsync(subscription, state, "silent", stop);
    }

    /// <summary>
    /// Renews the subscription of one symbol (unsubscribe, then subscribe with a fresh snapshot), e.g. after a book
    /// checksum mismatch; other symbols are not touched. When Kraken does not answer, the connection is replaced
    /// (which replays everything).
    /// </summary>
    /// <returns>True when Kraken confirmed the new subscription.</returns>
    public async Task<bool> ResubscribeAsync(KrakenChannel channel, string symbol, CancellationToken cancellationToken)
    {
        if (!_silenceIndex.TryGetValue((channel, symbol), out var states))
            throw new InvalidOperationException($"There is no '{ChannelNames.ToWireName(channel)}' subscription for {symbol} to renew.");
        bool all = true;
        foreach (var state in states)
            all &= await RenewAsync(state.Subscription, state, "requested", cancellationToken).ConfigureAwait(false);
        return all;
    }

    private async Task<bool> RenewAsync(SocketSubscription subscription, SymbolState state, string why, CancellationToken cancellationToken)
    {
        state.Touch(_time.GetTimestamp());
        await _subscribeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (subscription.Find(state.Symbol) is null) return false; // unsubscribed meanwhile
            try
            {
                await SendUnsubscribeAsync(subscription, [state], cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex) when (ex is not NetworkException)
            {
                _logger.LogDebug(ex, "Unsubscribe before renewal of {Symbol} got no answer; subscribing anyway", state.Symbol);
            }
            state.MarkInactive();
            await SendSubscribeAsync(subscription, [state], firstTime: false, cancellationToken).ConfigureAwait(false);
            return state.IsActive;
        }
        catch (SocketRequestTimeoutException)
        {
            _transport.RequestReconnect($"renewing the {why} '{subscription.ChannelName}' subscription for {state.Symbol} got no answer");
            return false;
        }
        catch (NetworkException)
        {
            return false; // connection already going down; the replay renews everything
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    private void IndexAdd(SymbolState state)
    {
        var key = (state.Subscription.Channel, state.Symbol);
        _silenceIndex[key] = _silenceIndex.TryGetValue(key, out var existing) ? [.. existing, state] : [state];
    }

    private void IndexRemove(SymbolState state)
    {
        var key = (state.Subscription.Channel, state.Symbol);
        if (!_silenceIndex.TryGetValue(key, out var existing)) return;
        var remaining = Array.FindAll(existing, s => !ReferenceEquals(s, state));
        if (remaining.Length == 0) _silenceIndex.TryRemove(key, out _);
        else _silenceIndex[key] = remaining;
    }

    private long NextRequestId() => Interlocked.Increment(ref _nextRequestId);

    private static TaskCompletionSource NewReadySignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Preview(ReadOnlySpan<byte> utf8) =>
        System.Text.Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 200)]);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        if (_watchdog is not null) await _watchdog.ConfigureAwait(false);
        foreach (var pending in _pending.Values)
            pending.Fail(new NetworkException($"The Kraken socket '{_options.Name}' was closed before '{pending.Method}' was answered."));
        _metrics.Dispose();
        _stop.Dispose();
    }
}
