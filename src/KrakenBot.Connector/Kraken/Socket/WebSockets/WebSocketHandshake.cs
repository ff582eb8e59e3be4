using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Connector.Kraken.Socket.WebSockets;

/// <summary>
/// The client side of the opening handshake (RFC 6455 §4.1): an HTTP/1.1 <c>GET</c> with <c>Upgrade: websocket</c> and a
/// random key, then a check that the server answered <c>101</c> with the matching <c>Sec-WebSocket-Accept</c> and no
/// extension or subprotocol we did not ask for. No extension (compression) is offered.
/// </summary>
internal static class WebSocketHandshake
{
    private const int MaxResponseHeadBytes = 16 * 1024;
    private static ReadOnlySpan<byte> HeadEnd => "\r\n\r\n"u8;

    /// <summary>Performs the handshake on <paramref name="stream"/> (blocking: see <see cref="KrakenWebSocketConnector"/> for why).</summary>
    /// <returns>Bytes the server sent after its response head (the first frames), to be read before the stream.</returns>
    /// <exception cref="WebSocketException">The server did not accept the upgrade; the message says what it answered.</exception>
    public static byte[] Perform(Stream stream, Uri uri)
    {
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        string request = $"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                         $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nUser-Agent: KrakenBot\r\n\r\n";
        stream.Write(Encoding.ASCII.GetBytes(request));
        stream.Flush();

        var buffer = new byte[4096];
        int filled = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxResponseHeadBytes)
                    throw new WebSocketException(WebSocketError.HeaderError,
                        $"{uri.Host} answered the WebSocket upgrade with more than {MaxResponseHeadBytes} bytes of headers.");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
            int read = stream.Read(buffer.AsSpan(filled));
            if (read == 0)
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely,
                    $"{uri.Host} closed the connection during the WebSocket upgrade.");
            filled += read;
        }

        Validate(Encoding.ASCII.GetString(buffer, 0, headEnd), AcceptFor(key), uri.Host);
        int consumed = headEnd + HeadEnd.Length;
        return buffer.AsSpan(consumed, filled - consumed).ToArray();
    }

    /// <summary>The <c>Sec-WebSocket-Accept</c> a server must answer to <paramref name="key"/> (RFC 6455 §4.2.2).</summary>
    public static string AcceptFor(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    private static void Validate(string head, string expectedAccept, string host)
    {
        string[] lines = head.Split("\r\n");
        string[] status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || status[1] != "101")
            throw new WebSocketException(WebSocketError.NotAWebSocket,
                $"{host} answered the WebSocket upgrade with '{lines[0]}' instead of '101 Switching Protocols'" +
                (status.Length >= 2 && status[1] == "429" ? " (too many connection attempts: wait before reconnecting)." : "."));

        string? upgrade = null, connection = null, accept = null, extensions = null, protocol = null;
        foreach (string line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':');
            if (colon <= 0) continue;
            string name = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)) upgrade = value;
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) connection = value;
            else if (name.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase)) accept = value;
            else if (name.Equals("Sec-WebSocket-Extensions", StringComparison.OrdinalIgnoreCase)) extensions = value;
            else if (name.Equals("Sec-WebSocket-Protocol", StringComparison.OrdinalIgnoreCase)) protocol = value;
        }

        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
            throw Header(host, $"its 'Upgrade' header is '{upgrade}', not 'websocket'");
        if (connection is null || !connection.Split(',').Any(t => t.Trim().Equals("Upgrade", StringComparison.OrdinalIgnoreCase)))
            throw Header(host, $"its 'Connection' header is '{connection}', without 'Upgrade'");
        if (accept != expectedAccept)
            throw Header(host, "its 'Sec-WebSocket-Accept' does not match the key sent (a proxy or a server that is not a WebSocket server)");
        if (!string.IsNullOrEmpty(extensions))
            throw Header(host, $"it turned on extensions that were not offered ('{extensions}')");
        if (!string.IsNullOrEmpty(protocol))
            throw Header(host, $"it chose a subprotocol that was not offered ('{protocol}')");
    }

    private static WebSocketException Header(string host, string what) =>
        new(WebSocketError.HeaderError, $"{host} accepted the WebSocket upgrade, but {what}.");
}
