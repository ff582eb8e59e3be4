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

        string chart = Path.Combine(dir, "backtest.png");
        var table = await sandbox.RunAsync("backtest", "--config", config, "--data", data, "--chart", chart);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Total P&L", table.StdOut);
        Assert.Contains("Max drawdown", table.StdOut);
        using var bitmap = SkiaSharp.SKBitmap.Decode(await File.ReadAllBytesAsync(chart)); // a real PNG: price with fills, equity, inventory
        Assert.Equal((1400, 1000), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task A_sweep_replays_every_combination_and_ranks_them_by_total_pnl_each_equal_to_its_own_backtest()
    {
        string dir = sandbox.NewDataDir();
        string data = Path.Combine(dir, "rec");
        var recorded = await sandbox.RunAsync("record", "--pairs", "BTC/USD", "--depth", "25", "--out", data, "--duration", "3");
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        string config = Path.Combine(dir, "sweep.yml");
        await File.WriteAllTextAsync(config, Config);

        var sweep = await sandbox.RunAsync("-o", "json", "backtest", "--config", config, "--data", data,
            "--sweep", "bid_spread=0.01:0.03:0.02", "--sweep", "order_levels=1,2");
        Assert.True(sweep.ExitCode == 0, sweep.ToString());
        var ranking = sweep.Json().GetProperty("ranking").EnumerateArray().ToList();
        Assert.Equal(4, ranking.Count);
        Assert.Equal(["0.01|1", "0.01|2", "0.03|1", "0.03|2"],
            ranking.Select(r => r.GetProperty("values").GetProperty("bid_spread").GetString() + "|" + r.GetProperty("values").GetProperty("order_levels").GetString()).Order());
        var totals = ranking.Select(r => decimal.Parse(r.GetProperty("report").GetProperty("total_pnl").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(totals.OrderByDescending(t => t), totals);

        // Each line is the same replay as a single backtest of that combination.
        var best = ranking[0].GetProperty("values");
        string bestConfig = Path.Combine(dir, "best.yml");
        await File.WriteAllTextAsync(bestConfig, Config.Replace("bid_spread: 0.01", "bid_spread: " + best.GetProperty("bid_spread").GetString())
            + "\norder_levels: " + best.GetProperty("order_levels").GetString() + "\n");
        var single = await sandbox.RunAsync("-o", "json", "backtest", "--config", bestConfig, "--data", data);
        Assert.True(single.ExitCode == 0, single.ToString());
        Assert.Equal(ranking[0].GetProperty("report").GetProperty("total_pnl").GetString(), single.Json().GetProperty("total_pnl").GetString());

        var bad = await sandbox.RunAsync("backtest", "--config", config, "--data", data, "--sweep", "bid_spread=0.5:0.1:0.1");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("FROM ≤ TO", bad.StdErr);
        var unknown = await sandbox.RunAsync("backtest", "--config", config, "--data", data, "--sweep", "bid_sprad=1,2");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("bid_sprad", unknown.StdErr);
    }

    [Fact]
    public async Task An_avellaneda_config_is_backtested_on_the_bundled_recording_and_a_bad_value_is_refused_by_name()
    {
        // The repository's own recording (30 s of the sandbox's BTC/USD), next to the built CLI's source tree.
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProcess.DllPath)!, "..", "..", "..", "..", ".."));
        string data = Path.Combine(repo, "tests", "KrakenBot.Backtest.Tests", "Data", "sandbox-btcusd-30s");
        string dir = sandbox.NewDataDir();
        string config = Path.Combine(dir, "av.yml");
        const string yaml = """
            strategy: avellaneda_market_making
            exchange: kraken_paper_trade
            market: BTC-USD
            order_amount: 0.01
            risk_factor: 0.5
            min_spread: 0.01
            order_refresh_time: 1
            filled_order_delay: 1
            volatility_buffer_size: 5
            trading_intensity_buffer_size: 3
            """;
        await File.WriteAllTextAsync(config, yaml);

        var run = await sandbox.RunAsync("-o", "json", "backtest", "--config", config, "--data", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        var report = run.Json();
        Assert.Equal("avellaneda_market_making", report.GetProperty("kind").GetString());
        Assert.Equal("av", report.GetProperty("strategy").GetString());
        Assert.True(report.GetProperty("orders_placed").GetInt32() >= 2, run.StdOut); // quoted once its estimators were full
        var again = await sandbox.RunAsync("-o", "json", "backtest", "--config", config, "--data", data);
        Assert.Equal(run.StdOut, again.StdOut);

        await File.WriteAllTextAsync(config, yaml.Replace("risk_factor: 0.5", "risk_factor: 0"));
        var bad = await sandbox.RunAsync("backtest", "--config", config, "--data", data);
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("risk_factor: 0 is out of range: it must be above 0", bad.StdErr);
    }

    [Fact]
    public async Task Create_avellaneda_asks_hummingbots_questions_names_a_bad_answer_and_writes_a_config_backtest_runs()
    {
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProcess.DllPath)!, "..", "..", "..", "..", ".."));
        string data = Path.Combine(repo, "tests", "KrakenBot.Backtest.Tests", "Data", "sandbox-btcusd-30s");
        string dir = sandbox.NewDataDir();
        string config = Path.Combine(dir, "av-created.yml");
        // exchange, market, timeframe (default), amount, risk factor 0 (refused) then 0.5, shape (default),
        // min spread 150 % (refused) then 0.01, refresh 1 s, inventory target (default), σ convention (default).
        const string answers = "kraken_paper_trade\nBTC-USD\n\n0.01\n0\n0.5\n\n150\n0.01\n1\n\n\n";

        var created = await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "create", "avellaneda", "--out", config], answers);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("risk_factor: 0 is out of range: it must be above 0", created.StdErr);
        Assert.Contains("min_spread: 150 is out of range", created.StdErr);
        string yaml = await File.ReadAllTextAsync(config);
        Assert.Contains("strategy: avellaneda_market_making", yaml);
        Assert.Contains("risk_factor: 0.5", yaml);
        Assert.Contains("min_spread: 0.01", yaml);
        Assert.Contains("execution_timeframe_mode: infinite", yaml);

        var run = await sandbox.RunAsync("-o", "json", "backtest", "--config", config, "--data", data);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("avellaneda_market_making", run.Json().GetProperty("kind").GetString());

        var ended = await CliProcess.RunAsync([.. sandbox.Endpoint(dir), "create", "avellaneda", "--out", Path.Combine(dir, "cut.yml")], "kraken\n");
        Assert.Equal(2, ended.ExitCode);
        Assert.Contains("Input ended before 'market' was answered", ended.StdErr);
    }

    [Fact]
    public async Task A_triangular_arbitrage_config_is_backtested_on_the_bundled_three_pair_recording_and_captures_the_planted_cycle()
    {
        // Three pairs of the sandbox with a cheap ETH/BTC ask planted half-way (see ArbitrageBacktestTests, which records it).
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProcess.DllPath)!, "..", "..", "..", "..", ".."));
        string data = Path.Combine(repo, "tests", "KrakenBot.Backtest.Tests", "Data", "sandbox-triangle-arb");
        string dir = sandbox.NewDataDir();
        string config = Path.Combine(dir, "arb.yml");
        const string yaml = """
            strategy: triangular_arbitrage
            exchange: kraken_paper_trade
            pairs: [BTC-USD, ETH-BTC, ETH-USD]
            order_amount: 1000
            min_profitability: 1
            cooldown: 3600
            tick_interval: 0.2
            """;
        await File.WriteAllTextAsync(config, yaml);

        string[] args = ["backtest", "--config", config, "--data", data, "--balance", "USD=10000", "--taker-fee", "0.26", "--maker-fee", "0.16", "--latency-ms", "50"];
        var run = await sandbox.RunAsync(args);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Backtest of arb (triangular_arbitrage) on BTC-USD", run.StdOut);
        Assert.True(run.StdOut.Contains("Cycles: found 1, fired 1, captured 1, unwound 0, missed 0, stuck 0; edge expected 33.0600 USD, realized 32.9357 USD", StringComparison.Ordinal), run.ToString());

        var json = await sandbox.RunAsync(["-o", "json", .. args]);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(3, json.Json().GetProperty("fills").GetArrayLength());

        await File.WriteAllTextAsync(config, yaml.Replace("pairs: [BTC-USD, ETH-BTC, ETH-USD]", "pairs: [BTC-USD, ETH-USD, SOL-USD]"));
        var bad = await sandbox.RunAsync("backtest", "--config", config, "--data", data);
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("pairs: Triangular arbitrage needs three pairs over three assets", bad.StdErr);
    }

    [Fact]
    public async Task A_position_executor_config_is_backtested_and_the_executor_summary_names_its_close_type()
    {
        string repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(CliProcess.DllPath)!, "..", "..", "..", "..", ".."));
        string data = Path.Combine(repo, "tests", "KrakenBot.Backtest.Tests", "Data", "sandbox-btcusd-30s");
        string config = Path.Combine(sandbox.NewDataDir(), "pos.yml");
        await File.WriteAllTextAsync(config, """
            strategy: position_executor
            exchange: kraken_paper_trade
            market: BTC-USD
            side: buy
            amount: 0.01
            open_order_type: market
            time_limit: 10
            """);

        var run = await sandbox.RunAsync("backtest", "--config", config, "--data", data, "--balance", "USD=10000", "--balance", "BTC=1");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Backtest of pos (position_executor) on BTC-USD", run.StdOut);
        Assert.Contains("Executor pos (position_executor): terminated, time_limit (time limit of 10 s reached)", run.StdOut);

        await File.WriteAllTextAsync(config, "strategy: position_executor\nmarket: BTC-USD\nside: buy\namount: 0.01\ntake_profit: 150\n");
        var bad = await sandbox.RunAsync("backtest", "--config", config, "--data", data);
        Assert.Equal(3, bad.ExitCode);
        Assert.Contains("take_profit: 150 is out of range", bad.StdErr);
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
