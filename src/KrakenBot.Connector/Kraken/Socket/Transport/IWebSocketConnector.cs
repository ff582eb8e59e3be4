using System.Net.WebSockets;

namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Opens WebSocket connections. The seam between the transport and the WebSocket client
/// (<see cref="WebSockets.KrakenWebSocketConnector"/>): tests use the real connector against servers on 127.0.0.1, a
/// wrapper around it, or a failing one to watch reconnect timing.
/// </summary>
internal interface IWebSocketConnector
{
    /// <summary>Connects to <paramref name="uri"/> with the buffer sizes and TLS settings of <paramref name="options"/>; the returned socket is open.</summary>
    Task<WebSocket> ConnectAsync(Uri uri, SocketTransportOptions options, CancellationToken cancellationToken);
}
