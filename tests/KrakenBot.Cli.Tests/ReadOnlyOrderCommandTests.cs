using System.Text.Json;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// `orders` and `balance` on an account that carries stops placed on Kraken's website: they are listed with their real
/// type and trigger, marked read-only, and their holds count; nothing fails for them.
/// </summary>
public sealed class ReadOnlyOrderCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly string Key = SandboxFixture.SpareKey(SandboxFixture.SpareKeys);

    private Task<CliResult> Run(string dataDir, params string[] args) =>
        CliProcess.RunAsync([.. sandbox.Endpoint(dataDir), .. args], null,
            new Dictionary<string, string> { ["KRAKEN_API_KEY"] = Key, ["KRAKEN_API_SECRET"] = SandboxFixture.GoodSecret });

    [Fact]
    public async Task Orders_and_balance_list_website_stops_with_type_and_trigger_in_table_and_json()
    {
        using var website = new RawKrakenClient(sandbox.Host.RestUri, Key, SandboxFixture.GoodSecret);
        string trailing = await PlaceAsync(website, ("type", "sell"), ("ordertype", "trailing-stop"), ("price", "+50%"), ("volume", "0.5"));
        string stopLimit = await PlaceAsync(website, ("type", "sell"), ("ordertype", "stop-loss-limit"), ("price", "40000"), ("price2", "39900"), ("volume", "0.25"));
        string dataDir = sandbox.NewDataDir();

        var json = await Run(dataDir, "orders", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var orders = json.Json().GetProperty("orders").EnumerateArray().ToList();
        var stop = orders.Single(o => o.GetProperty("order_id").GetString() == trailing);
        Assert.Equal("trailing-stop", stop.GetProperty("type").GetString());
        Assert.True(stop.GetProperty("read_only").GetBoolean());
        Assert.Equal("+50.0000%", stop.GetProperty("trigger").GetProperty("price").GetString());
        Assert.Equal(JsonValueKind.Null, stop.GetProperty("price").ValueKind);
        var limit = orders.Single(o => o.GetProperty("order_id").GetString() == stopLimit);
        Assert.Equal("stop-loss-limit", limit.GetProperty("type").GetString());
        Assert.Equal("40000.0", limit.GetProperty("trigger").GetProperty("price").GetString());
        Assert.Equal("39900.0", limit.GetProperty("trigger").GetProperty("limit_price").GetString());

        var table = await Run(dataDir, "orders");
        Assert.True(table.ExitCode == 0, table.ToString());
        // A narrow terminal wraps the cells: each part is looked for on its own.
        foreach (var part in new[] { "trailing-stop", "stop-loss-limit", "read-only", "Trigger", "+50.0000%", "40000.0", "39900.0" })
            Assert.Contains(part, table.StdOut);

        var balance = await Run(dataDir, "balance", "-o", "json");
        Assert.True(balance.ExitCode == 0, balance.ToString());
        var btc = balance.Json().GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == "BTC");
        Assert.Equal(0.75m, decimal.Parse(btc.GetProperty("held").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var balanceTable = await Run(dataDir, "balance");
        Assert.True(balanceTable.ExitCode == 0, balanceTable.ToString());
        Assert.Contains("BTC", balanceTable.StdOut);
    }

    private static async Task<string> PlaceAsync(RawKrakenClient client, params (string, string)[] fields)
    {
        var reply = await client.PostAsync("AddOrder", [("pair", "XBTUSD"), .. fields]);
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
        return reply.GetProperty("result").GetProperty("txid")[0].GetString()!;
    }
}
