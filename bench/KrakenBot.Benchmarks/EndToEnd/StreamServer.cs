using System.Net;
using System.Net.Sockets;
using TcpSocket = System.Net.Sockets.Socket;
using System.Security.Cryptography;
using System.Text;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>
/// A small Kraken look-alike on 127.0.0.1 for the end-to-end benchmark: answers the two REST calls a client makes to
/// load its markets (<c>/0/public/AssetPairs</c>, <c>/0/public/Assets</c>) and speaks just enough WebSocket v2 on
/// <c>/v2</c> (subscribe answers, pong) to hand the book subscriber an <see cref="EncodedStream"/>. Blocking sockets,
/// one thread per connection, <c>TCP_NODELAY</c>: each write leaves as its own segment, as from an exchange.
/// </summary>
internal sealed class StreamServer : IDisposable
{
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private readonly TcpSocket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly EncodedStream _stream;
    private readonly Dictionary<string, byte[]> _rest;
    private readonly List<TcpSocket> _open = [];
    private readonly TaskCompletionSource<StreamConnection> _subscriber = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _disposed;

    public StreamServer(EncodedStream stream, Dictionary<string, byte[]> rest)
    {
        _stream = stream;
        _rest = rest;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        new Thread(AcceptLoop) { IsBackground = true, Name = "e2e-accept" }.Start();
    }

    public int Port { get; }

    /// <summary>Completes when a client has subscribed to the book and been sent the snapshot (frame 0).</summary>
    public Task<StreamConnection> BookSubscriber => _subscriber.Task;

    private void AcceptLoop()
    {
        while (!_disposed)
        {
            TcpSocket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            client.NoDelay = true;
            lock (_open) _open.Add(client);
            new Thread(() => Serve(client)) { IsBackground = true, Name = "e2e-conn" }.Start();
        }
    }

    private void Serve(TcpSocket client)
    {
        var buffer = new byte[64 * 1024];
        int filled = 0;
        try
        {
            while (true)
            {
                int headEnd;
                while ((headEnd = buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
                {
                    int n = client.Receive(buffer.AsSpan(filled));
                    if (n == 0) return;
                    filled += n;
                }
                string head = Encoding.ASCII.GetString(buffer, 0, headEnd);
                int consumed = headEnd + HeadEnd.Length;
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;

                string[] lines = head.Split("\r\n");
                string path = lines[0].Split(' ')[1];
                string? key = Header(lines, "Sec-WebSocket-Key");
                if (key is not null)
                {
                    Upgrade(client, key);
                    new StreamConnection(client, _stream, _subscriber).Run(buffer.AsSpan(0, filled).ToArray());
                    return;
                }
                AnswerRest(client, path);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client went away.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static void Upgrade(TcpSocket client, string key)
    {
        string accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        client.Send(Encoding.ASCII.GetBytes(
            $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
    }

    private void AnswerRest(TcpSocket client, string path)
    {
        string route = path.Split('?')[0];
        bool found = _rest.TryGetValue(route, out byte[]? body);
        body ??= """{"error":["EGeneral:Unknown method"],"result":{}}"""u8.ToArray();
        byte[] head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {(found ? "200 OK" : "404 Not Found")}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: keep-alive\r\n\r\n");
        client.Send(head);
        client.Send(body);
    }

    private static string? Header(string[] lines, string name)
    {
        foreach (string line in lines.AsSpan(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                return line[(colon + 1)..].Trim();
        }
        return null;
    }

    public void Dispose()
    {
        _disposed = true;
        _listener.Dispose();
        lock (_open)
        {
            foreach (TcpSocket socket in _open) socket.Dispose();
        }
    }
}
