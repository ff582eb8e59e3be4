using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Session;

// Requests and their answers, correlated by req_id.
internal sealed partial class SocketSession
{
    /// <summary>
    /// Sends a method call (e.g. <c>add_order</c>) and returns Kraken's answer. On the private endpoint the current
    /// token is added to <c>params</c>. Fails fast when not connected (nothing sent).
    /// </summary>
    /// <param name="method">e.g. <c>add_order</c>.</param>
    /// <param name="writeParams">Writes the members of <c>params</c>; null for none.</param>
    /// <param name="changesState">True for order methods: a missing answer then means "outcome unknown".</param>
    /// <param name="cancellationToken">Stops waiting (for order methods the outcome is then unknown).</param>
    /// <param name="includeToken">Add the session token to <c>params</c> (private endpoint only).</param>
    public Task<MethodResponse> SendRequestAsync(string method, Action<Utf8JsonWriter>? writeParams, bool changesState,
        CancellationToken cancellationToken, bool includeToken = true) =>
        SendRequestAsync(method, writeParams, writeParams is null ? null : RequestWriter.CallAction, changesState, cancellationToken, includeToken);

    /// <summary>As above, with <c>params</c> written from <paramref name="state"/> (no closure per request: the amends a
    /// strategy sends as it reacts).</summary>
    public async Task<MethodResponse> SendRequestAsync<TState>(string method, TState state, Action<Utf8JsonWriter, TState>? writeParams,
        bool changesState, CancellationToken cancellationToken, bool includeToken = true)
    {
        if (!IsReady)
            throw new NetworkException($"Not connected to Kraken ({_options.Name}); '{method}' was not sent.");
        long id = NextRequestId();
        // The deadline is taken before sending, so it holds however long the send itself takes; the shared timer is only
        // armed for it after the request has left (nothing on the way to the socket touches the timer queue).
        var pending = new PendingRequest(method, id, null, changesState) { Deadline = _time.GetTimestamp() + _requestTimeoutTicks };
        _pending[id] = pending;
        try
        {
            JsonEncodedText? token = _tokenProvider is not null && includeToken ? CurrentToken() : null;
            try
            {
                // The thread's reused buffer: the transport writes it before returning, or copies it to send later.
                await _transport.SendAsync(RequestWriter.WriteReused(method, id, state, writeParams, token), cancellationToken).ConfigureAwait(false);
            }
            catch (NetworkException ex) when (changesState && !ex.IsRetrySafe)
            {
                throw new OutcomeUnknownException(
                    $"The connection to Kraken failed while sending '{method}' (req_id {id}). Look the order up before sending it again.", ex);
            }
            _deadlines.Watch(pending.Deadline.Value);
            var responses = await pending.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    private JsonEncodedText CurrentToken() =>
        _token?.Json ?? throw new ExchangeAuthenticationException("No WebSocket token: this session has no token provider, or fetching the token failed.");

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

    private long NextRequestId() => Interlocked.Increment(ref _nextRequestId);

    // The token as written into every private request: escaped and encoded once, when it is fetched. Never logged.
    private sealed record SessionToken(JsonEncodedText Json);
}
