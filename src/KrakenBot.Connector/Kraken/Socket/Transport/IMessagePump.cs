namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// A WebSocket that can read on the caller's (dedicated) thread and hand every complete message straight to a
/// <see cref="IReceivedMessages"/>: one blocking read drains everything the kernel has queued, and every message in it
/// is handled before the next read, with no completion callback or thread-pool hop per message.
/// </summary>
internal interface IMessagePump
{
    /// <summary>
    /// Reads and hands over messages until the server's close frame (returns) or until the connection fails or is aborted
    /// (throws). Answers pings by itself. Blocks the calling thread throughout.
    /// </summary>
    void Run(IReceivedMessages target);
}

/// <summary>Where an <see cref="IMessagePump"/> hands what it reads.</summary>
internal interface IReceivedMessages
{
    /// <summary>Bytes arrived (called once per read, before the messages in it).</summary>
    void OnBytesReceived();

    /// <summary>One complete message; <paramref name="payload"/> is valid only during the call.</summary>
    void OnMessage(ReadOnlyMemory<byte> payload, bool text);
}
