using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>
/// Orders of the kinds a trader places on Kraken's website next to their bot: stop-loss, take-profit and trailing
/// stops, with a market or a limit order once triggered. The sandbox keeps them untriggered, holding their funds, and
/// reports them with Kraken's field shapes (relative and percentage prices as text).
/// </summary>
public sealed class TriggeredOrderTests
{
    private static async Task<string> Place(KrakenClient client, params (string, string)[] fields) =>
        (await client.Post("AddOrder", [("pair", "XBTUSD"), .. fields])).Ok().GetProperty("txid")[0].GetString()!;

    [Theory]
    [InlineData("stop-loss", "sell", "60000", null, "60000.0", "0.0", "sell 0.50000000 XBTUSD @ stop loss 60000.0")]
    [InlineData("take-profit", "sell", "+10%", null, "+10.0000%", "0.0", "sell 0.50000000 XBTUSD @ take profit +10.0000%")]
    [InlineData("stop-loss-limit", "sell", "60000", "59900", "60000.0", "59900.0", "sell 0.50000000 XBTUSD @ stop loss 60000.0 -> limit 59900.0")]
    [InlineData("take-profit-limit", "sell", "#5%", "-1%", "#5.0000%", "-1.0000%", "sell 0.50000000 XBTUSD @ take profit #5.0000% -> limit -1.0000%")]
    [InlineData("trailing-stop", "sell", "+50%", null, "+50.0000%", "0.0", "sell 0.50000000 XBTUSD @ trailing stop +50.0000%")]
    [InlineData("trailing-stop-limit", "sell", "+500", "-100", "+500.0", "-100.0", "sell 0.50000000 XBTUSD @ trailing stop +500.0 -> limit -100.0")]
    public async Task A_triggered_order_rests_untriggered_with_its_prices_as_Kraken_writes_them(
        string type, string side, string price, string? price2, string descrPrice, string descrPrice2, string text)
    {
        await using var sandbox = await TestSandbox.StartAsync(accounts: [TestSandbox.Account(TestSandbox.Key, TestSandbox.Secret, usd: 100_000m, btc: 2m)]);
        var client = sandbox.Client();
        (string, string)[] fields = [("type", side), ("ordertype", type), ("price", price), ("volume", "0.5"), ("trigger", "index")];
        if (price2 is not null) fields = [.. fields, ("price2", price2)];
        var txid = await Place(client, fields);

        var order = (await client.Post("OpenOrders")).Ok().GetProperty("open").GetProperty(txid);
        Assert.Equal("open", order.Str("status"));
        var descr = order.GetProperty("descr");
        Assert.Equal(type, descr.Str("ordertype"));
        Assert.Equal(descrPrice, descr.Str("price"));
        Assert.Equal(descrPrice2, descr.Str("price2"));
        Assert.Equal(text, descr.Str("order"));
        Assert.Equal("index", order.Str("trigger"));
        Assert.Equal("0.00000000", order.Str("vol_exec"));
        // A sell holds what it would sell.
        Assert.Equal("0.5000000000", (await client.Post("BalanceEx")).Ok().GetProperty("XXBT").Str("hold_trade"));
    }

    [Fact]
    public async Task A_buy_stop_holds_its_cost_is_never_matched_and_a_cancel_releases_it()
    {
        await using var sandbox = await TestSandbox.StartAsync(accounts:
            [TestSandbox.Account("me", TestSandbox.Secret, usd: 100_000m, btc: 1m), TestSandbox.Account("other", TestSandbox.Secret)]);
        var me = sandbox.Client("me");
        var other = sandbox.Client("other");
        await Place(other, ("type", "sell"), ("ordertype", "limit"), ("price", "60000"), ("volume", "1"));

        // A buy stop-limit whose prices are both at or above the resting ask: a limit order there would trade at once.
        var txid = await Place(me, ("type", "buy"), ("ordertype", "stop-loss-limit"), ("price", "61000"), ("price2", "61500"), ("volume", "0.1"));
        Assert.Equal("6165.9900", (await me.Post("BalanceEx")).Ok().GetProperty("ZUSD").Str("hold_trade")); // 6150 + 15.99 (0.26 % taker fee)
        Assert.Empty((await me.Post("TradesHistory")).Ok().GetProperty("trades").EnumerateObject());
        Assert.Equal("1.00000000", (await other.Post("OpenOrders")).Ok().GetProperty("open").EnumerateObject().Single().Value.Str("vol"));

        Assert.Equal(1, (await me.Post("CancelOrder", ("txid", txid))).Ok().GetProperty("count").GetInt32());
        Assert.Equal("0.0000", (await me.Post("BalanceEx")).Ok().GetProperty("ZUSD").Str("hold_trade"));
        Assert.Equal("canceled", (await me.Post("QueryOrders", ("txid", txid))).Ok().GetProperty(txid).Str("status"));
    }

    [Theory]
    [InlineData("trailing-stop", "50000", null, "price")]        // a trailing stop's price is an offset with '+'
    [InlineData("trailing-stop-limit", "+50", "100", "price2")]  // and its limit an offset with '+' or '-'
    [InlineData("stop-loss-limit", "60000", null, "price2")]     // a limit kind needs price2
    [InlineData("stop-loss", "60000", "59000", "price2")]        // a market kind takes none
    [InlineData("stop-loss", "abc", null, "price")]
    [InlineData("take-profit", "150%", null, "price")]           // a percentage is an offset, below 100 %
    public async Task Malformed_trigger_prices_are_refused_by_field(string type, string price, string? price2, string field)
    {
        await using var sandbox = await TestSandbox.StartAsync();
        (string, string)[] fields = [("pair", "XBTUSD"), ("type", "sell"), ("ordertype", type), ("price", price), ("volume", "0.5")];
        if (price2 is not null) fields = [.. fields, ("price2", price2)];
        Assert.Equal($"EGeneral:Invalid arguments:{field}", (await sandbox.Client().Post("AddOrder", fields)).Error());
    }

    [Fact]
    public async Task Triggered_orders_survive_a_restart_from_the_data_directory()
    {
        var dir = Directory.CreateTempSubdirectory("sandbox-triggers-").FullName;
        try
        {
            string txid;
            await using (var first = await TestSandbox.StartAsync(dataDir: dir))
                txid = await Place(first.Client(), ("type", "sell"), ("ordertype", "trailing-stop-limit"), ("price", "+2.5%"), ("price2", "-50"), ("volume", "0.25"));

            await using var second = await TestSandbox.StartAsync(dataDir: dir);
            for (int i = 0; i < 10; i++) second.Client().NextNonce(); // a new client's nonces start above the stored mark
            var order = (await second.Client().Post("OpenOrders")).Ok().GetProperty("open").GetProperty(txid);
            Assert.Equal("+2.5000%", order.GetProperty("descr").Str("price"));
            Assert.Equal("-50.0", order.GetProperty("descr").Str("price2"));
            Assert.Equal("0.2500000000", (await second.Client().Post("BalanceEx")).Ok().GetProperty("XXBT").Str("hold_trade"));
            Assert.Equal(JsonValueKind.Object, order.ValueKind);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
