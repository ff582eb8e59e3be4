using System.Net.WebSockets;
using KrakenBot.Sandbox.Api.Socket;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>Every WebSocket fault, driven through the loopback admin endpoints as a test or a user would.</summary>
public sealed class SocketFaultTests
{
    private static async Task Admin(SandboxWsFixture sandbox, string pathAndQuery)
    {
        using var http = new HttpClient();
        (await http.PostAsync(new Uri(sandbox.Host.RestUri, pathAndQuery), null)).EnsureSuccessStatusCode();
    }

    private const string LimitBuy = "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"";

    /// <summary>A ping answered proves every earlier reply would have been sent already.</summary>
    private static async Task BarrierAsync(WsTestClient ws)
    {
        await ws.SendAsync("""{"method":"ping","req_id":424242}""");
        await ws.NextAsync(m => m.Str("method") == "pong");
    }

    [Fact]
    public async Task Drop_sockets_now_cuts_every_connection_and_new_ones_work()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var a = await sandbox.PublicAsync();
        await using var b = await sandbox.PrivateAsync();
        await a.ReceiveAsync();
        await b.ReceiveAsync();
        await Admin(sandbox, "/sandbox/faults/drop-sockets");
        Assert.Null(await a.ReceiveAnyAsync());
        Assert.Null(await b.ReceiveAnyAsync());

        await using var c = await sandbox.PublicAsync();
        Assert.Equal("status", (await c.ReceiveAsync()).Str("channel"));
    }

    [Fact]
    public async Task Drop_sockets_every_n_seconds_follows_the_clock()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await Admin(sandbox, "/sandbox/faults/drop-sockets?every=5");
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        sandbox.Clock.Advance(TimeSpan.FromSeconds(4));
        await BarrierAsync(ws); // still connected after 4 s
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(await ws.ReceiveAnyAsync());

        await Admin(sandbox, "/sandbox/faults/drop-sockets?every=0");
        await using var again = await sandbox.PublicAsync();
        await again.ReceiveAsync();
        sandbox.Clock.Advance(TimeSpan.FromSeconds(30));
        await BarrierAsync(again); // off again
    }

    [Fact]
    public async Task Dropped_ack_still_places_the_order()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
        await Admin(sandbox, "/sandbox/faults/drop-acks?count=1");
        var id = await s.SendAsync("add_order", LimitBuy);
        var live = await s.NextAsyncType("new");
        await BarrierAsync(s.Ws);
        Assert.DoesNotContain(await Drain(s.Ws), m => m.Has("req_id") && m.GetProperty("req_id").GetInt64() == id);
        Assert.Single(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
        Assert.Equal(live.Str("order_id"), sandbox.Exchange.OpenOrdersOf(sandbox.Account())[0].Txid);

        var next = await s.CallAsync("add_order", LimitBuy); // only one ack was dropped
        Assert.True(next.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Delayed_ack_arrives_after_the_delay_and_after_the_executions()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
        await Admin(sandbox, "/sandbox/faults/ack-delay?ms=2000");
        var id = await s.SendAsync("add_order", LimitBuy);
        await s.NextAsyncType("new");
        await BarrierAsync(s.Ws);
        Assert.DoesNotContain(await Drain(s.Ws), m => m.Has("req_id") && m.GetProperty("req_id").GetInt64() == id);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(2));
        var ack = await s.Ws.NextAsync(m => m.Has("req_id") && m.GetProperty("req_id").GetInt64() == id);
        Assert.True(ack.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Accepted_order_without_reply_is_placed_but_never_acknowledged()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
        await Admin(sandbox, "/sandbox/faults/no-reply?count=1");
        var id = await s.SendAsync("add_order", LimitBuy);
        await s.NextAsyncType("new");
        await BarrierAsync(s.Ws);
        sandbox.Clock.Advance(TimeSpan.FromMinutes(1));
        await BarrierAsync(s.Ws);
        Assert.DoesNotContain(await Drain(s.Ws), m => m.Has("req_id") && m.GetProperty("req_id").GetInt64() == id);
        Assert.Single(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
    }

    [Fact]
    public async Task A_lost_cancel_is_neither_acted_on_nor_answered_and_only_one_is_lost()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        var placed = await s.CallAsync("add_order", LimitBuy);
        string orderId = placed.GetProperty("result").Str("order_id")!;
        await Admin(sandbox, "/sandbox/faults/lose-cancels?count=1");

        var lost = await s.SendAsync("cancel_order", $"\"order_id\":[\"{orderId}\"]");
        await BarrierAsync(s.Ws); // requests of one connection are handled in order: the cancel was handled (lost) before
        Assert.DoesNotContain(await Drain(s.Ws), m => m.Has("req_id") && m.GetProperty("req_id").GetInt64() == lost);
        Assert.Single(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));

        var again = await s.CallAsync("cancel_order", $"\"order_id\":[\"{orderId}\"]");
        Assert.True(again.GetProperty("success").GetBoolean());
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
    }

    [Fact]
    public async Task Duplicate_execution_fault_sends_the_same_message_twice()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
        await Admin(sandbox, "/sandbox/faults/duplicate-executions?count=1");
        await s.CallAsync("add_order", LimitBuy);
        var first = await s.Ws.NextOnAsync("executions", "update");
        var second = await s.Ws.NextOnAsync("executions", "update");
        var third = await s.Ws.NextOnAsync("executions", "update");
        Assert.Equal(first.ToString(), second.ToString());
        Assert.Equal("pending_new", first.Data0().Str("exec_type"));
        Assert.Equal("new", third.Data0().Str("exec_type"));
    }

    [Fact]
    public async Task Reorder_execution_fault_swaps_two_messages()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
        await Admin(sandbox, "/sandbox/faults/reorder-executions?count=1");
        await s.CallAsync("add_order", LimitBuy);
        var first = await s.Ws.NextOnAsync("executions", "update");
        var second = await s.Ws.NextOnAsync("executions", "update");
        Assert.Equal("new", first.Data0().Str("exec_type"));
        Assert.Equal("pending_new", second.Data0().Str("exec_type"));
        Assert.Equal(first.GetProperty("sequence").GetInt64(), second.GetProperty("sequence").GetInt64() + 1);
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_disconnected_instead_of_blocking_the_publisher()
    {
        using var stalled = new StalledWebSocket();
        var connection = new WsConnection(stalled, isPrivate: false, id: 1, queueCapacity: 4);
        var run = connection.RunAsync((_, _) => Task.CompletedTask, CancellationToken.None);
        var message = "{\"channel\":\"heartbeat\"}"u8.ToArray();
        for (var i = 0; i < 10 && connection.IsOpen; i++) connection.Send(message); // never blocks
        Assert.False(connection.IsOpen);
        Assert.Contains("send queue full", connection.AbortReason);
        await run; // and the connection's loops end
    }

    private static async Task<List<System.Text.Json.JsonElement>> Drain(WsTestClient ws)
    {
        // Everything sent before the pong (stashed or still on the wire), in order.
        var all = new List<System.Text.Json.JsonElement>();
        await ws.SendAsync("""{"method":"ping","req_id":434343}""");
        while (true)
        {
            var m = await ws.ReceiveAsync();
            if (m.Str("method") == "pong") break;
            all.Add(m);
        }
        return all;
    }

    /// <summary>A socket whose sends never complete and whose receive waits until aborted: a client that stopped reading.</summary>
    private sealed class StalledWebSocket : WebSocket
    {
        private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override WebSocketCloseStatus? CloseStatus => null;
        public override string? CloseStatusDescription => null;
        public override WebSocketState State => _aborted.Task.IsCompleted ? WebSocketState.Aborted : WebSocketState.Open;
        public override string? SubProtocol => null;
        public override void Abort() => _aborted.TrySetResult();
        public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;
        public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) => Task.CompletedTask;
        public override void Dispose() => _aborted.TrySetResult();

        public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
        {
            await _aborted.Task.WaitAsync(cancellationToken);
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }

        public override async Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            await _aborted.Task.WaitAsync(cancellationToken);
            throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely);
        }
    }
}
