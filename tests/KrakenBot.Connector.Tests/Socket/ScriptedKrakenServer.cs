using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Tests.Socket;

/// <summary>
/// A Kestrel WebSocket server on 127.0.0.1 that plays Kraken: every received request goes to a script, and
/// the test can push messages (also split into fragments), drop the connection or close it.
/// </summary>
internal sealed class ScriptedKrakenServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ServerConnection> _accepted = Channel.CreateUnbounded<ServerConnection>();
    private readonly List<ServerConnection> _connections = [];
    private readonly Func<ServerConnection, JsonElement, Task>? _script;
    private readonly string? _greeting;

    private ScriptedKrakenServer(WebApplication app, Func<ServerConnection, JsonElement, Task>? script, string? greeting)
    {
        _app = app;
        _script = script;
        _greeting = greeting;
    }

    public Uri Uri { get; private set; } = null!;

    public int ConnectionCount
    {
        get { lock (_connections) return _connections.Count; }
    }

    public IReadOnlyList<ServerConnection> Connections
    {
        get { lock (_connections) return [.. _connections]; }
    }

    /// <param name="script">Called for every request received (parsed); may answer through the connection.</param>
    /// <param name="greeting">Sent on every new connection (Kraken pushes a status message).</param>
    /// <param name="certificate">Serve <c>wss</c> with this certificate (plain <c>ws</c> when null).</param>
    public static async Task<ScriptedKrakenServer> StartAsync(Func<ServerConnection, JsonElement, Task>? script = null,
        string? greeting = null, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null) listen.UseHttps(certificate);
        }));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedKrakenServer(app, script, greeting);
        app.UseWebSockets();
        app.Map("/v2", server.AcceptAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Uri = new Uri(address.Replace("https://", "wss://").Replace("http://", "ws://") + "/v2");
        return server;
    }

    /// <summary>Waits (real time, bounded) for the next accepted connection.</summary>
    public async Task<ServerConnection> NextConnectionAsync()
    {
        using var guard = new CancellationTokenSource(TestWait.Guard);
        return await _accepted.Reader.ReadAsync(guard.Token);
    }

    private async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new ServerConnection(socket, context);
        lock (_connections) _connections.Add(connection);
        if (_greeting is not null) await connection.SendAsync(_greeting);
        _accepted.Writer.TryWrite(connection);
        try
        {
            await connection.RunAsync(_script);
        }
        finally
        {
            connection.EndRequest();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in Connections) connection.Drop();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One client connection as the server sees it.</summary>
internal sealed class ServerConnection(WebSocket socket, HttpContext context)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<JsonElement> _requests = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _log = [];
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _requestGate = new();
    private bool _requestEnded;

    /// <summary>Every text message received, in order.</summary>
    public IReadOnlyList<string> Received
    {
        get { lock (_log) return [.. _log]; }
    }

    /// <summary>Completes with the client's close status when the client closed cleanly, or null when dropped.</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    public Task SendAsync(string json) => SendFragmentsAsync(Encoding.UTF8.GetBytes(json), []);

    /// <summary>Sends one text message as several WebSocket frames, split at the given byte offsets.</summary>
    public async Task SendFragmentsAsync(byte[] utf8, int[] splitAt)
    {
        await _sendLock.WaitAsync();
        try
        {
            int start = 0;
            foreach (int split in splitAt)
            {
                await socket.SendAsync(utf8.AsMemory(start, split - start), WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
                start = split;
            }
            await socket.SendAsync(utf8.AsMemory(start), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the TCP connection without a close frame (a network failure, as the client sees it).</summary>
    public void Drop()
    {
        // Kestrel recycles the request's context once its handler returns, and aborting a recycled one throws: the drop and
        // the end of the request exclude each other.
        lock (_requestGate)
        {
            if (!_requestEnded)
            {
                socket.Abort();
                context.Abort();
            }
        }
        _closed.TrySetResult(null);
    }

    /// <summary>The request's handler is returning: the connection is gone, and a later drop has nothing to abort.</summary>
    public void EndRequest()
    {
        lock (_requestGate) _requestEnded = true;
    }

    /// <summary>Waits (real time, bounded) for the next request with <paramref name="method"/>.</summary>
    public async Task<JsonElement> NextRequestAsync(string method)
    {
        using var guard = new CancellationTokenSource(TestWait.Guard);
        while (true)
        {
            var request = await _requests.Reader.ReadAsync(guard.Token);
            if (request.TryGetProperty("method", out var m) && m.GetString() == method)
                return request;
        }
    }

    public int CountRequests(string method)
    {
        int count = 0;
        foreach (var text in Received)
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.TryGetProperty("method", out var m) && m.GetString() == method) count++;
        }
        return count;
    }

    internal async Task RunAsync(Func<ServerConnection, JsonElement, Task>? script)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closed.TrySetResult(result.CloseStatus);
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);

                string text = Encoding.UTF8.GetString(message.ToArray());
                lock (_log) _log.Add(text);
                var request = JsonDocument.Parse(text).RootElement.Clone();
                _requests.Writer.TryWrite(request);
                if (script is not null) await script(this, request);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _closed.TrySetResult(null);
        }
    }
}
