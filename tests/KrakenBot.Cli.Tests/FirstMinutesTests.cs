using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// A new user's first minutes with the embedded sandbox, run as a process: the shell opened straight on the sandbox,
/// paper trading on the sandbox's market, and tables that show amounts the way Kraken shows them (JSON keeps every digit).
/// </summary>
public sealed partial class FirstMinutesTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", "first-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private Task<CliResult> Sandbox(params string[] args) => CliProcess.RunAsync([.. args, "--connector", "sandbox", "--data-dir", _dataDir]);

    [Fact]
    public async Task Connector_sandbox_without_a_command_opens_the_shell_on_the_sandbox_and_paper_trading_follows_its_market()
    {
        // Every non-loopback request fails (CliProcess's proxy): had paper trading gone to live Kraken, 'balance' would fail.
        var result = await CliProcess.RunAsync(["--connector", "sandbox", "--data-dir", _dataDir],
            "status\nbalance\nconnect kraken_paper_trade\nbalance\nbuy BTC-USD 0.01 --type market -o json\nstatus\nexit\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("error", result.StdErr);
        Assert.DoesNotContain("No Kraken API keys found", result.StdErr); // the connector was chosen: nothing to offer
        Assert.Contains("sandbox balances", result.StdOut);
        Assert.Contains("You are now connected to kraken_paper_trade.", result.StdOut);
        Assert.Contains("kraken_paper_trade balances", result.StdOut);

        // Both 'status' lines: the same embedded sandbox, still running after the switch to paper trading.
        var endpoints = LoopbackUrl().Matches(result.StdOut).Select(m => m.Value).ToList();
        Assert.Equal(2, endpoints.Count);
        Assert.Equal(endpoints[0], endpoints[1]);
        Assert.Equal(["sandbox", "kraken_paper_trade"], Rows(result.StdOut, "Connector").Select(r => r[0]));

        var order = JsonDocument.Parse(JsonObjects(result.StdOut).Single()).RootElement;
        Assert.Equal("filled", order.GetProperty("status").GetString());
        Assert.True(order.GetProperty("paper").GetBoolean());
    }

    [Fact]
    public async Task Global_options_without_a_command_still_refuse_a_bad_value_or_an_unknown_word()
    {
        var bad = await CliProcess.RunAsync(["--connector", "nowhere", "--data-dir", _dataDir], "status\n");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("kraken_paper_trade", bad.StdErr);

        var unknown = await CliProcess.RunAsync(["--connector", "sandbox", "--bogus", "--data-dir", _dataDir], "status\n");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("--bogus", unknown.StdErr);
    }

    [Fact]
    public async Task Paper_balances_show_each_asset_s_display_decimals_truncated_and_json_keeps_every_digit()
    {
        var init = await Sandbox("paper", "init", "--balance", "USD=2500.509", "--balance", "BTC=0.123456789", "--balance", "FOO=1.500", "-o", "json");
        Assert.True(init.ExitCode == 0, init.ToString());
        var json = (await Sandbox("paper", "balance", "-o", "json")).Json().GetProperty("balances").EnumerateArray()
            .ToDictionary(b => b.GetProperty("asset").GetString()!, b => b.GetProperty("total").GetString());
        Assert.Equal("2500.509", json["USD"]);
        Assert.Equal("0.123456789", json["BTC"]);

        var table = await Sandbox("paper", "balance");
        Assert.True(table.ExitCode == 0, table.ToString());
        // USD shows 2 decimals and BTC 5 (the sandbox serves Kraken's display_decimals), cut, never rounded up;
        // FOO is in no asset list: shown exactly.
        Assert.Equal(["2500.50", "2500.50", "0.00"], Row(table.StdOut, "USD"));
        Assert.Equal(["0.12345", "0.12345", "0.00000"], Row(table.StdOut, "BTC"));
        Assert.Equal(["1.5", "1.5", "0"], Row(table.StdOut, "FOO"));
    }

    [Fact]
    public async Task Order_and_balance_tables_use_the_pair_s_precisions_and_the_asset_s_display_decimals()
    {
        // Far under the sandbox's market (around 60000): the order rests.
        var placed = await Sandbox("buy", "BTC-USD", "0.0123", "--price", "30000");
        Assert.True(placed.ExitCode == 0, placed.ToString());
        var order = Row(placed.StdOut, "BTC-USD");
        Assert.Equal("buy", order[0]);
        Assert.Equal(["30000.0", "0.01230000", "0.00000000"], order[2..5]); // price at pair_decimals 1, volumes at lot_decimals 8

        var open = (await Sandbox("orders", "-o", "json")).Json().GetProperty("orders")[0];
        Assert.Equal("30000", open.GetProperty("price").GetString());
        Assert.Equal("0.0123", open.GetProperty("amount").GetString());

        var held = decimal.Parse(Asset((await Sandbox("balance", "-o", "json")).Json(), "USD").GetProperty("held").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(held >= 369m, $"USD held {held}");
        var usd = Row((await Sandbox("balance")).StdOut, "USD");
        Assert.Equal(decimal.Round(held, 2, MidpointRounding.ToZero).ToString("F2", CultureInfo.InvariantCulture), usd[2]);
        Assert.All(usd, cell => Assert.Matches(@"^\d+\.\d{2}$", cell));
    }

    private static JsonElement Asset(JsonElement balances, string asset) =>
        balances.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == asset);

    /// <summary>The cells after <paramref name="key"/> in the one table row holding a cell equal to it.</summary>
    private static string[] Row(string output, string key) => Assert.Single(Rows(output, key));

    /// <summary>The cells after <paramref name="key"/> in every table row holding a cell equal to it.</summary>
    private static List<string[]> Rows(string output, string key) =>
        output.Split('\n').Select(l => l.Split('│').Select(c => c.Trim()).ToArray())
            .Where(cells => cells.Length > 2 && Array.IndexOf(cells, key) > 0)
            .Select(cells => cells[(Array.IndexOf(cells, key) + 1)..^1]).ToList();

    /// <summary>The JSON documents among the shell's output (lines from an opening to a closing brace at the margin).</summary>
    private static IEnumerable<string> JsonObjects(string output)
    {
        var lines = output.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "{") continue;
            var end = Array.FindIndex(lines, i, l => l.TrimEnd() == "}");
            yield return string.Join('\n', lines[i..(end + 1)]);
            i = end;
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex LoopbackUrl();
}
