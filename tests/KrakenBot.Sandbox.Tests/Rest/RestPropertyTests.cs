using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>
/// Seeded random trading over real HTTP by three accounts; afterwards every balance the API reports
/// equals deposits plus fills minus fees as the API reports them, and the book is uncrossed.
/// </summary>
public sealed class RestPropertyTests
{
    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Random_flow_over_http_balances_equal_deposits_plus_fills_minus_fees(int seed)
    {
        string[] names = ["a", "b", "c"];
        const decimal usd = 500_000m, btc = 10m;
        await using var sandbox = await TestSandbox.StartAsync(AccountTier.Pro,
            names.Select(n => TestSandbox.Account(n, TestSandbox.Secret, usd: usd, btc: btc)));
        var random = new Random(seed);
        var open = names.ToDictionary(n => n, _ => new List<string>());

        for (var step = 0; step < 250; step++)
        {
            var name = names[random.Next(names.Length)];
            var client = sandbox.Client(name);
            var side = random.Next(2) == 0 ? "buy" : "sell";
            var volume = (random.Next(100, 200_000) / 1_000_000m).ToString(CultureInfo.InvariantCulture); // fees then need all 8 lot decimals
            switch (random.Next(6))
            {
                case <= 2:
                    var price = (60000m + random.Next(-300, 301) / 10m * 10m).ToString("0.0", CultureInfo.InvariantCulture);
                    (string, string)[] flags = random.Next(4) switch
                    {
                        0 => [("oflags", "fcib")],
                        1 => [("timeinforce", "IOC")],
                        2 => [("stptype", "cancel-oldest")],
                        _ => [],
                    };
                    var placed = await client.Post("AddOrder", [("pair", "XBTUSD"), ("type", side), ("ordertype", "limit"), ("price", price), ("volume", volume), .. flags]);
                    if (placed.Errors().Length == 0) open[name].Add(placed.GetProperty("result").GetProperty("txid")[0].GetString()!);
                    else Assert.Contains(placed.Error(), new[] { "EOrder:Insufficient funds", "EOrder:Orders limit exceeded" });
                    break;
                case 3:
                    var market = await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", side), ("ordertype", "market"), ("volume", volume));
                    if (market.Errors().Length > 0) Assert.Equal("EOrder:Insufficient funds", market.Error());
                    break;
                case 4 when open[name].Count > 0:
                    var victim = open[name][random.Next(open[name].Count)];
                    open[name].Remove(victim);
                    var cancel = await client.Post("CancelOrder", ("txid", victim));
                    if (cancel.Errors().Length > 0) Assert.Equal("EOrder:Unknown order", cancel.Error()); // filled meanwhile
                    break;
                default:
                    sandbox.Clock.Advance(TimeSpan.FromSeconds(3));
                    break;
            }
            sandbox.Clock.Advance(TimeSpan.FromSeconds(1)); // lets the trading counter decay
        }

        var depth = (await sandbox.Public("Depth", "pair=XBTUSD&count=500")).Ok().GetProperty("XXBTZUSD");
        if (depth.GetProperty("bids").GetArrayLength() > 0 && depth.GetProperty("asks").GetArrayLength() > 0)
            Assert.True(D(depth.GetProperty("bids")[0][0].GetString()!) < D(depth.GetProperty("asks")[0][0].GetString()!));

        var fills = 0;
        foreach (var name in names)
        {
            var client = sandbox.Client(name);
            decimal expectedUsd = usd, expectedBtc = btc;
            var trades = new List<JsonElement>();
            for (var ofs = 0; ; ofs += 50)
            {
                sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
                var page = (await client.Post("TradesHistory", ("ofs", ofs.ToString(CultureInfo.InvariantCulture)))).Ok();
                trades.AddRange(page.GetProperty("trades").EnumerateObject().Select(p => p.Value));
                if (ofs + 50 >= page.GetProperty("count").GetInt32()) break;
            }
            foreach (var t in trades)
            {
                var buy = t.Str("type") == "buy";
                var vol = t.Dec("vol");
                var cost = t.Dec("cost");
                var fee = t.Dec("fee");
                var order = (await client.Post("QueryOrders", ("txid", t.Str("ordertxid")))).Ok().GetProperty(t.Str("ordertxid"));
                var feeInBase = order.Str("oflags").Contains("fcib");
                expectedBtc += buy ? vol : -vol;
                expectedUsd += buy ? -cost : cost;
                if (feeInBase) expectedBtc -= fee; else expectedUsd -= fee;
                sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
            }
            fills += trades.Count;
            sandbox.Clock.Advance(TimeSpan.FromSeconds(5));
            var balances = (await client.Post("BalanceEx")).Ok();
            Assert.Equal(expectedUsd, balances.GetProperty("ZUSD").Dec("balance"));
            Assert.Equal(expectedBtc, balances.GetProperty("XXBT").Dec("balance"));
            Assert.True(balances.GetProperty("ZUSD").Dec("hold_trade") <= balances.GetProperty("ZUSD").Dec("balance"));
            Assert.True(balances.GetProperty("XXBT").Dec("hold_trade") <= balances.GetProperty("XXBT").Dec("balance"));
        }
        Assert.True(fills > 20, $"the flow should trade; it made {fills} fills");
    }
}
