using System.Net;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>
/// The private WebSocket where a Kraken client looks for it: <c>/v2</c> on its own port (like
/// <c>wss://ws-auth.kraken.com/v2</c>), and still <c>/v2-auth</c> on the main port.
/// </summary>
public sealed class PrivateEndpointTests
{
    [Fact]
    public async Task The_private_websocket_is_v2_on_its_own_port_and_v2_auth_on_the_main_port()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var host = sandbox.Host;
        Assert.Equal("/v2", host.WebSocketAuthUri.AbsolutePath);
        Assert.NotEqual(host.RestUri.Port, host.WebSocketAuthUri.Port);
        Assert.Equal(new Uri($"ws://127.0.0.1:{host.RestUri.Port}/v2-auth"), host.WebSocketAuthPathUri);
        Assert.Contains($"ws-auth={host.WebSocketAuthUri}", host.ReadyLine);
        Assert.Contains($"ws-auth-path={host.WebSocketAuthPathUri}", host.ReadyLine);

        // A client that appends /v2 to the auth host, and one that uses the legacy path, both trade and hear about it.
        var price = 40000;
        foreach (var uri in new[] { new Uri($"ws://127.0.0.1:{host.WebSocketAuthUri.Port}").ToString().TrimEnd('/') + "/v2", host.WebSocketAuthPathUri.ToString() })
        {
            await using var session = await PrivateSession.OpenAsync(sandbox, uri: new Uri(uri));
            var ack = await session.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
            Assert.True(ack.GetProperty("success").GetBoolean(), $"{uri}: {ack}");
            var add = await session.CallAsync("add_order", $"\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":{price++},\"symbol\":\"BTC/USD\"");
            Assert.True(add.GetProperty("success").GetBoolean(), $"{uri}: {add}");
            Assert.Equal("pending_new", (await session.NextExecutionAsync()).Str("exec_type"));
        }
    }

    [Fact]
    public async Task The_public_endpoint_stays_public()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var session = await PrivateSession.OpenAsync(sandbox, uri: sandbox.Host.WebSocketUri);
        var ack = await session.CallAsync("subscribe", "\"channel\":\"executions\"");
        Assert.False(ack.GetProperty("success").GetBoolean());
        Assert.Equal("EGeneral:Permission denied", ack.Str("error"));
    }

    [Fact]
    public async Task The_private_port_serves_nothing_but_the_private_websocket()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        using var http = new HttpClient();
        var authPort = sandbox.Host.WebSocketAuthUri.Port;
        foreach (var path in new[] { "/0/public/Time", "/v2-auth", "/sandbox/faults/clear" })
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{authPort}{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains("only the private WebSocket at /v2", text);
            Assert.Contains($"port {sandbox.Host.RestUri.Port}", text);
        }
        using var time = await http.GetAsync(new Uri(sandbox.Host.RestUri, "/0/public/Time"));
        Assert.Equal(HttpStatusCode.OK, time.StatusCode);
    }
}
