using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using KrakenBot.Connector.Kraken.Socket.Transport;
using TcpSocket = System.Net.Sockets.Socket;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// Opens <see cref="KrakenWebSocket"/>s: TCP (Nagle off), TLS for <c>wss</c> (the system's trust store decides, unless
/// <see cref="SocketTransportOptions.RemoteCertificateValidation"/> is set), then the RFC 6455 handshake. No proxy is used.
/// </summary>
internal sealed class KrakenWebSocketConnector : IWebSocketConnector
{
    /// <inheritdoc />
    public async Task<WebSocket> ConnectAsync(Uri uri, SocketTransportOptions options, CancellationToken cancellationToken)
    {
        bool secure = uri.Scheme switch
        {
            "wss" => true,
            "ws" => false,
            _ => throw new ArgumentException($"A WebSocket URL starts with ws:// or wss:// (got '{uri}')."),
        };
        int port = uri.IsDefaultPort || uri.Port < 0 ? (secure ? 443 : 80) : uri.Port;
        var socket = new TcpSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(uri.DnsSafeHost, port), cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (secure)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = uri.IdnHost,
                    RemoteCertificateValidationCallback = options.RemoteCertificateValidation,
                }, cancellationToken).ConfigureAwait(false);
            }
            byte[] alreadyRead = await WebSocketHandshake.PerformAsync(stream, uri, cancellationToken).ConfigureAwait(false);
            return new KrakenWebSocket(socket, stream, uri.Host, alreadyRead, options.ReceiveBufferBytes, options.MaxMessageBytes);
        }
        catch
        {
            if (stream is not null) await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
            throw;
        }
    }
}
