using KrakenBot.Backtest.Replay;
using KrakenBot.Backtest.Reports;
using KrakenBot.Cli.Bots;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.MarketMaking.Config;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>krakenbot backtest --config FILE --data DIR</c>: the strategy of a config replayed on a recording through the
/// paper matching model, with a progress bar on a terminal; a summary table, or the whole report as JSON.
/// </summary>
internal static class BacktestCommand
{
    internal sealed record Options(string Config, string Data, string? From, string? To, IReadOnlyList<string> Balances, decimal MakerFee,
        decimal TakerFee, int LatencyMs, string? Report, string? Chart, IReadOnlyList<string> Sweeps, string? StrategyAssembly = null);

    public static async Task<int> RunAsync(CommandContext ctx, Options options, CancellationToken ct)
    {
        var path = BotCommands.ResolveConfig(ctx.Settings, options.Config);
        var loaded = BotCommands.LoadConfig(path, null, options.StrategyAssembly);
        var backtest = new BacktestOptions
        {
            DataDirectory = options.Data,
            From = options.From is null ? null : DateTimeOffset.FromUnixTimeSeconds(MarketCommands.ParseSince(options.From)),
            To = options.To is null ? null : DateTimeOffset.FromUnixTimeSeconds(MarketCommands.ParseSince(options.To)),
            StartingBalances = options.Balances.Count == 0
                ? PaperCommands.DefaultStartingBalances()
                : options.Balances.Select(PaperCommands.ParseBalance).ToDictionary(b => b.Asset, b => b.Total),
            MakerFeePercent = options.MakerFee, TakerFeePercent = options.TakerFee, OrderLatency = TimeSpan.FromMilliseconds(options.LatencyMs),
        };
        BacktestEngine engine;
        try
        {
            engine = new BacktestEngine(backtest);
        }
        catch (ExchangeValidationException e)
        {
            throw CliException.Usage(e.Message);
        }

        if (options.Sweeps.Count > 0) return await SweepAsync(ctx, options, path, loaded.StrategyId, engine, ct);

        var strategy = loaded.Create(null);
        var host = loaded.HostOptions();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        BacktestResult result;
        if (ctx.Terminal.IsInteractive && !ctx.Json)
        {
            result = null!;
            await ctx.Terminal.Console.Progress().StartAsync(async progress =>
            {
                var task = progress.AddTask($"Replaying {options.Data}", maxValue: 1.0);
                result = await engine.RunAsync(strategy, host, new Progress<double>(v => task.Value = v), ct);
                task.Value = 1.0;
            });
        }
        else
        {
            result = await engine.RunAsync(strategy, host, null, ct);
        }
        watch.Stop();

        var json = BacktestReport.ToJson(result);
        if (options.Report is { } report) await File.WriteAllBytesAsync(report, json, ct);
        if (options.Chart is { } chart) Charts.BacktestChart.SavePng(chart, result);
        double seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-6);
        ctx.Terminal.Notice($"Replayed {result.Records} records in {watch.Elapsed.TotalSeconds:0.00} s ({result.Records / seconds:N0} records/s).");
        if (ctx.Json)
        {
            ctx.Terminal.Out.WriteLine(System.Text.Encoding.UTF8.GetString(json));
            return 0;
        }

        var pnl = result.Pnl;
        string quote = result.Pair.Quote, baseAsset = result.Pair.Base;
        var table = new Table().AddColumns("Figure", "Value").Title($"Backtest of {result.StrategyId} ({result.Kind}) on {result.Pair}");
        table.AddRow("Data", $"{Fmt.Time(result.From)} to {Fmt.Time(result.To)} UTC: {result.BookMessages} book and {result.TradeMessages} trade messages, {result.Gaps} gaps");
        table.AddRow("Outcome", result.Outcome);
        table.AddRow("Trades", $"{pnl.State.Trades} ({pnl.State.Buys} buys, {pnl.State.Sells} sells); orders placed {result.OrdersPlaced}, filled {result.OrdersFilled} (fill ratio {result.FillRatio * 100m:0.##} %)");
        table.AddRow("Volume", $"{Fmt.Trimmed(pnl.State.BaseVolume)} {baseAsset} / {Fmt.Fixed(pnl.State.QuoteVolume, 2, MidpointRounding.AwayFromZero)} {quote}");
        table.AddRow("Fees", $"{Fmt.Fixed(pnl.FeesInQuote, 2, MidpointRounding.AwayFromZero)} {quote} (already in the P&L)");
        table.AddRow("Realized P&L", Quote(pnl.Realized, quote));
        table.AddRow("Unrealized P&L", Quote(pnl.Unrealized, quote));
        table.AddRow("Total P&L", Quote(pnl.Total, quote));
        table.AddRow("Return", pnl.Return is { } r ? $"{Fmt.Fixed(r * 100m, 4, MidpointRounding.AwayFromZero)} %" : "-");
        table.AddRow("Versus holding", Quote(pnl.VersusHold, quote));
        table.AddRow("Max drawdown", $"{Fmt.Fixed(result.MaxDrawdown * 100m, 4, MidpointRounding.AwayFromZero)} %");
        table.AddRow("Sharpe (annualized)", result.Sharpe is { } s ? s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "-");
        table.AddRow("Balances", $"{baseAsset} {Fmt.Trimmed(pnl.State.StartBase)} → {Fmt.Trimmed(pnl.State.Base)}, {quote} {Fmt.Trimmed(pnl.State.StartQuote)} → {Fmt.Fixed(pnl.State.Quote, 2, MidpointRounding.ToZero)}");
        ctx.Terminal.Console.Write(table);
        if (strategy.StatusDetails() is Strategies.Arbitrage.TriangularArbitrageStatus arbitrage) ctx.Terminal.Out.WriteLine(
            $"The P&L above follows {result.Pair} alone; the arbitrage's own figures, in {arbitrage.StartAsset}: {ArbitrageStatusJson.Summary(arbitrage)}");
        if (strategy.StatusDetails() is Strategies.Executors.ExecutorReport executor) ctx.Terminal.Out.WriteLine(ExecutorStatusJson.Summary(executor));
        if (options.Report is not null) ctx.Terminal.Out.WriteLine($"Report: {Path.GetFullPath(options.Report)}");
        if (options.Chart is not null) ctx.Terminal.Out.WriteLine($"Chart: {Path.GetFullPath(options.Chart)}");
        return 0;
    }

    // Every combination of the grid replayed (in parallel, one per core), then ranked by total P&L (ties: the grid's order).
    private static async Task<int> SweepAsync(CommandContext ctx, Options options, string path, string id, BacktestEngine engine, CancellationToken ct)
    {
        if (options.Report is not null || options.Chart is not null)
            throw CliException.Usage("--report and --chart are for one backtest; a sweep prints its ranking (use -o json for every figure).");
        var grid = BacktestSweep.Grid(options.Sweeps);
        var runs = new List<(int Index, IReadOnlyDictionary<string, string> Values, LoadedStrategy Config)>();
        for (int i = 0; i < grid.Count; i++)
        {
            try
            {
                runs.Add((i, grid[i], Bots.StrategyConfigs.Load(path, id, grid[i], options.StrategyAssembly)));
            }
            catch (CliException e) when (e.Category == "configuration")
            {
                throw CliException.Usage($"--sweep {BacktestSweep.Describe(grid[i])}: {e.Message}");
            }
        }

        var results = new BacktestResult[runs.Count];
        var watch = System.Diagnostics.Stopwatch.StartNew();
        int done = 0;
        await Parallel.ForEachAsync(runs, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, async (run, token) =>
        {
            results[run.Index] = await engine.RunAsync(run.Config.Create(null), run.Config.HostOptions(), null, token);
            int finished = Interlocked.Increment(ref done);
            if (!ctx.Json && ctx.Terminal.IsInteractive) ctx.Terminal.Notice($"  {finished}/{runs.Count}: {BacktestSweep.Describe(run.Values)}");
        });
        watch.Stop();
        ctx.Terminal.Notice($"Swept {runs.Count} combinations in {watch.Elapsed.TotalSeconds:0.00} s on {Environment.ProcessorCount} cores.");

        var ranked = runs.OrderByDescending(r => results[r.Index].Pnl.Total ?? decimal.MinValue).ThenBy(r => r.Index).ToList();
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("ranking");
                int rank = 0;
                foreach (var run in ranked)
                {
                    w.WriteStartObject();
                    w.WriteNumber("rank", ++rank);
                    w.WriteStartObject("values");
                    foreach (var (key, value) in run.Values) w.WriteString(key, value);
                    w.WriteEndObject();
                    using var report = System.Text.Json.JsonDocument.Parse(BacktestReport.ToJson(results[run.Index], includeSeries: false));
                    w.WritePropertyName("report");
                    report.RootElement.WriteTo(w);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }

        var table = new Table().AddColumns("Rank", "Values", "Trades", "Total P&L", "Return", "Max drawdown", "Sharpe", "Fill ratio")
            .Title($"Sweep of {id}: {runs.Count} combinations, best total P&L first");
        int position = 0;
        foreach (var run in ranked)
        {
            var r = results[run.Index];
            table.AddRow((++position).ToString(System.Globalization.CultureInfo.InvariantCulture), BacktestSweep.Describe(run.Values),
                r.Pnl.State.Trades.ToString(System.Globalization.CultureInfo.InvariantCulture), Quote(r.Pnl.Total, r.Pair.Quote),
                r.Pnl.Return is { } ret ? $"{Fmt.Fixed(ret * 100m, 4, MidpointRounding.AwayFromZero)} %" : "-",
                $"{Fmt.Fixed(r.MaxDrawdown * 100m, 4, MidpointRounding.AwayFromZero)} %",
                r.Sharpe is { } s ? s.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "-",
                $"{r.FillRatio * 100m:0.##} %");
        }
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    private static string Quote(decimal? value, string quote) => value is { } v ? $"{Fmt.Fixed(v, 2, MidpointRounding.AwayFromZero)} {quote}" : "-";
}
