using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// <c>--connector sandbox</c> (the in-process sandbox, state under the data directory), <c>paper</c>, the <c>sandbox</c>
/// command, <c>demo</c> and the interactive shell. Tests in this class run one after another and share one data directory.
/// </summary>
public sealed class EmbeddedSandboxTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", "embedded-" + Guid.NewGuid().ToString("N"));

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync([.. args, "--connector", "sandbox", "--data-dir", _dataDir]);

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Consecutive_commands_see_the_same_exchange()
    {
        var book = (await Run("book", "BTC-USD", "--depth", "1", "-o", "json")).Json();
        var bid = decimal.Parse(book.GetProperty("bids")[0].GetProperty("price").GetString()!, CultureInfo.InvariantCulture);
        var price = decimal.Round(bid * 0.5m, 1).ToString(CultureInfo.InvariantCulture);

        var placed = await Run("buy", "BTC-USD", "0.01", "--price", price, "-o", "json");
        Assert.True(placed.ExitCode == 0, placed.ToString());
        var id = placed.Json().GetProperty("order_id").GetString()!;

        // A new process, a new in-process sandbox, the same state.
        var orders = (await Run("orders", "-o", "json")).Json().GetProperty("orders").EnumerateArray();
        Assert.Contains(orders, o => o.GetProperty("order_id").GetString() == id);
        var usd = (await Run("balance", "-o", "json")).Json().GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == "USD");
        Assert.True(decimal.Parse(usd.GetProperty("held").GetString()!, CultureInfo.InvariantCulture) > 0);

        Assert.Equal(1, (await Run("cancel", id, "-o", "json")).Json().GetProperty("cancelled").GetInt32());
        var history = (await Run("history", "-o", "json")).Json();
        Assert.Contains(history.GetProperty("orders").EnumerateArray(), o => o.GetProperty("order_id").GetString() == id && o.GetProperty("status").GetString() == "cancelled");
    }

    [Fact]
    public async Task Paper_account_init_balance_reset()
    {
        var before = await Run("paper", "balance", "-o", "json");
        Assert.Equal(3, before.ExitCode);
        Assert.Contains("paper init", before.Json().GetProperty("message").GetString());

        var init = (await Run("paper", "init", "--balance", "USD=2500.50", "--balance", "BTC=0.1", "-o", "json")).Json();
        Assert.Equal(2, init.GetProperty("balances").GetArrayLength());

        var again = await Run("paper", "init", "-o", "json");
        Assert.Equal(2, again.ExitCode);

        var balance = (await Run("paper", "balance", "-o", "json")).Json().GetProperty("balances").EnumerateArray().ToList();
        Assert.Equal("2500.50", balance.Single(b => b.GetProperty("asset").GetString() == "USD").GetProperty("total").GetString());
        Assert.Equal("0.1", balance.Single(b => b.GetProperty("asset").GetString() == "BTC").GetProperty("total").GetString());

        var reset = await Run("paper", "reset");
        Assert.Equal(0, reset.ExitCode);
        Assert.Contains("10000", reset.StdOut);
        var table = await Run("paper", "balance");
        Assert.Contains("ETH", table.StdOut);
        Assert.DoesNotContain("2500.50", table.StdOut);

        var bad = await Run("paper", "init", "--balance", "USD=-5", "-o", "json");
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Demo_runs_every_step_and_exits_0()
    {
        var json = await CliProcess.RunAsync(["demo", "--book-updates", "1", "-o", "json", "--data-dir", _dataDir]);
        Assert.True(json.ExitCode == 0, json.ToString());
        var doc = json.Json();
        Assert.Equal("ok", doc.GetProperty("demo").GetString());
        var steps = doc.GetProperty("steps").EnumerateArray().ToList();
        var limit = steps.Single(s => s.GetProperty("step").GetString()!.StartsWith("Limit buy")).GetProperty("result");
        Assert.Equal("open", limit.GetProperty("status").GetString());
        var cancel = steps.Single(s => s.GetProperty("step").GetString()!.StartsWith("Cancel")).GetProperty("result");
        Assert.Equal(1, cancel.GetProperty("cancelled").GetInt32());
        var market = steps.Single(s => s.GetProperty("step").GetString()!.StartsWith("Market buy")).GetProperty("result");
        Assert.Equal("filled", market.GetProperty("status").GetString());
        var history = steps.Single(s => s.GetProperty("step").GetString() == "History").GetProperty("result");
        Assert.Contains(history.GetProperty("trades").EnumerateArray(), t => t.GetProperty("order_id").GetString() == market.GetProperty("order_id").GetString());

        var paper = steps.Single(s => s.GetProperty("step").GetString()!.StartsWith("Paper market buy")).GetProperty("result");
        Assert.Equal("filled", paper.GetProperty("status").GetString());
        Assert.True(paper.GetProperty("paper").GetBoolean());

        var table = await CliProcess.RunAsync("demo", "--book-updates", "1", "--data-dir", _dataDir);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Demo finished.", table.StdOut);
        Assert.Contains("order book", table.StdOut);
    }

    [Fact]
    public async Task Sandbox_command_serves_until_stopped()
    {
        var result = await CliProcess.RunAsync(["sandbox", "--port", "0", "--stop-after", "1", "--market-activity", "off", "-o", "json", "--data-dir", _dataDir]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var ready = result.Json();
        var rest = new Uri(ready.GetProperty("rest_url").GetString()!);
        Assert.Equal("127.0.0.1", rest.Host);
        var auth = new Uri(ready.GetProperty("ws_auth_url").GetString()!);
        Assert.Equal("/v2", auth.AbsolutePath);
        Assert.NotEqual(rest.Port, auth.Port);
        Assert.Equal($"ws://127.0.0.1:{rest.Port}/v2-auth", ready.GetProperty("ws_auth_path_url").GetString());
        Assert.Equal("krakenbot-sandbox", ready.GetProperty("api_keys")[0].GetString());

        var bad = await CliProcess.RunAsync("sandbox", "--api-key", "only-a-key", "--stop-after", "1", "--data-dir", _dataDir);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--api-secret", bad.StdErr);
    }

    [Fact]
    public async Task Sandbox_command_runs_the_chosen_market_preset_and_names_a_wrong_one()
    {
        var result = await CliProcess.RunAsync(["sandbox", "--port", "0", "--stop-after", "1", "--market", "calm", "-o", "json", "--data-dir", _dataDir]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("calm", result.Json().GetProperty("market").GetString());

        var table = await CliProcess.RunAsync("sandbox", "--port", "0", "--stop-after", "1", "--market", "volatile", "--seed", "3", "--data-dir", _dataDir);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Market: volatile (turbulent", table.StdErr + table.StdOut);
        Assert.Contains("seed 3", table.StdErr + table.StdOut);

        var bad = await CliProcess.RunAsync("sandbox", "--port", "0", "--stop-after", "1", "--market", "wild", "--data-dir", _dataDir);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("'wild' not recognized", bad.StdErr);
        Assert.Contains("'volatile'", bad.StdErr);
    }

    [Fact]
    public async Task Sandbox_command_answers_rest_and_stops_cleanly_on_sigterm()
    {
        if (OperatingSystem.IsWindows()) return;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliProcess.DllPath, "sandbox", "--port", "0", "--market-activity", "off", "--data-dir", _dataDir }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            var ready = await process.StandardOutput.ReadLineAsync();
            Assert.NotNull(ready);
            Assert.StartsWith("sandbox ready rest=http://127.0.0.1:", ready);
            var rest = ready!.Split(' ')[2]["rest=".Length..];
            using var http = new HttpClient();
            var time = await http.GetStringAsync(rest + "/0/public/Time");
            Assert.Contains("unixtime", time);

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) await kill!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("sandbox stopping", await process.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Interactive_shell_runs_commands_from_stdin_until_exit()
    {
        var result = await CliProcess.RunAsync([], "y\nstatus\nticker XBTUSD\nconnect kraken_paper_trade\npaper balance\nexit\nstatus\n",
            new Dictionary<string, string> { ["KRAKENBOT_DATA_DIR"] = _dataDir });
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No Kraken API keys found", result.StdErr);
        Assert.Contains("Using the embedded sandbox", result.StdErr);
        Assert.Contains("online", result.StdOut);
        Assert.Contains("BTC-USD", result.StdOut);
        Assert.Contains("You are now connected to kraken_paper_trade.", result.StdOut);
        Assert.Contains("kraken_paper_trade balances", result.StdOut);
        // 'exit' ended the session: the status after it never ran.
        Assert.Equal(1, CountOf(result.StdOut, "Exchange status"));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
