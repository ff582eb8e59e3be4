namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>Settings of <see cref="KrakenMarketData"/>.</summary>
internal sealed record KrakenMarketDataOptions
{
    /// <summary>
    /// Renew a book subscription after this long without a message for it (null, the default: never). Quiet books
    /// can legitimately go minutes without a change, and a dead connection is already caught by heartbeats and
    /// pings; set this to also catch a single stream that stops while the connection lives.
    /// </summary>
    public TimeSpan? BookSilenceTimeout { get; init; }

    /// <summary>Subscribe to the <c>instrument</c> channel on start, keeping precisions and trading rules current. Default true.</summary>
    public bool FollowInstruments { get; init; } = true;

    /// <summary>Opens the WebSocket (tests and benchmarks wrap the real one); <see cref="Socket.WebSockets.KrakenWebSocketConnector"/> when null.</summary>
    internal Socket.Transport.IWebSocketConnector? Connector { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (BookSilenceTimeout is { } silence && silence <= TimeSpan.Zero)
            throw new ArgumentException($"BookSilenceTimeout must be positive (got {silence}); use null to switch silence detection off.");
    }
}
