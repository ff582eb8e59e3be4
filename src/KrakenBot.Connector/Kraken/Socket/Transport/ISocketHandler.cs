namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>What the transport tells the layer above it (the session).</summary>
internal interface ISocketHandler
{
    /// <summary>
    /// A connection is open and messages are already being received. Authenticate and replay subscriptions
    /// here; <paramref name="connectionLifetime"/> is cancelled when this connection ends.
    /// </summary>
    ValueTask OnConnectedAsync(CancellationToken connectionLifetime);

    /// <summary>
    /// One complete text message. <paramref name="utf8"/> is a view of a pooled buffer, valid only until this
    /// call returns: copy what must outlive it.
    /// </summary>
    void OnMessage(ReadOnlyMemory<byte> utf8);

    /// <summary>The connection ended (<paramref name="reason"/> is null for a clean close).</summary>
    void OnDisconnected(Exception? reason);
}
