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
/// <remarks>
/// Connect, TLS and handshake are done with blocking calls on a thread of their own (only the name lookup is
/// asynchronous), and the socket is never used asynchronously afterwards: .NET switches a socket to non-blocking mode
/// for good at its first asynchronous operation, after which every blocking read waits through the runtime's event
/// thread. Kept blocking, a read of the receive thread is woken by the kernel directly: one thread wake per read.
/// </remarks>
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
        IPAddress[] addresses = IPAddress.TryParse(uri.DnsSafeHost, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
            throw new SocketException((int)SocketError.HostNotFound);

        var socket = new TcpSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Closing the socket is what interrupts a blocking connect, TLS handshake or upgrade.
        var opening = Task.Factory.StartNew(() => Open(socket, addresses, port, secure, uri, options), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            return await opening.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            // Should the open still succeed, nobody takes the socket: close it then.
            _ = opening.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    private static KrakenWebSocket Open(TcpSocket socket, IPAddress[] addresses, int port, bool secure, Uri uri, SocketTransportOptions options)
    {
        Stream? stream = null;
        try
        {
            socket.Connect(addresses, port);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (secure)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, options.RemoteCertificateValidation);
                stream = tls;
                tls.AuthenticateAsClient(uri.IdnHost);
            }
            byte[] alreadyRead = WebSocketHandshake.Perform(stream, uri);
            return new KrakenWebSocket(socket, stream, uri.Host, alreadyRead, options.ReceiveBufferBytes, options.MaxMessageBytes);
        }
        catch
        {
            stream?.Dispose();
            socket.Dispose();
            throw;
        }
    }
}
