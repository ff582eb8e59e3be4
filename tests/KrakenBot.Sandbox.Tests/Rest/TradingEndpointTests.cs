using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Rest;

public sealed class TradingEndpointTests
{
    private static (string, string)[] Limit(string side, string price, string volume, params (string, string)[] extra) =>
        [("pair", "XBTUSD"), ("type", side), ("ordertype", "limit"), ("price", price), ("volume", volume), .. extra];

    private static async Task<string> Place(KrakenClient client, params (string, string)[] fields) =>
        (await client.Post("AddOrder", fields)).Ok().GetProperty("txid")[0].GetString()!;

    private static async Task<TestSandbox> TwoAccounts() => await TestSandbox.StartAsync(accounts:
        [TestSandbox.Account("me", TestSandbox.Secret), TestSandbox.Account("other", TestSandbox.Secret)]);

    [Fact]
    public async Task AddOrder_validate_returns_a_description_and_no_txid()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var result = (await sandbox.Client().Post("AddOrder", Limit("buy", "27500", "1.45", ("validate", "true")))).Ok();
        Assert.Equal("buy 1.45000000 XBTUSD @ limit 27500.0", result.GetProperty("descr").Str("order"));
        Assert.False(result.TryGetProperty("txid", out _));
        Assert.Empty((await sandbox.Client().Post("OpenOrders")).Ok().GetProperty("open").EnumerateObject());
    }

    [Fact]
    public async Task Open_orders_carry_userref_cl_ord_id_and_krakens_fields()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var a = await Place(client, Limit("buy", "30000", "0.5", ("userref", "7")));
        var b = await Place(client, Limit("sell", "90000", "0.25", ("cl_ord_id", "my-order-1"), ("oflags", "post,fcib")));

        var open = (await client.Post("OpenOrders")).Ok().GetProperty("open");
        Assert.Equal([a, b], open.EnumerateObject().Select(p => p.Name).ToArray());
        var first = open.GetProperty(a);
        Assert.Equal("open", first.Str("status"));
        Assert.Equal(7, first.GetProperty("userref").GetInt32());
        Assert.Equal("XBTUSD", first.GetProperty("descr").Str("pair"));
        Assert.Equal("30000.0", first.GetProperty("descr").Str("price"));
        Assert.Equal("buy 0.50000000 XBTUSD @ limit 30000.0", first.GetProperty("descr").Str("order"));
        Assert.Equal("0.50000000", first.Str("vol"));
        Assert.Equal("0.00000000", first.Str("vol_exec"));
        Assert.Equal("fciq", first.Str("oflags"));
        Assert.Equal(JsonValueKind.Number, first.GetProperty("opentm").ValueKind);
        var second = open.GetProperty(b);
        Assert.Equal("my-order-1", second.Str("cl_ord_id"));
        Assert.Equal("fcib,post", second.Str("oflags"));

        Assert.Equal([a], (await client.Post("OpenOrders", ("userref", "7"))).Ok().GetProperty("open").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal([b], (await client.Post("OpenOrders", ("cl_ord_id", "my-order-1"))).Ok().GetProperty("open").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("EGeneral:Invalid arguments:cl_ord_id", (await client.Post("AddOrder", Limit("sell", "91000", "0.25", ("cl_ord_id", "my-order-1")))).Error());
        Assert.Equal("EGeneral:Invalid arguments:cl_ord_id", (await client.Post("AddOrder", Limit("sell", "91000", "0.25", ("cl_ord_id", "this id is far too long for kraken")))).Error());
    }

    [Fact]
    public async Task Fills_show_in_queries_history_and_closed_orders()
    {
        await using var sandbox = await TwoAccounts();
        var me = sandbox.Client("me");
        var other = sandbox.Client("other");
        var resting = await Place(other, Limit("sell", "60000", "1"));
        var taker = await Place(me, Limit("buy", "60000", "0.4"));

        var orders = (await me.Post("QueryOrders", ("txid", taker), ("trades", "true"))).Ok();
        var filled = orders.GetProperty(taker);
        Assert.Equal("closed", filled.Str("status"));
        Assert.Equal("0.40000000", filled.Str("vol_exec"));
        Assert.Equal("24000.00000", filled.Str("cost"));
        Assert.Equal("62.40000", filled.Str("fee"));
        Assert.Equal("60000.0", filled.Str("price"));
        var tradeId = filled.GetProperty("trades")[0].GetString()!;

        var history = (await me.Post("TradesHistory")).Ok();
        Assert.Equal(1, history.GetProperty("count").GetInt32());
        var trade = history.GetProperty("trades").GetProperty(tradeId);
        Assert.Equal(taker, trade.Str("ordertxid"));
        Assert.Equal("XXBTZUSD", trade.Str("pair"));
        Assert.Equal("buy", trade.Str("type"));
        Assert.Equal("0.40000000", trade.Str("vol"));
        Assert.False(trade.GetProperty("maker").GetBoolean());
        Assert.Equal(1, trade.GetProperty("trade_id").GetInt64());
        Assert.True((await me.Post("QueryTrades", ("txid", tradeId))).Ok().TryGetProperty(tradeId, out _));
        Assert.Equal("EOrder:Unknown order", (await me.Post("QueryTrades", ("txid", "TAAAAA-BBBBB-CCCCCC"))).Error());

        var makerView = (await other.Post("QueryOrders", ("txid", resting))).Ok().GetProperty(resting);
        Assert.Equal("open", makerView.Str("status"));
        Assert.Equal("0.40000000", makerView.Str("vol_exec"));
        Assert.Equal("38.40000", makerView.Str("fee"));

        var closed = (await me.Post("ClosedOrders")).Ok();
        Assert.Equal(1, closed.GetProperty("count").GetInt32());
        Assert.Equal("EOrder:Invalid order", (await me.Post("QueryOrders", ("txid", resting))).Error()); // not mine
    }

    [Fact]
    public async Task ClosedOrders_pages_by_fifty_newest_first()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var ids = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            ids.Add(await Place(client, Limit("buy", (30000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "0.01")));
            sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(60, (await client.Post("CancelAll")).Ok().GetProperty("count").GetInt32());
        var page1 = (await client.Post("ClosedOrders")).Ok();
        Assert.Equal(60, page1.GetProperty("count").GetInt32());
        var names = page1.GetProperty("closed").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(50, names.Count);
        var page2 = (await client.Post("ClosedOrders", ("ofs", "50"))).Ok().GetProperty("closed").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(10, page2.Count);
        Assert.Empty(names.Intersect(page2));
        Assert.Equal("canceled", (await client.Post("ClosedOrders")).Ok().GetProperty("closed").GetProperty(names[0]).Str("status"));
        Assert.Equal("User requested", (await client.Post("ClosedOrders")).Ok().GetProperty("closed").GetProperty(names[0]).Str("reason"));
    }

    [Fact]
    public async Task Post_only_ioc_fok_and_gtd_over_rest()
    {
        await using var sandbox = await TwoAccounts();
        var me = sandbox.Client("me");
        var other = sandbox.Client("other");
        await Place(other, Limit("sell", "60000", "0.5"));

        Assert.Equal("EOrder:Post only order", (await me.Post("AddOrder", Limit("buy", "60000", "0.1", ("oflags", "post")))).Error());

        var ioc = await Place(me, Limit("buy", "60000", "0.8", ("timeinforce", "IOC")));
        var iocInfo = (await me.Post("QueryOrders", ("txid", ioc))).Ok().GetProperty(ioc);
        Assert.Equal("canceled", iocInfo.Str("status"));
        Assert.Equal("0.50000000", iocInfo.Str("vol_exec"));
        Assert.Equal("partial", iocInfo.Str("misc"));

        await Place(other, Limit("sell", "60000", "0.5"));
        var fok = await Place(me, Limit("buy", "60000", "0.6", ("timeinforce", "FOK")));
        var fokInfo = (await me.Post("QueryOrders", ("txid", fok))).Ok().GetProperty(fok);
        Assert.Equal("canceled", fokInfo.Str("status"));
        Assert.Equal("0.00000000", fokInfo.Str("vol_exec"));

        var gtd = await Place(me, Limit("buy", "50000", "0.1", ("timeinforce", "GTD"), ("expiretm", "+60")));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("expired", (await me.Post("QueryOrders", ("txid", gtd))).Ok().GetProperty(gtd).Str("status"));
        Assert.Equal("EGeneral:Invalid arguments:expiretm", (await me.Post("AddOrder", Limit("buy", "50000", "0.1", ("timeinforce", "GTD")))).Error());
    }

    [Fact]
    public async Task AddOrderBatch_places_each_order_and_reports_each_outcome()
    {
        await using var sandbox = await TestSandbox.StartAsync(accounts: [TestSandbox.Account(TestSandbox.Key, TestSandbox.Secret, usd: 10_000m)]);
        var client = sandbox.Client();
        var result = (await client.PostJson("AddOrderBatch", new Dictionary<string, object>
        {
            ["pair"] = "BTC/USD",
            ["orders"] = new object[]
            {
                new Dictionary<string, string> { ["ordertype"] = "limit", ["type"] = "buy", ["price"] = "40000", ["volume"] = "0.1", ["userref"] = "345" },
                new Dictionary<string, string> { ["ordertype"] = "limit", ["type"] = "buy", ["price"] = "40000", ["volume"] = "5" },
                new Dictionary<string, string> { ["ordertype"] = "limit", ["type"] = "sell", ["price"] = "42000", ["volume"] = "1.2" },
            },
        })).Ok().GetProperty("orders");
        Assert.Equal(3, result.GetArrayLength());
        Assert.Matches("^O", result[0].Str("txid"));
        Assert.Equal("EOrder:Insufficient funds", result[1].Str("error"));
        Assert.Equal("sell 1.20000000 XBTUSD @ limit 42000.0", result[2].GetProperty("descr").Str("order"));

        var bad = await client.PostJson("AddOrderBatch", new Dictionary<string, object>
        {
            ["pair"] = "XBTUSD",
            ["orders"] = new object[]
            {
                new Dictionary<string, string> { ["ordertype"] = "limit", ["type"] = "buy", ["price"] = "40000", ["volume"] = "0.1" },
                new Dictionary<string, string> { ["ordertype"] = "limit", ["type"] = "buy", ["price"] = "40000" },
            },
        });
        Assert.Equal("EGeneral:Invalid arguments:volume", bad.Error());
        Assert.Equal(2, (await client.Post("OpenOrders")).Ok().GetProperty("open").EnumerateObject().Count());
    }

    [Fact]
    public async Task Form_encoded_batches_use_indexed_fields()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var result = (await sandbox.Client().Post("AddOrderBatch", ("pair", "XBTUSD"),
            ("orders[0][ordertype]", "limit"), ("orders[0][type]", "buy"), ("orders[0][price]", "40000"), ("orders[0][volume]", "0.1"),
            ("orders[1][ordertype]", "limit"), ("orders[1][type]", "sell"), ("orders[1][price]", "80000"), ("orders[1][volume]", "0.2"))).Ok();
        Assert.Equal(2, result.GetProperty("orders").GetArrayLength());
    }

    [Fact]
    public async Task AmendOrder_keeps_the_id_and_EditOrder_replaces_it()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var id = await Place(client, Limit("buy", "30000", "1", ("cl_ord_id", "amend-me")));
        var amend = (await client.Post("AmendOrder", ("cl_ord_id", "amend-me"), ("order_qty", "0.5"), ("limit_price", "30100"))).Ok();
        Assert.Matches("^T[A-Z2-7]{5}-", amend.Str("amend_id"));
        var info = (await client.Post("QueryOrders", ("txid", id))).Ok().GetProperty(id);
        Assert.Equal("0.50000000", info.Str("vol"));
        Assert.Equal("30100.0", info.GetProperty("descr").Str("price"));
        Assert.Equal("amended", info.Str("misc"));
        Assert.Equal("EOrder:Unknown order", (await client.Post("AmendOrder", ("txid", "OAAAAA-BBBBB-CCCCCC"), ("order_qty", "1"))).Error());

        var edit = (await client.Post("EditOrder", ("txid", id), ("pair", "XBTUSD"), ("volume", "0.75"), ("price", "29000"), ("userref", "9"))).Ok();
        Assert.Equal("ok", edit.Str("status"));
        Assert.Equal(id, edit.Str("originaltxid"));
        var newId = edit.Str("txid");
        Assert.NotEqual(id, newId);
        Assert.Equal("0.75000000", edit.Str("volume"));
        Assert.Equal(1, edit.GetProperty("orders_cancelled").GetInt32());
        Assert.Equal("canceled", (await client.Post("QueryOrders", ("txid", id))).Ok().GetProperty(id).Str("status"));
        var replaced = (await client.Post("QueryOrders", ("txid", newId))).Ok().GetProperty(newId);
        Assert.Equal(9, replaced.GetProperty("userref").GetInt32());
        Assert.Equal("29000.0", replaced.GetProperty("descr").Str("price"));
    }

    [Fact]
    public async Task CancelOrder_by_txid_userref_and_cl_ord_id_and_CancelOrderBatch()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var a = await Place(client, Limit("buy", "30000", "0.1"));
        await Place(client, Limit("buy", "30001", "0.1", ("userref", "5")));
        await Place(client, Limit("buy", "30002", "0.1", ("userref", "5")));
        await Place(client, Limit("buy", "30003", "0.1", ("cl_ord_id", "c1")));
        var e = await Place(client, Limit("buy", "30004", "0.1"));
        var f = await Place(client, Limit("buy", "30005", "0.1", ("cl_ord_id", "c2")));
        await Place(client, Limit("buy", "30006", "0.1"));

        Assert.Equal(1, (await client.Post("CancelOrder", ("txid", a))).Ok().GetProperty("count").GetInt32());
        Assert.Equal("EOrder:Unknown order", (await client.Post("CancelOrder", ("txid", a))).Error());
        Assert.Equal(2, (await client.Post("CancelOrder", ("txid", "5"))).Ok().GetProperty("count").GetInt32());
        Assert.Equal(1, (await client.Post("CancelOrder", ("cl_ord_id", "c1"))).Ok().GetProperty("count").GetInt32());
        var batch = (await client.PostJson("CancelOrderBatch", new Dictionary<string, object> { ["orders"] = new[] { e }, ["cl_ord_ids"] = new[] { "c2" } })).Ok();
        Assert.Equal(2, batch.GetProperty("count").GetInt32());
        Assert.Equal("canceled", (await client.Post("QueryOrders", ("txid", f))).Ok().GetProperty(f).Str("status"));
        Assert.Equal(1, (await client.Post("CancelAll")).Ok().GetProperty("count").GetInt32());
        Assert.Equal(0, (await client.Post("CancelAll")).Ok().GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task CancelAllOrdersAfter_is_a_real_timer_on_the_clock()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var client = sandbox.Client();
        var id = await Place(client, Limit("buy", "30000", "0.1"));
        var armed = (await client.Post("CancelAllOrdersAfter", ("timeout", "60"))).Ok();
        Assert.Equal("2026-03-02T10:00:00Z", armed.Str("currentTime"));
        Assert.Equal("2026-03-02T10:01:00Z", armed.Str("triggerTime"));

        sandbox.Clock.Advance(TimeSpan.FromSeconds(30));
        (await client.Post("CancelAllOrdersAfter", ("timeout", "60"))).Ok(); // re-armed: now fires at 10:01:30
        sandbox.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal("open", (await client.Post("QueryOrders", ("txid", id))).Ok().GetProperty(id).Str("status"));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(16));
        Assert.Equal("canceled", (await client.Post("QueryOrders", ("txid", id))).Ok().GetProperty(id).Str("status"));

        var id2 = await Place(client, Limit("buy", "30000", "0.1"));
        (await client.Post("CancelAllOrdersAfter", ("timeout", "10"))).Ok();
        Assert.Equal("0", (await client.Post("CancelAllOrdersAfter", ("timeout", "0"))).Ok().Str("triggerTime"));
        sandbox.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("open", (await client.Post("QueryOrders", ("txid", id2))).Ok().GetProperty(id2).Str("status"));
        Assert.Equal("EGeneral:Invalid arguments:timeout", (await client.Post("CancelAllOrdersAfter", ("timeout", "86400"))).Error());
    }

    [Fact]
    public async Task Market_orders_and_viqc_over_rest()
    {
        await using var sandbox = await TwoAccounts();
        var me = sandbox.Client("me");
        await Place(sandbox.Client("other"), Limit("sell", "60000", "1"));
        var id = await Place(me, ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "market"), ("volume", "6000"), ("oflags", "viqc"));
        var info = (await me.Post("QueryOrders", ("txid", id))).Ok().GetProperty(id);
        Assert.Equal("closed", info.Str("status"));
        Assert.Equal("0.10000000", info.Str("vol_exec"));
        Assert.Equal("6000.00000", info.Str("cost"));
        Assert.Contains("viqc", info.Str("oflags"));
        Assert.Equal("EGeneral:Invalid arguments:viqc", (await me.Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "market"), ("volume", "1"), ("oflags", "viqc"))).Error());
    }
}
