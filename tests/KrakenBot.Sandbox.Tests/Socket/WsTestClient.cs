using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>
/// A plain <see cref="ClientWebSocket"/> that reads whole messages into <see cref="JsonDocument"/>s.
/// The receive guard only stops a broken test from hanging; no test asserts on timing.
/// </summary>
internal sealed class WsTestClient : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonElement> _stash = [];

    private WsTestClient() { }

    public static async Task<WsTestClient> ConnectAsync(Uri uri)
    {
        var client = new WsTestClient();
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        return client;
    }

    public WebSocketState State => _socket.State;

    public Task SendAsync(string json) => SendRawAsync(Encoding.UTF8.GetBytes(json));

    public Task SendRawAsync(byte[] bytes) => _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message of any kind; null when the server closed or dropped the connection.</summary>
    public async Task<JsonElement?> ReceiveAnyAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, guard.Token);
                if (result.MessageType == WebSocketMessageType.Close) return null;
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage) break;
            }
        }
        catch (WebSocketException) { return null; }
        catch (OperationCanceledException) { throw new TimeoutException("no message from the sandbox within the hang guard"); }
        using var document = JsonDocument.Parse(message.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>The next message that is not a heartbeat (messages skipped by <see cref="NextAsync"/> come first).</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        if (_stash.Count > 0)
        {
            var stashed = _stash[0];
            _stash.RemoveAt(0);
            return stashed;
        }
        return await ReceiveFromSocketAsync();
    }

    private async Task<JsonElement> ReceiveFromSocketAsync()
    {
        while (true)
        {
            var message = await ReceiveAnyAsync() ?? throw new InvalidOperationException("the sandbox closed the connection");
            if (message.TryGetProperty("channel", out var c) && c.GetString() == "heartbeat") continue;
            return message;
        }
    }

    /// <summary>The first message (stashed or new) that matches; the others stay stashed, in order, for later reads.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        var index = _stash.FindIndex(m => match(m));
        if (index >= 0)
        {
            var found = _stash[index];
            _stash.RemoveAt(index);
            return found;
        }
        while (true)
        {
            var message = await ReceiveFromSocketAsync();
            if (match(message)) return message;
            _stash.Add(message);
        }
    }

    /// <summary>Forgets stashed messages.</summary>
    public void ClearStash() => _stash.Clear();

    public Task<JsonElement> NextOnAsync(string channel, string? type = null) =>
        NextAsync(m => m.Str("channel") == channel && (type is null || m.Str("type") == type));

    public Task<JsonElement> NextAckAsync(string method) => NextAsync(m => m.Str("method") == method);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, guard.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException) { }
        _socket.Dispose();
    }
}

/// <summary>Reading helpers for the test side: numbers are parsed as decimals from their exact JSON text.</summary>
internal static class Json
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static decimal Dec(this JsonElement e, string name) =>
        decimal.Parse(e.GetProperty(name).GetRawText(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    public static string Raw(this JsonElement e, string name) => e.GetProperty(name).GetRawText();

    public static bool Has(this JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out _);

    public static JsonElement Data0(this JsonElement e) => e.GetProperty("data")[0];
}
