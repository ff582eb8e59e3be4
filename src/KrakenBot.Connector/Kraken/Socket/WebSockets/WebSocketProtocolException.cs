using System.Net.WebSockets;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// The server broke RFC 6455 (or sent more than the size limit): the connection is failed with <see cref="CloseStatus"/>
/// and replaced. The message names what was wrong.
/// </summary>
internal sealed class WebSocketProtocolException(WebSocketCloseStatus closeStatus, string message) : IOException(message)
{
    /// <summary>The status sent in the close frame that fails the connection.</summary>
    public WebSocketCloseStatus CloseStatus { get; } = closeStatus;
}
