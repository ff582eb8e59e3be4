using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Session;

// Subscriptions: register, send, apply Kraken's per-symbol answers, withdraw.
internal sealed partial class SocketSession
{
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
}
