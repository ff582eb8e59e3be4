using KrakenBot.Connector.Kraken.Socket.Session;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>Remembers which subscription carries each symbol of a feed, so a symbol can be unsubscribed alone.</summary>
internal sealed class FeedSubscriptions(SocketSession session)
{
    private readonly Dictionary<string, (SocketSubscription Subscription, string Symbol)> _byKey = new(StringComparer.Ordinal);

    /// <param name="subscription">The subscription to send.</param>
    /// <param name="keyOf">The feed's key for a symbol (e.g. symbol and candle interval).</param>
    /// <param name="cancellationToken">Stops waiting for Kraken's answer.</param>
    public Task<SubscriptionResult> SubscribeAsync(SocketSubscription subscription, Func<string, string> keyOf,
        CancellationToken cancellationToken)
    {
        lock (_byKey)
            foreach (var state in subscription.CurrentSymbols())
                _byKey[keyOf(state.Symbol)] = (subscription, state.Symbol);
        return session.SubscribeAsync(subscription, cancellationToken);
    }

    /// <returns>False when nothing was subscribed under <paramref name="key"/>.</returns>
    public async Task<bool> UnsubscribeAsync(string key, CancellationToken cancellationToken)
    {
        (SocketSubscription Subscription, string Symbol) entry;
        lock (_byKey)
        {
            if (!_byKey.Remove(key, out entry)) return false;
        }
        await session.UnsubscribeAsync(entry.Subscription, [entry.Symbol], cancellationToken).ConfigureAwait(false);
        return true;
    }
}
