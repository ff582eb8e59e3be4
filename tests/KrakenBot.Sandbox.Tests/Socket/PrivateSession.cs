using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>A connected private WebSocket client with a token and request helpers.</summary>
internal sealed class PrivateSession : IAsyncDisposable
{
    private long _reqId = 100;

    private PrivateSession(WsTestClient ws, string token)
    {
        Ws = ws;
        Token = token;
    }

    public WsTestClient Ws { get; }
    public string Token { get; }

    /// <summary>Connects to <paramref name="uri"/> (default: the sandbox's private WebSocket URL) with a fresh token.</summary>
    public static async Task<PrivateSession> OpenAsync(SandboxWsFixture sandbox, string key = SandboxWsFixture.Key, Uri? uri = null)
    {
        var token = await sandbox.TokenAsync(key);
        var ws = uri is null ? await sandbox.PrivateAsync() : await WsTestClient.ConnectAsync(uri);
        Assert.Equal("status", (await ws.ReceiveAsync()).Str("channel"));
        return new PrivateSession(ws, token);
    }

    /// <summary>Sends a method with the token added to its params; returns the req_id used.</summary>
    public async Task<long> SendAsync(string method, string paramsJsonWithoutBraces = "")
    {
        var id = ++_reqId;
        var extra = paramsJsonWithoutBraces.Length > 0 ? "," + paramsJsonWithoutBraces : "";
        await Ws.SendAsync($"{{\"method\":\"{method}\",\"params\":{{\"token\":\"{Token}\"{extra}}},\"req_id\":{id}}}");
        return id;
    }

    /// <summary>Sends and returns the reply with that req_id (skipping channel traffic).</summary>
    public async Task<JsonElement> CallAsync(string method, string paramsJsonWithoutBraces = "")
    {
        var id = await SendAsync(method, paramsJsonWithoutBraces);
        return await Ws.NextAsync(m => m.Has("req_id") && m.GetProperty("req_id").GetInt64() == id);
    }

    /// <summary>The next executions update's first entry.</summary>
    public async Task<JsonElement> NextExecutionAsync() => (await Ws.NextOnAsync("executions", "update")).Data0();

    public ValueTask DisposeAsync() => Ws.DisposeAsync();
}
