using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Session;

// Subscriptions that go silent (and renewals on demand, e.g. after a book checksum mismatch).
internal sealed partial class SocketSession
{
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
}
