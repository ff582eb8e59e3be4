using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using KrakenBot.Connector.Kraken.Proxies;
using KrakenBot.Connector.Kraken.Socket.Transport;
using TcpSocket = System.Net.Sockets.Socket;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// Opens <see cref="KrakenWebSocket"/>s: TCP (Nagle off), TLS for <c>wss</c> (the system's trust store decides, unless
/// <see cref="SocketTransportOptions.RemoteCertificateValidation"/> is set), then the RFC 6455 handshake. Through an HTTP
/// proxy when <see cref="ProxySelection"/> names one for the URL (the options' proxy, else the system's, <c>NO_PROXY</c>
/// honoured): TCP to the proxy, a <c>CONNECT</c> tunnel (<see cref="ProxyTunnel"/>), then TLS and the handshake through it.
/// </summary>
/// <remarks>
/// Connect, TLS and handshake are done with blocking calls on a thread of their own (only the name lookup is
/// asynchronous), and the socket is never used asynchronously afterwards: .NET switches a socket to non-blocking mode
/// for good at its first asynchronous operation, after which every blocking read waits through the runtime's event
/// thread. Kept blocking, a read of the receive thread is woken by the kernel directly: one thread wake per read.
/// </remarks>
internal sealed class KrakenWebSocketConnector : IWebSocketConnector
{
    private readonly IWebProxy _proxy;

    /// <param name="proxy">The proxy to connect through; null uses the system's (<see cref="ProxySelection.Effective"/>).</param>
    public KrakenWebSocketConnector(IWebProxy? proxy = null) => _proxy = ProxySelection.Effective(proxy);

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
        var route = Route(uri, port);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(route.DialHost, out IPAddress? literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(route.DialHost, cancellationToken).ConfigureAwait(false);
            if (addresses.Length == 0)
                throw new SocketException((int)SocketError.HostNotFound);
        }
        catch (SocketException ex) when (route.Proxy is not null)
        {
            throw ProxyUnreachable(route.Proxy, uri, ex);
        }

        var socket = new TcpSocket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        // Closing the socket is what interrupts a blocking connect, TLS handshake or upgrade.
        var opening = Task.Factory.StartNew(() => Open(socket, addresses, route, secure, uri, options), CancellationToken.None,
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

    /// <summary>Where to dial: the server itself, or the proxy that tunnels to it.</summary>
    private ConnectionRoute Route(Uri uri, int port)
    {
        Uri? proxy = ProxySelection.ForWebSocket(_proxy, uri);
        if (proxy is null) return new ConnectionRoute(uri.DnsSafeHost, port, port, null, null);
        if (proxy.Scheme != Uri.UriSchemeHttp)
            throw new NotSupportedException(
                $"The proxy for {uri.Host} is {ProxySelection.Describe(proxy)}, but WebSockets are tunnelled through HTTP proxies only " +
                "(http://host:port): point HTTPS_PROXY/HTTP_PROXY (or KrakenConnectorOptions.Proxy) at an HTTP proxy, or list the host in NO_PROXY.");
        return new ConnectionRoute(proxy.DnsSafeHost, proxy.Port, port, proxy, ProxySelection.CredentialsFor(_proxy, proxy));
    }

    private static HttpRequestException ProxyUnreachable(Uri proxy, Uri uri, SocketException ex) =>
        new(HttpRequestError.ConnectionError, $"The proxy {ProxySelection.Describe(proxy)} (for {uri.Host}) could not be reached: {ex.Message}", ex);

    private static KrakenWebSocket Open(TcpSocket socket, IPAddress[] addresses, ConnectionRoute route, bool secure, Uri uri,
        SocketTransportOptions options)
    {
        Stream? stream = null;
        try
        {
            try
            {
                socket.Connect(addresses, route.DialPort);
            }
            catch (SocketException ex) when (route.Proxy is not null)
            {
                throw ProxyUnreachable(route.Proxy, uri, ex);
            }
            stream = new NetworkStream(socket, ownsSocket: true);
            if (route.Proxy is not null)
                ProxyTunnel.Open(stream, route.Proxy, route.ProxyCredentials, uri.IdnHost, route.ServerPort);
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

    /// <param name="DialHost">The host the TCP connection goes to: the server's, or the proxy's.</param>
    /// <param name="DialPort">Its port.</param>
    /// <param name="ServerPort">The WebSocket server's port (the tunnel's end when proxied).</param>
    /// <param name="Proxy">The proxy tunnelled through; null for a direct connection.</param>
    /// <param name="ProxyCredentials">What to give the proxy; null for none.</param>
    private sealed record ConnectionRoute(string DialHost, int DialPort, int ServerPort, Uri? Proxy, NetworkCredential? ProxyCredentials);
}
