using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>The private endpoint: executions, balances and trading methods over a real WebSocket.</summary>
public sealed class ExecutionsSocketTests
{
    private static async Task<PrivateSession> SubscribedAsync(SandboxWsFixture sandbox, string extra = "")
    {
        var session = await PrivateSession.OpenAsync(sandbox);
        var ack = await session.CallAsync("subscribe", "\"channel\":\"executions\"" + extra);
        Assert.True(ack.GetProperty("success").GetBoolean(), ack.ToString());
        Assert.Equal("executions", ack.GetProperty("result").Str("channel"));
        Assert.Equal(180, ack.GetProperty("result").GetProperty("maxratecount").GetInt32()); // pro tier
        return session;
    }

    [Fact]
    public async Task Limit_order_lifecycle_pending_new_new_trade_filled()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await SubscribedAsync(sandbox);
        var snapshot = await s.Ws.NextOnAsync("executions", "snapshot");
        Assert.Equal(0, snapshot.GetProperty("data").GetArrayLength());

        var reply = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"sell\",\"order_qty\":0.5,\"limit_price\":60000.1,\"symbol\":\"BTC/USD\",\"cl_ord_id\":\"my-order-1\"");
        Assert.True(reply.GetProperty("success").GetBoolean(), reply.ToString());
        var orderId = reply.GetProperty("result").Str("order_id")!;
        Assert.Equal("my-order-1", reply.GetProperty("result").Str("cl_ord_id"));
        Assert.Matches("^O[A-Z2-7]{5}-[A-Z2-7]{5}-[A-Z2-7]{6}$", orderId);

        var pending = await s.NextExecutionAsync();
        Assert.Equal("pending_new", pending.Str("exec_type"));
        Assert.Equal("pending_new", pending.Str("order_status"));
        Assert.Equal(orderId, pending.Str("order_id"));
        Assert.Equal("my-order-1", pending.Str("cl_ord_id"));
        Assert.Equal("BTC/USD", pending.Str("symbol"));
        Assert.Equal("sell", pending.Str("side"));
        Assert.Equal("limit", pending.Str("order_type"));
        Assert.Equal("0.50000000", pending.Raw("order_qty"));
        Assert.Equal("60000.1", pending.Raw("limit_price"));
        Assert.Equal("GTC", pending.Str("time_in_force"));
        var live = await s.NextExecutionAsync();
        Assert.Equal("new", live.Str("exec_type"));
        Assert.Equal("new", live.Str("order_status"));

        // Another account takes 0.2 then the rest.
        var taker = sandbox.Account(SandboxWsFixture.OtherKey);
        Assert.Null(sandbox.Market(taker, Side.Buy, 0.2m).Error);
        var trade = await s.NextExecutionAsync();
        Assert.Equal("trade", trade.Str("exec_type"));
        Assert.Equal("partially_filled", trade.Str("order_status"));
        Assert.Equal("0.20000000", trade.Raw("last_qty"));
        Assert.Equal(60000.1m, trade.Dec("last_price"));
        Assert.Equal("m", trade.Str("liquidity_ind"));
        Assert.Equal(12000.02m, trade.Dec("cost"));
        Assert.Equal(0.2m, trade.Dec("cum_qty"));
        Assert.Equal(12000.02m, trade.Dec("cum_cost"));
        Assert.Equal(60000.1m, trade.Dec("avg_price"));
        var fee = trade.GetProperty("fees")[0];
        Assert.Equal("USD", fee.Str("asset"));
        Assert.Equal(Math.Round(12000.02m * 0.0016m, 4, MidpointRounding.ToPositiveInfinity), fee.Dec("qty")); // maker 0.16 %
        Assert.Equal(fee.Dec("qty"), trade.Dec("fee_usd_equiv"));
        Assert.StartsWith("T", trade.Str("exec_id"));
        Assert.True(trade.GetProperty("trade_id").GetInt64() > 0);

        Assert.Null(sandbox.Market(taker, Side.Buy, 0.3m).Error);
        var second = await s.NextExecutionAsync();
        Assert.Equal("trade", second.Str("exec_type"));
        Assert.Equal("partially_filled", second.Str("order_status")); // Kraken: completion is a separate event
        var filled = await s.NextExecutionAsync();
        Assert.Equal("filled", filled.Str("exec_type"));
        Assert.Equal("filled", filled.Str("order_status"));
        Assert.Equal(0.5m, filled.Dec("cum_qty"));
        Assert.Equal(30000.05m, filled.Dec("cum_cost"));
    }

    [Fact]
    public async Task Market_ioc_fok_and_post_only_behave_as_on_kraken()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var maker = sandbox.Account(SandboxWsFixture.OtherKey);
        Assert.Null(sandbox.Limit(maker, Side.Sell, 0.3m, 60000m).Error);
        await using var s = await SubscribedAsync(sandbox, ",\"snap_orders\":false");

        // Post-only that would take: Kraken's error, nothing placed.
        var postOnly = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":60000,\"post_only\":true,\"symbol\":\"BTC/USD\"");
        Assert.False(postOnly.GetProperty("success").GetBoolean());
        Assert.Equal("EOrder:Post only order", postOnly.Str("error"));

        // FOK larger than the book: canceled whole.
        var fok = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":1,\"limit_price\":60000,\"time_in_force\":\"fok\",\"symbol\":\"BTC/USD\"");
        Assert.True(fok.GetProperty("success").GetBoolean());
        await s.NextAsyncType("pending_new");
        await s.NextAsyncType("new");
        var fokCanceled = await s.NextAsyncType("canceled");
        Assert.Equal(0m, fokCanceled.Dec("cum_qty"));
        Assert.False(string.IsNullOrEmpty(fokCanceled.Str("reason")));

        // IOC: fills what is there (0.3), cancels the remainder.
        var ioc = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.5,\"limit_price\":60000,\"time_in_force\":\"ioc\",\"symbol\":\"BTC/USD\"");
        Assert.True(ioc.GetProperty("success").GetBoolean());
        var iocTrade = await s.NextAsyncType("trade");
        Assert.Equal("t", iocTrade.Str("liquidity_ind"));
        Assert.Equal(0.3m, iocTrade.Dec("last_qty"));
        var iocCanceled = await s.NextAsyncType("canceled");
        Assert.Equal(0.3m, iocCanceled.Dec("cum_qty"));

        // Market order into an empty ask side: nothing to take, canceled.
        Assert.Null(sandbox.Limit(maker, Side.Sell, 0.1m, 60001m).Error);
        var market = await s.CallAsync("add_order", "\"order_type\":\"market\",\"side\":\"buy\",\"order_qty\":0.1,\"symbol\":\"BTC/USD\"");
        Assert.True(market.GetProperty("success").GetBoolean());
        var marketTrade = await s.NextAsyncType("trade");
        Assert.Equal("market", marketTrade.Str("order_type"));
        Assert.Equal(60001m, marketTrade.Dec("last_price"));
        Assert.Equal("filled", (await s.NextAsyncType("filled")).Str("order_status"));
    }

    [Fact]
    public async Task Amend_edit_cancel_and_cancel_all_stream_their_events()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await SubscribedAsync(sandbox, ",\"snap_orders\":false");
        var add = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.5,\"limit_price\":50000,\"symbol\":\"BTC/USD\",\"cl_ord_id\":\"amend-me\"");
        var orderId = add.GetProperty("result").Str("order_id")!;
        await s.NextAsyncType("new");

        var amend = await s.CallAsync("amend_order", "\"cl_ord_id\":\"amend-me\",\"order_qty\":0.4,\"limit_price\":50000.5");
        Assert.True(amend.GetProperty("success").GetBoolean(), amend.ToString());
        Assert.StartsWith("T", amend.GetProperty("result").Str("amend_id"));
        Assert.Equal("amend-me", amend.GetProperty("result").Str("cl_ord_id"));
        var amended = await s.NextAsyncType("amended");
        Assert.Equal(orderId, amended.Str("order_id"));
        Assert.Equal("0.40000000", amended.Raw("order_qty"));
        Assert.Equal("50000.5", amended.Raw("limit_price"));
        Assert.Equal("new", amended.Str("order_status"));

        var edit = await s.CallAsync("edit_order", $"\"order_id\":\"{orderId}\",\"symbol\":\"BTC/USD\",\"order_qty\":0.3,\"limit_price\":49000");
        Assert.True(edit.GetProperty("success").GetBoolean(), edit.ToString());
        var newId = edit.GetProperty("result").Str("order_id")!;
        Assert.Equal(orderId, edit.GetProperty("result").Str("original_order_id"));
        Assert.NotEqual(orderId, newId);
        var replaced = await s.NextAsyncType("canceled");
        Assert.Equal(orderId, replaced.Str("order_id"));

        var unknown = await s.CallAsync("cancel_order", "\"order_id\":[\"OAAAAA-BBBBB-CCCCCC\"]");
        Assert.False(unknown.GetProperty("success").GetBoolean());
        Assert.Equal("EOrder:Unknown order", unknown.Str("error"));

        var cancel = await s.CallAsync("cancel_order", $"\"order_id\":[\"{newId}\"]");
        Assert.True(cancel.GetProperty("success").GetBoolean());
        Assert.Equal(newId, cancel.GetProperty("result").Str("order_id"));
        var canceled = await s.NextAsyncType("canceled");
        Assert.Equal(newId, canceled.Str("order_id"));
        Assert.Equal("User requested", canceled.Str("reason"));

        for (var i = 0; i < 3; i++)
            await s.CallAsync("add_order", $"\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":{40000 + i},\"symbol\":\"BTC/USD\",\"order_userref\":7");
        var all = await s.CallAsync("cancel_all");
        Assert.True(all.GetProperty("success").GetBoolean());
        Assert.Equal(3, all.GetProperty("result").GetProperty("count").GetInt32());
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
    }

    [Fact]
    public async Task Key_permissions_apply_to_channels_and_methods()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync(ApiPermissions.CreateWsToken | ApiPermissions.QueryFunds);
        await using var s = await PrivateSession.OpenAsync(sandbox);
        Assert.Equal("EGeneral:Permission denied", (await s.CallAsync("subscribe", "\"channel\":\"executions\"")).Str("error"));
        Assert.Equal("EGeneral:Permission denied", (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"")).Str("error"));
        Assert.Equal("EGeneral:Permission denied", (await s.CallAsync("cancel_all")).Str("error"));
        Assert.True((await s.CallAsync("subscribe", "\"channel\":\"balances\"")).GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Unsubscribed_executions_stop_arriving()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await SubscribedAsync(sandbox, ",\"snap_orders\":false");
        var unsub = await s.CallAsync("unsubscribe", "\"channel\":\"executions\"");
        Assert.True(unsub.GetProperty("success").GetBoolean());
        Assert.Equal("executions", unsub.GetProperty("result").Str("channel"));
        var add = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"");
        Assert.True(add.GetProperty("success").GetBoolean());
        await s.Ws.SendAsync("{\"method\":\"ping\",\"req_id\":77}");
        while (true)
        {
            var m = await s.Ws.ReceiveAsync();
            if (m.Str("method") == "pong") break;
            Assert.NotEqual("executions", m.Str("channel"));
        }
    }

    [Fact]
    public async Task Gtd_order_expires_on_the_clock()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await SubscribedAsync(sandbox, ",\"snap_orders\":false");
        var add = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\",\"time_in_force\":\"gtd\",\"expire_time\":\"2026-03-02T12:00:30Z\"");
        Assert.True(add.GetProperty("success").GetBoolean(), add.ToString());
        var pending = await s.NextAsyncType("pending_new");
        Assert.Equal("GTD", pending.Str("time_in_force"));
        Assert.Equal("2026-03-02T12:00:30.000000Z", pending.Str("expire_time"));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(31));
        var expired = await s.NextAsyncType("expired");
        Assert.Equal("expired", expired.Str("order_status"));
        Assert.Equal(add.GetProperty("result").Str("order_id"), expired.Str("order_id"));
    }

    [Fact]
    public async Task Forced_rate_limit_fault_refuses_the_next_trading_call()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        sandbox.Host.Faults.ForceRateLimit(1);
        var refused = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"");
        Assert.Equal("EOrder:Rate limit exceeded", refused.Str("error"));
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
        var accepted = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"");
        Assert.True(accepted.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Trading_counter_is_shared_with_rest_and_refuses_when_full()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        // Pro tier: threshold 180; each add costs 1 and the clock does not move, so the 181st is refused.
        sandbox.Account().TradingCounters!.TryCharge(sandbox.Exchange.Markets.Pairs[0], 180m);
        var refused = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"");
        Assert.Equal("EOrder:Rate limit exceeded", refused.Str("error"));
        var otherPair = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":100,\"limit_price\":0.1,\"symbol\":\"DOGE/USD\"");
        Assert.True(otherPair.GetProperty("success").GetBoolean(), otherPair.ToString()); // per pair
    }

    [Fact]
    public async Task Batch_add_and_batch_cancel()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        var tooFew = await s.CallAsync("batch_add", "\"symbol\":\"BTC/USD\",\"orders\":[{\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000}]");
        Assert.False(tooFew.GetProperty("success").GetBoolean());

        var oneBad = await s.CallAsync("batch_add", "\"symbol\":\"BTC/USD\",\"orders\":[{\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000},{\"order_type\":\"limit\",\"side\":\"up\",\"order_qty\":0.1,\"limit_price\":50000}]");
        Assert.Equal("EGeneral:Invalid arguments:side", oneBad.Str("error"));
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account())); // whole batch rejected

        var batch = await s.CallAsync("batch_add", "\"symbol\":\"BTC/USD\",\"orders\":[{\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"order_userref\":1},{\"order_type\":\"limit\",\"side\":\"sell\",\"order_qty\":0.2,\"limit_price\":70000,\"order_userref\":2}]");
        Assert.True(batch.GetProperty("success").GetBoolean(), batch.ToString());
        var result = batch.GetProperty("result");
        Assert.Equal(JsonValueKind.Array, result.ValueKind);
        Assert.Equal(2, result.GetArrayLength());
        Assert.Equal(1, result[0].GetProperty("order_userref").GetInt32());
        var ids = result.EnumerateArray().Select(r => r.Str("order_id")!).ToList();
        Assert.Equal(2, sandbox.Exchange.OpenOrdersOf(sandbox.Account()).Count);

        var cancel = await s.CallAsync("batch_cancel", $"\"orders\":[\"{ids[0]}\",\"{ids[1]}\"]");
        Assert.True(cancel.GetProperty("success").GetBoolean());
        Assert.Equal(2, cancel.GetProperty("result").GetProperty("count").GetInt32());
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
    }

    [Fact]
    public async Task Snapshot_lists_open_orders_and_recent_trades_on_request()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var me = sandbox.Account();
        var other = sandbox.Account(SandboxWsFixture.OtherKey);
        var resting = sandbox.Limit(me, Side.Buy, 0.5m, 55000m).Order!;
        Assert.Null(sandbox.Market(other, Side.Sell, 0.2m).Error); // partially fills my order
        await using var s = await SubscribedAsync(sandbox, ",\"snap_trades\":true");
        var snapshot = await s.Ws.NextOnAsync("executions", "snapshot");
        var entries = snapshot.GetProperty("data").EnumerateArray().ToList();
        var order = entries.Single(e => e.Str("order_id") == resting.Txid && e.Str("exec_id") is null);
        Assert.Equal("partially_filled", order.Str("order_status"));
        Assert.Equal(0.2m, order.Dec("cum_qty"));
        Assert.Equal("0.50000000", order.Raw("order_qty"));
        var trade = entries.Single(e => e.Str("exec_id") is not null);
        Assert.Equal(0.2m, trade.Dec("last_qty"));
        Assert.True(snapshot.GetProperty("sequence").GetInt64() >= 1);
    }

    [Fact]
    public async Task Balances_snapshot_then_trade_updates()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        var ack = await s.CallAsync("subscribe", "\"channel\":\"balances\"");
        Assert.True(ack.GetProperty("success").GetBoolean());
        var snapshot = await s.Ws.NextOnAsync("balances", "snapshot");
        var usd = snapshot.GetProperty("data").EnumerateArray().Single(b => b.Str("asset") == "USD");
        Assert.Equal(1_000_000m, usd.Dec("balance"));
        Assert.Equal("spot", usd.GetProperty("wallets")[0].Str("type"));
        var btc = snapshot.GetProperty("data").EnumerateArray().Single(b => b.Str("asset") == "BTC");
        Assert.Equal("100.0000000000", btc.Raw("balance"));

        var other = sandbox.Account(SandboxWsFixture.OtherKey);
        Assert.Null(sandbox.Limit(other, Side.Sell, 0.1m, 60000m).Error);
        var add = await s.CallAsync("add_order", "\"order_type\":\"market\",\"side\":\"buy\",\"order_qty\":0.1,\"symbol\":\"BTC/USD\"");
        Assert.True(add.GetProperty("success").GetBoolean());
        var btcUpdate = (await s.Ws.NextOnAsync("balances", "update")).Data0();
        var usdUpdate = (await s.Ws.NextOnAsync("balances", "update")).Data0();
        Assert.Equal("BTC", btcUpdate.Str("asset"));
        Assert.Equal(0.1m, btcUpdate.Dec("amount"));
        Assert.Equal(100.1m, btcUpdate.Dec("balance"));
        Assert.Equal("trade", btcUpdate.Str("type"));
        Assert.Equal("USD", usdUpdate.Str("asset"));
        var fee = Math.Round(6000m * 0.0026m, 4, MidpointRounding.ToPositiveInfinity);
        Assert.Equal(fee, usdUpdate.Dec("fee"));
        Assert.Equal(-6000m - fee, usdUpdate.Dec("amount"));
        Assert.Equal(1_000_000m - 6000m - fee, usdUpdate.Dec("balance"));
        Assert.Equal(btcUpdate.Str("ref_id"), usdUpdate.Str("ref_id"));
    }

    [Fact]
    public async Task Token_errors_and_public_endpoint_refuse_private_requests()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PrivateAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"executions","token":"not-a-token"},"req_id":1}""");
        Assert.Equal("EAPI:Invalid token", (await ws.NextAckAsync("subscribe")).Str("error"));
        await ws.SendAsync("""{"method":"add_order","params":{"order_type":"limit","side":"buy","order_qty":1,"limit_price":1,"symbol":"BTC/USD"},"req_id":2}""");
        Assert.Equal("EAPI:Invalid token", (await ws.NextAckAsync("add_order")).Str("error"));

        // A token unused for more than 15 minutes has expired.
        var token = await sandbox.TokenAsync();
        sandbox.Clock.Advance(TimeSpan.FromMinutes(16));
        await ws.SendAsync($"{{\"method\":\"cancel_all\",\"params\":{{\"token\":\"{token}\"}},\"req_id\":3}}");
        Assert.Equal("EAPI:Invalid token", (await ws.NextAckAsync("cancel_all")).Str("error"));

        // Private methods are not served on the public endpoint.
        var fresh = await sandbox.TokenAsync();
        await using var pub = await sandbox.PublicAsync();
        await pub.ReceiveAsync();
        await pub.SendAsync($"{{\"method\":\"cancel_all\",\"params\":{{\"token\":\"{fresh}\"}},\"req_id\":4}}");
        Assert.Equal("EGeneral:Permission denied", (await pub.NextAckAsync("cancel_all")).Str("error"));
        await pub.SendAsync("""{"method":"fly","req_id":5}""");
        Assert.StartsWith("EGeneral:Unknown method", (await pub.NextAckAsync("fly")).Str("error"));
    }

    [Fact]
    public async Task Token_stays_valid_while_a_private_subscription_uses_it()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await SubscribedAsync(sandbox);
        sandbox.Clock.Advance(TimeSpan.FromMinutes(20));
        var reply = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"");
        Assert.True(reply.GetProperty("success").GetBoolean(), reply.ToString());
    }

    [Fact]
    public async Task Order_errors_name_the_bad_field_and_unknown_fields_are_refused()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        Assert.Equal("EGeneral:Invalid arguments:order_qty",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":\"lots\",\"limit_price\":1,\"symbol\":\"BTC/USD\"")).Str("error"));
        Assert.Equal("EGeneral:Invalid arguments:order_qty",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":1e400,\"limit_price\":1,\"symbol\":\"BTC/USD\"")).Str("error"));
        Assert.Equal("EGeneral:Invalid arguments:volume",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":-1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"")).Str("error"));
        Assert.Equal("EQuery:Unknown asset pair",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":1,\"limit_price\":1,\"symbol\":\"XBT/USD\"")).Str("error"));
        Assert.Equal("Unsupported field: 'leverage'",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":1,\"limit_price\":1,\"symbol\":\"BTC/USD\",\"leverage\":2")).Str("error"));
        Assert.Equal("EOrder:Tick size check failed",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000.05,\"symbol\":\"BTC/USD\"")).Str("error"));
        Assert.Equal("EOrder:Insufficient funds",
            (await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":100,\"limit_price\":50000,\"symbol\":\"BTC/USD\"")).Str("error"));
        var validate = await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\",\"validate\":true");
        Assert.True(validate.GetProperty("success").GetBoolean());
        Assert.Equal("", validate.GetProperty("result").Str("order_id"));
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
    }

    [Fact]
    public async Task Cancel_all_orders_after_arms_a_real_timer()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("add_order", "\"order_type\":\"limit\",\"side\":\"buy\",\"order_qty\":0.1,\"limit_price\":50000,\"symbol\":\"BTC/USD\"");
        var armed = await s.CallAsync("cancel_all_orders_after", "\"timeout\":60");
        Assert.True(armed.GetProperty("success").GetBoolean());
        Assert.Equal("2026-03-02T12:00:00Z", armed.GetProperty("result").Str("currentTime"));
        Assert.Equal("2026-03-02T12:01:00Z", armed.GetProperty("result").Str("triggerTime"));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(sandbox.Exchange.OpenOrdersOf(sandbox.Account()));
    }
}

internal static class SessionExtensions
{
    /// <summary>The next execution entry with this exec_type (earlier ones are skipped).</summary>
    public static async Task<JsonElement> NextAsyncType(this PrivateSession s, string execType)
    {
        while (true)
        {
            var entry = await s.NextExecutionAsync();
            if (entry.Str("exec_type") == execType) return entry;
        }
    }
}
