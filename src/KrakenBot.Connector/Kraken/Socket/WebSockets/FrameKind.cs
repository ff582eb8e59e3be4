namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>What <see cref="WebSocketFrameReader.TryRead"/> found: a complete data message or one control frame.</summary>
internal enum FrameKind
{
    Text,
    Binary,
    Close,
    Ping,
    Pong,
}
