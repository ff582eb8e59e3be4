using System.Net;
using System.Text;
using KrakenBot.Connector.Kraken.Proxies;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// An HTTP <c>CONNECT</c> tunnel (RFC 9110 §9.3.6) through a proxy to the WebSocket server, on a stream already connected
/// to the proxy; TLS (for <c>wss</c>) and the WebSocket handshake then run through it. Credentials are sent as Basic
/// <c>Proxy-Authorization</c>, and never appear in a message.
/// </summary>
internal static class ProxyTunnel
{
    private const int MaxResponseHeadBytes = 16 * 1024;
    private const int MaxQuotedStatusChars = 200;

    /// <summary>Asks the proxy for the tunnel and reads its answer (blocking: see <see cref="KrakenWebSocketConnector"/>).</summary>
    /// <param name="stream">Connected to the proxy; afterwards it carries the tunnel.</param>
    /// <param name="proxyUri">The proxy, to name it in messages.</param>
    /// <param name="credentials">Given to the proxy when not null.</param>
    /// <param name="host">The WebSocket server's host, as in its URL.</param>
    /// <param name="port">The WebSocket server's port.</param>
    /// <exception cref="HttpRequestException">The proxy refused the tunnel (<see cref="HttpRequestError.ProxyTunnelError"/>,
    /// with its status code), closed the connection, or did not answer in HTTP; the message names the proxy and what it answered.</exception>
    public static void Open(Stream stream, Uri proxyUri, NetworkCredential? credentials, string host, int port)
    {
        string target = $"{host}:{port}";
        var request = new StringBuilder().Append("CONNECT ").Append(target).Append(" HTTP/1.1\r\nHost: ").Append(target).Append("\r\n");
        if (credentials is not null)
        {
            string pair = credentials.UserName + ":" + credentials.Password;
            request.Append("Proxy-Authorization: Basic ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(pair))).Append("\r\n");
        }
        request.Append("User-Agent: KrakenBot\r\n\r\n");
        stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
        stream.Flush();

        string proxy = ProxySelection.Describe(proxyUri);
        string statusLine = ReadResponseHead(stream, proxy, target);
        string[] parts = statusLine.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[1].Length != 3
            || !int.TryParse(parts[1], out int status))
            throw new HttpRequestException(HttpRequestError.ProxyTunnelError,
                $"The proxy {proxy} answered the tunnel request to {target} with '{Quote(statusLine)}', which is not an HTTP status line: is it an HTTP proxy?");
        if (status is >= 200 and < 300) return;

        throw new HttpRequestException(HttpRequestError.ProxyTunnelError,
            $"The proxy {proxy} refused the tunnel to {target}: '{Quote(statusLine)}'{Advice(status, credentials is not null)}",
            inner: null, (HttpStatusCode)status);
    }

    /// <summary>
    /// Reads the proxy's response head a byte at a time, so that nothing past it is taken from the stream: after a 2xx the
    /// bytes that follow belong to the tunnel (the TLS or WebSocket handshake). Returns the status line.
    /// </summary>
    private static string ReadResponseHead(Stream stream, string proxy, string target)
    {
        var head = new byte[MaxResponseHeadBytes];
        int filled = 0;
        while (filled < 4 || !head.AsSpan(filled - 4, 4).SequenceEqual("\r\n\r\n"u8))
        {
            if (filled == head.Length)
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError,
                    $"The proxy {proxy} answered the tunnel request to {target} with more than {MaxResponseHeadBytes} bytes of headers.");
            int read = stream.Read(head, filled, 1);
            if (read == 0)
                throw new HttpRequestException(HttpRequestError.ProxyTunnelError,
                    $"The proxy {proxy} closed the connection before answering the tunnel request to {target}.");
            filled += read;
        }
        int lineEnd = head.AsSpan(0, filled).IndexOf("\r\n"u8);
        return Encoding.ASCII.GetString(head, 0, lineEnd);
    }

    private static string Advice(int status, bool sentCredentials) => status switch
    {
        407 when sentCredentials => ": it did not accept the user name and password given for it.",
        407 => ": it wants a user name and password. Give them in the proxy's URL (HTTPS_PROXY=http://user:password@host:port) " +
               "or as the Credentials of KrakenConnectorOptions.Proxy.",
        403 => ": its rules do not allow this destination.",
        502 or 503 or 504 => ": it could not reach the destination.",
        _ => ".",
    };

    /// <summary>What the proxy said, as printable ASCII of bounded length (it goes into logs).</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(Math.Min(text.Length, MaxQuotedStatusChars));
        foreach (char c in text.AsSpan(0, Math.Min(text.Length, MaxQuotedStatusChars)))
            quoted.Append(c is >= ' ' and <= '~' ? c : '?');
        return quoted.ToString();
    }
}
