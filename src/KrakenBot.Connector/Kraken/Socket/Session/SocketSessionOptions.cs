using KrakenBot.Connector.Kraken.Socket.Transport;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>Settings of one Kraken WebSocket v2 session (public or private endpoint).</summary>
internal sealed class SocketSessionOptions
{
    /// <summary>Endpoint, e.g. <c>wss://ws.kraken.com/v2</c> or <c>wss://ws-auth.kraken.com/v2</c> (sandbox: a local URL).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Name used in logs and metric tags, e.g. <c>public</c> or <c>private</c>.</summary>
    public string Name { get; init; } = "public";

    /// <summary>How long to wait for the answer to a request (subscribe, ping, order). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often silent subscriptions are looked for. Default 5 s.</summary>
    public TimeSpan SilenceCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many items one <c>ReadAllAsync</c> reader of a market-data feed (trades, tickers, candles) may fall behind
    /// before it misses some and gets an overflow entry (<see cref="Streams.FeedItem{T}.IsOverflow"/>). Default 10,000.
    /// </summary>
    public int FeedCapacityPerReader { get; init; } = 10_000;

    /// <summary>Connection-level settings (reconnect, liveness, buffers).</summary>
    public SocketTransportOptions Transport { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (!Endpoint.IsAbsoluteUri || Endpoint.Scheme is not ("ws" or "wss"))
            throw new ArgumentException($"The WebSocket endpoint must be an absolute ws:// or wss:// URL (got '{Endpoint}').");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentException("RequestTimeout must be positive.");
        if (SilenceCheckInterval <= TimeSpan.Zero) throw new ArgumentException("SilenceCheckInterval must be positive.");
        if (FeedCapacityPerReader < 1) throw new ArgumentException($"FeedCapacityPerReader must be at least 1 (got {FeedCapacityPerReader}).");
        Transport.Validate();
    }
}
