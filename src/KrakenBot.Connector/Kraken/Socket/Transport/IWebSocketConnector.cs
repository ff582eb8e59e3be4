using System.Net.WebSockets;

namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Opens WebSocket connections. The seam between the transport and <see cref="ClientWebSocket"/>: tests use
/// the real connector against servers on 127.0.0.1, or a failing one to watch reconnect timing.
/// </summary>
internal interface IWebSocketConnector
{
    /// <summary>Connects to <paramref name="uri"/>; the returned socket is open.</summary>
    Task<WebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken);
}

/// <summary>Connects with <see cref="ClientWebSocket"/>.</summary>
internal sealed class ClientWebSocketConnector : IWebSocketConnector
{
    /// <inheritdoc />
    public async Task<WebSocket> ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        // Liveness is checked with Kraken's application ping and traffic timeouts; protocol pings would only
        // add traffic that Kraken does not count.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
