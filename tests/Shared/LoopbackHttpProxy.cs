using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KrakenBot.Tests.Shared;

/// <summary>
/// A small HTTP proxy on 127.0.0.1 for tests: <c>CONNECT host:port</c> opens a tunnel (answered <c>200</c>, then bytes
/// copied both ways), and a request in absolute form (<c>GET http://host:port/…</c>, as HTTP clients send plain HTTP to a
/// proxy) is passed on to that host, one request per connection. Every request head is kept, so a test sees what went through it and
/// with which headers; <c>refuse</c> may answer a request with a response head of its choosing instead.
/// </summary>
public sealed class LoopbackHttpProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?>? _refuse;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _heads = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private int _connections;

    /// <param name="refuse">Given a request head, the response head to refuse it with (e.g.
    /// <c>"HTTP/1.1 407 Proxy Authentication Required\r\n\r\n"</c>), or null to serve it.</param>
    public LoopbackHttpProxy(Func<string, string?>? refuse = null)
    {
        _refuse = refuse;
        _listener.Start();
        _ = AcceptLoopAsync();
    }

    /// <summary>The proxy's URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Uri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>How many connections clients opened to the proxy.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>The request heads received (request line and headers), in order of arrival.</summary>
    public IReadOnlyList<string> Requests => [.. _heads];

    /// <summary>The request lines received, e.g. <c>CONNECT 127.0.0.1:5000 HTTP/1.1</c>.</summary>
    public IReadOnlyList<string> RequestLines => [.. _heads.Select(h => h.Split("\r\n")[0])];

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets) socket.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _sockets.Add(client);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        try
        {
            using var clientStream = new NetworkStream(client, ownsSocket: true);
            byte[] headBytes = await ReadHeadAsync(clientStream);
            string head = Encoding.ASCII.GetString(headBytes);
            _heads.Enqueue(head);
            if (_refuse?.Invoke(head) is { } refusal)
            {
                await clientStream.WriteAsync(Encoding.ASCII.GetBytes(refusal), _stop.Token);
                return;
            }

            string[] requestLine = head.Split("\r\n")[0].Split(' ');
            bool tunnel = requestLine[0] == "CONNECT";
            var target = tunnel ? new Uri("tcp://" + requestLine[1]) : new Uri(requestLine[1]);
            var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _sockets.Add(server);
            await server.ConnectAsync(target.Host, target.Port, _stop.Token);
            using var serverStream = new NetworkStream(server, ownsSocket: true);
            if (tunnel) await clientStream.WriteAsync("HTTP/1.1 200 Connection established\r\n\r\n"u8.ToArray(), _stop.Token);
            else await serverStream.WriteAsync(OneRequestOnly(head), _stop.Token);

            // Either side closing ends the tunnel: the first copy to finish closes both.
            await Task.WhenAny(clientStream.CopyToAsync(serverStream, _stop.Token), serverStream.CopyToAsync(clientStream, _stop.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the server went away; nothing to serve.
        }
    }

    /// <summary>
    /// The head with <c>Connection: close</c>: the server then closes after its response, so the client opens a new
    /// connection for its next request and every request head is seen here.
    /// </summary>
    private static byte[] OneRequestOnly(string head)
    {
        var lines = head[..^4].Split("\r\n")
            .Where(l => !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Proxy-Connection:", StringComparison.OrdinalIgnoreCase));
        return Encoding.ASCII.GetBytes(string.Join("\r\n", lines) + "\r\nConnection: close\r\n\r\n");
    }

    private async Task<byte[]> ReadHeadAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0) throw new IOException("The client closed before its request head ended.");
            head.Add(one[0]);
        }
        return [.. head];
    }
}
