using System.Globalization;
using System.Text.Json;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// <c>--connector kraken_paper_trade</c>: the connector's PaperExchange behind the trading commands, simulating fills
/// against the sandbox's public market data; the account persists in the journal between processes.
/// </summary>
public sealed class PaperTradingCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly string _dir = sandbox.NewDataDir();

    private Task<CliResult> Paper(params string[] args) =>
        CliProcess.RunAsync([.. args, "--connector", "kraken_paper_trade", .. sandbox.Endpoint(_dir)]);

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static JsonElement Asset(JsonElement balances, string asset) =>
        balances.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == asset);

    [Fact]
    public async Task Paper_orders_fill_rest_cancel_and_persist_between_processes()
    {
        Assert.Equal(0, (await Paper("paper", "init", "--balance", "USD=20000", "--balance", "BTC=0.5")).ExitCode);

        var market = await Paper("buy", "BTC-USD", "0.01", "--type", "market", "-o", "json");
        Assert.True(market.ExitCode == 0, market.ToString());
        var filled = market.Json();
        Assert.Equal("filled", filled.GetProperty("status").GetString());
        Assert.Equal(0.01m, Dec(filled, "filled"));
        Assert.True(filled.GetProperty("paper").GetBoolean());
        var cost = Dec(filled, "average_price") * 0.01m;

        var afterBuy = (await Paper("balance", "-o", "json")).Json();
        Assert.Equal("kraken_paper_trade", afterBuy.GetProperty("connector").GetString());
        Assert.Equal(0.51m, Dec(Asset(afterBuy, "BTC"), "total"));
        var usd = Dec(Asset(afterBuy, "USD"), "total");
        Assert.True(usd < 20_000m - cost && usd > 20_000m - cost * 1.01m, $"USD {usd} after spending {cost} plus fee");

        var history = (await Paper("history", "-o", "json")).Json();
        var fills = history.GetProperty("trades").EnumerateArray().Where(t => t.GetProperty("order_id").GetString() == filled.GetProperty("order_id").GetString()).ToList();
        Assert.Equal(0.01m, fills.Sum(f => Dec(f, "volume")));

        var resting = (await Paper("sell", "BTC/USD", "0.1", "--price", "1000000", "-o", "json")).Json();
        Assert.Equal("open", resting.GetProperty("status").GetString());
        var id = resting.GetProperty("order_id").GetString()!;

        // A new process restores the open order and the hold from the journal.
        var open = (await Paper("orders", "-o", "json")).Json().GetProperty("orders").EnumerateArray().ToList();
        Assert.Contains(open, o => o.GetProperty("order_id").GetString() == id);
        Assert.Equal(0.1m, Dec(Asset((await Paper("balance", "-o", "json")).Json(), "BTC"), "held"));

        var cancelled = (await Paper("cancel", id, "-o", "json")).Json();
        Assert.Equal(1, cancelled.GetProperty("cancelled").GetInt32());
        Assert.Empty((await Paper("orders", "-o", "json")).Json().GetProperty("orders").EnumerateArray());
        Assert.Equal(0m, Dec(Asset((await Paper("balance", "-o", "json")).Json(), "BTC"), "held"));
    }

    [Fact]
    public async Task A_missing_websocket_endpoint_is_a_network_error_not_a_hang()
    {
        // Only the REST URL points at the sandbox; the WebSocket URL is a closed loopback port.
        var result = await CliProcess.RunAsync(["buy", "BTC-USD", "0.01", "--type", "market", "-o", "json", "--connector", "kraken_paper_trade",
            "--rest-url", sandbox.RestUrl, "--ws-url", "ws://127.0.0.1:9/v2", "--data-dir", _dir]);
        Assert.Equal(19, result.ExitCode);
        Assert.Contains("ws://127.0.0.1:9/v2", result.Json().GetProperty("message").GetString());
    }

    [Fact]
    public async Task Paper_tables_and_errors()
    {
        await Paper("paper", "reset");
        var table = await Paper("buy", "ETH-USD", "0.1", "--price", "100", "--type", "limit_maker");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Paper order placed", table.StdOut);
        Assert.Contains("ETH-USD", (await Paper("orders")).StdOut);
        Assert.Contains("Cancelled 1 open order", (await Paper("cancel-all")).StdOut);
        Assert.Contains("Paper trades", (await Paper("history")).StdOut);

        var funds = await Paper("buy", "BTC-USD", "100", "--price", "50000", "-o", "json");
        Assert.Equal(15, funds.ExitCode);
        Assert.Equal("insufficient_funds", funds.Json().GetProperty("error").GetString());

        var unknown = await Paper("cancel", "no-such-order", "-o", "json");
        Assert.Equal(16, unknown.ExitCode);
    }
}
