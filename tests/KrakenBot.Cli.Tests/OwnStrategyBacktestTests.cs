namespace KrakenBot.Cli.Tests;

/// <summary><c>krakenbot backtest --strategy-assembly</c>: the user's own strategy replayed unchanged on the bundled recording.</summary>
public sealed class OwnStrategyBacktestTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-own-strategy-backtest", Guid.NewGuid().ToString("N"));

    public OwnStrategyBacktestTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_sample_strategy_is_backtested_on_the_bundled_recording_twice_with_the_same_report()
    {
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProcess.DllPath)!, "..", "..", "..", "..", ".."));
        string data = Path.Combine(repo, "tests", "KrakenBot.Backtest.Tests", "Data", "sandbox-btcusd-30s");
        string config = Path.Combine(_dir, "mine.yml");
        await File.WriteAllTextAsync(config, """
            strategy: MyStrategy.QuoteUnderMid
            exchange: kraken_paper_trade
            market: BTC-USD
            spread_bps: 1
            requote_bps: 0.5
            amount: 0.01
            """);
        string[] args = ["--data-dir", _dir, "-o", "json", "backtest", "--config", config, "--data", data, "--strategy-assembly", UserAssemblies.Sample];

        var run = await CliProcess.RunAsync(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Json();
        Assert.Equal("quote_under_mid", report.GetProperty("kind").GetString());
        Assert.Equal("mine", report.GetProperty("strategy").GetString());
        Assert.True(report.GetProperty("orders_placed").GetInt32() >= 1, run.StdOut);
        var again = await CliProcess.RunAsync(args);
        Assert.Equal(run.StdOut, again.StdOut);

        var sweep = await CliProcess.RunAsync([.. args, "--sweep", "spread_bps=1,2"]);
        Assert.Equal(2, sweep.ExitCode);
        Assert.Contains("--sweep works on pure market making configs only", sweep.ToString()); // the JSON error envelope
    }
}
