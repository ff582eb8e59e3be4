namespace KrakenBot.Cli.Tests;

/// <summary><c>krakenbot record</c> then <c>krakenbot backtest</c>, each a process: the same report twice, bad input named.</summary>
public sealed class BacktestCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Config = """
        template_version: 24
        strategy: pure_market_making
        exchange: kraken_paper_trade
        market: BTC-USD
        bid_spread: 0.01
        ask_spread: 0.01
        order_refresh_time: 1
        order_amount: 0.01
        filled_order_delay: 1
        """;

    [Fact]
    public async Task A_recording_backtested_twice_gives_the_same_report_and_the_report_file_equals_the_json()
    {
        string dir = sandbox.NewDataDir();
        string data = Path.Combine(dir, "rec");
        var recorded = await sandbox.RunAsync("record", "--pairs", "BTC/USD", "--depth", "25", "--out", data, "--duration", "4");
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        string config = Path.Combine(dir, "pmm_bt.yml");
        await File.WriteAllTextAsync(config, Config);

        string reportFile = Path.Combine(dir, "report.json");
        var first = await sandbox.RunAsync("-o", "json", "backtest", "--config", config, "--data", data, "--balance", "USD=50000", "--balance", "BTC=1", "--report", reportFile);
        Assert.True(first.ExitCode == 0, first.ToString());
        var second = await sandbox.RunAsync("-o", "json", "backtest", "--config", config, "--data", data, "--balance", "USD=50000", "--balance", "BTC=1");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.StdOut, second.StdOut);
        Assert.Equal((await File.ReadAllTextAsync(reportFile)).Trim(), first.StdOut.Trim());

        var report = first.Json();
        Assert.Equal("pmm_bt", report.GetProperty("strategy").GetString());
        Assert.Equal("50000", report.GetProperty("balances").GetProperty("start_quote").GetString());
        Assert.True(report.GetProperty("replay").GetProperty("book_messages").GetInt64() > 0);
        Assert.Contains("records/s", first.StdErr);

        var table = await sandbox.RunAsync("backtest", "--config", config, "--data", data);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Total P&L", table.StdOut);
        Assert.Contains("Max drawdown", table.StdOut);
    }

    [Fact]
    public async Task A_missing_recording_or_a_zero_latency_is_refused_by_name()
    {
        string dir = sandbox.NewDataDir();
        string config = Path.Combine(dir, "c.yml");
        await File.WriteAllTextAsync(config, Config);
        var missing = await sandbox.RunAsync("backtest", "--config", config, "--data", Path.Combine(dir, "none"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.StdErr);
        Directory.CreateDirectory(Path.Combine(dir, "empty"));
        var latency = await sandbox.RunAsync("backtest", "--config", config, "--data", Path.Combine(dir, "empty"), "--latency-ms", "0");
        Assert.Equal(2, latency.ExitCode);
        Assert.Contains("latency", latency.StdErr);
    }
}
