using System.Net;
using KrakenBot.Sandbox.Faults;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Tests.Rest;

namespace KrakenBot.Sandbox.Tests.Faults;

public sealed class FaultTests
{
    private static (string, string)[] Buy(string price = "30000", params (string, string)[] extra) =>
        [("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", price), ("volume", "0.1"), .. extra];

    [Theory]
    [InlineData(RestFault.Unavailable, "EService:Unavailable")]
    [InlineData(RestFault.Busy, "EService:Busy")]
    public async Task Rest_can_answer_service_errors_for_a_number_of_calls(RestFault fault, string expected)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        sandbox.Host.Faults.FailRest(fault, count: 2);
        Assert.Equal(expected, (await sandbox.Public("Time")).Error());
        Assert.Equal(expected, (await sandbox.Client().Post("Balance")).Error());
        Assert.Empty((await sandbox.Client().Post("Balance")).Errors());
    }

    [Fact]
    public async Task Rest_can_answer_502_until_cleared_over_the_admin_endpoint()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        await sandbox.Admin("/sandbox/faults/rest?mode=502");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.BadGateway, (await sandbox.Http.GetAsync("/0/public/Time")).StatusCode);
        await sandbox.Admin("/sandbox/faults/clear");
        Assert.Empty((await sandbox.Public("Time")).Errors());
        Assert.Equal(HttpStatusCode.BadRequest, (await sandbox.Http.PostAsync("/sandbox/faults/rest?mode=sideways", null)).StatusCode);
    }

    [Fact]
    public async Task An_order_can_be_accepted_without_a_reply()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        await sandbox.Admin("/sandbox/faults/no-reply?count=1");
        using var giveUp = new CancellationTokenSource();
        var nonce = client.NextNonce().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = $"nonce={nonce}&pair=XBTUSD&type=buy&ordertype=limit&price=30000&volume=0.1&cl_ord_id=lost-reply";
        var pending = client.SendRaw("AddOrder", nonce, body, "application/x-www-form-urlencoded", ct: giveUp.Token);

        // The order is live although the caller has heard nothing: exactly what "outcome unknown" means.
        // Wait on the public book (no nonce): a private poll could overtake the AddOrder and burn its nonce.
        while ((await sandbox.Public("Depth", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").GetProperty("bids").GetArrayLength() == 0)
            await Task.Delay(10);
        Assert.False(pending.IsCompleted);
        Assert.Single((await client.Post("OpenOrders", ("cl_ord_id", "lost-reply"))).Ok().GetProperty("open").EnumerateObject());
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        // Only one reply was swallowed.
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors());
    }

    [Fact]
    public async Task Rate_limit_errors_can_be_forced()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        sandbox.Host.Faults.ForceRateLimit(2);
        Assert.Equal("EAPI:Rate limit exceeded", (await client.Post("Balance")).Error());
        Assert.Equal("EOrder:Rate limit exceeded", (await client.Post("AddOrder", Buy())).Error());
        Assert.Empty((await client.Post("Balance")).Errors());
        await sandbox.Admin("/sandbox/faults/rate-limit?count=1");
        Assert.Equal("EAPI:Rate limit exceeded", (await client.Post("OpenOrders")).Error());
    }

    [Fact]
    public async Task System_status_is_reported_and_honoured_by_the_engine()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var open = (await client.Post("AddOrder", Buy())).Ok().GetProperty("txid")[0].GetString()!;

        await sandbox.Admin("/sandbox/status?status=maintenance");
        Assert.Equal("maintenance", (await sandbox.Public("SystemStatus")).Ok().Str("status"));
        Assert.Equal("EService:Unavailable", (await client.Post("AddOrder", Buy())).Error());
        Assert.Equal("EService:Unavailable", (await client.Post("CancelOrder", ("txid", open))).Error());

        sandbox.Host.Faults.SystemStatus = TradingStatus.CancelOnly;
        Assert.Equal("cancel_only", (await sandbox.Public("SystemStatus")).Ok().Str("status"));
        Assert.Equal("EService:Market in cancel_only mode", (await client.Post("AddOrder", Buy())).Error());
        Assert.Empty((await client.Post("CancelOrder", ("txid", open))).Errors());

        await sandbox.Admin("/sandbox/status?status=post_only");
        Assert.Equal("EService:Market in post_only mode", (await client.Post("AddOrder", Buy())).Error());
        Assert.Empty((await client.Post("AddOrder", Buy("30000", ("oflags", "post")))).Errors());

        await sandbox.Admin("/sandbox/status?status=online");
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors());
    }

    [Fact]
    public async Task A_single_pair_can_be_limit_only_or_cancel_only()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        await sandbox.Admin("/sandbox/pair-status?pair=BTC/USD&status=limit_only");
        Assert.Equal("limit_only", (await sandbox.Public("AssetPairs", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").Str("status"));
        Assert.Equal("EService:Market in limit_only mode", (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "market"), ("volume", "0.1"))).Error());
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors());
        sandbox.Host.Faults.SetPairStatus("XBTUSD", TradingStatus.CancelOnly);
        Assert.Equal("EService:Market in cancel_only mode", (await client.Post("AddOrder", Buy())).Error());
        Assert.Empty((await client.Post("AddOrder", ("pair", "ETHUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "100"), ("volume", "1"))).Errors());
        sandbox.Host.Faults.Clear();
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors());
    }

    [Fact]
    public async Task The_next_orders_on_one_pair_can_be_refused_while_the_pair_stays_online_and_others_trade()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        sandbox.Host.Faults.RefuseOrders("BTC/USD", count: 2);
        Assert.Equal("EService:Market in cancel_only mode", (await client.Post("AddOrder", Buy())).Error());
        Assert.Equal("online", (await sandbox.Public("AssetPairs", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").Str("status"));
        Assert.Empty((await client.Post("AddOrder", ("pair", "ETHUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "100"), ("volume", "1"))).Errors());
        Assert.Equal("EService:Market in cancel_only mode", (await client.Post("AddOrder", Buy())).Error());
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors()); // two refused, then orders go through again

        sandbox.Host.Faults.RefuseOrders("XBTUSD", apiKey: "someone-else");
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors()); // only the other account's orders are refused
        sandbox.Host.Faults.Clear();
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors());
        Assert.Throws<ArgumentException>(() => sandbox.Host.Faults.RefuseOrders("NOPE/USD"));

        await sandbox.Admin("/sandbox/faults/refuse-orders?pair=BTC/USD&count=1");
        Assert.Equal("EService:Market in cancel_only mode", (await client.Post("AddOrder", Buy())).Error());
        Assert.Empty((await client.Post("AddOrder", Buy())).Errors());
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, (await sandbox.Http.PostAsync("/sandbox/faults/refuse-orders?pair=NOPE", null)).StatusCode);
    }

    [Fact]
    public async Task WebSocket_fault_hooks_count_down_and_clear()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var faults = sandbox.Host.Faults;
        Assert.False(faults.TryConsumeChecksumCorruption());
        await sandbox.Admin("/sandbox/faults/corrupt-checksum?count=2");
        Assert.True(faults.TryConsumeChecksumCorruption());
        Assert.True(faults.TryConsumeChecksumCorruption());
        Assert.False(faults.TryConsumeChecksumCorruption());

        var dropped = 0;
        faults.DropSocketsRequested += () => dropped++;
        await sandbox.Admin("/sandbox/faults/drop-sockets");
        await sandbox.Admin("/sandbox/faults/drop-sockets?every=5");
        Assert.Equal(1, dropped);
        Assert.Equal(TimeSpan.FromSeconds(5), faults.DropSocketsEvery);

        await sandbox.Admin("/sandbox/faults/ack-delay?ms=250");
        await sandbox.Admin("/sandbox/faults/drop-acks?count=1");
        await sandbox.Admin("/sandbox/faults/duplicate-executions?count=1");
        await sandbox.Admin("/sandbox/faults/reorder-executions?count=1");
        Assert.Equal(TimeSpan.FromMilliseconds(250), faults.AckDelay);
        Assert.True(faults.TryConsumeAckDrop());
        Assert.True(faults.TryConsumeDuplicateExecution());
        faults.Clear();
        Assert.False(faults.TryConsumeReorderExecution());
        Assert.Null(faults.DropSocketsEvery);
        Assert.Equal(TimeSpan.Zero, faults.AckDelay);
    }
}
