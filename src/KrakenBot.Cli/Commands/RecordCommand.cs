using KrakenBot.Backtest.Recording;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>krakenbot record</c>: Kraken's v2 book and trade messages of some pairs, as received, into hour-rolled recording
/// files for backtests; checksums verified while recording, every gap marked. Until Ctrl+C or <c>--duration</c>.
/// </summary>
internal static class RecordCommand
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CommandContext ctx, string pairs, int depth, string outDirectory, int durationSeconds, CancellationToken ct)
    {
        var names = pairs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw CliException.Usage("Name at least one pair with --pairs, e.g. --pairs BTC/USD,ETH/USD.");
        if (depth is not (10 or 25 or 100 or 500 or 1000)) throw CliException.Usage($"--depth must be one of Kraken's book depths 10, 25, 100, 500 or 1000, not {depth}.");
        if (durationSeconds < 0) throw CliException.Usage($"--duration must be 0 (until Ctrl+C) or a number of seconds, not {durationSeconds}.");

        var session = await ctx.SessionAsync(ct);
        foreach (var name in names) await session.PairAsync(name, ct); // an unknown pair is named (with close matches) before anything is written
        var market = await ctx.BusyAsync("Connecting to market data…", () => session.MarketDataAsync(ct));
        string source = ctx.Settings.UsesEmbeddedSandbox ? "sandbox (embedded)" : session.Options.WebSocketPublicUrl.ToString();
        var time = TimeProvider.System;
        var started = time.GetUtcNow();

        await using var recorder = await MarketRecorder.StartAsync(market, names, depth, outDirectory, source, time, ct);
        ctx.Terminal.Notice($"Recording {string.Join(", ", recorder.Header.Pairs.Select(p => p.Symbol))} (depth {depth}) from {source} into {Path.GetFullPath(outDirectory)}" +
            (durationSeconds > 0 ? $" for {durationSeconds} s." : ". Ctrl+C stops."));
        using var stopAfter = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (durationSeconds > 0) stopAfter.CancelAfter(TimeSpan.FromSeconds(durationSeconds));
        try
        {
            while (true)
            {
                await Task.Delay(ProgressInterval, time, stopAfter.Token);
                if (!ctx.Json) ctx.Terminal.Notice($"  {recorder.BookMessages} book and {recorder.TradeMessages} trade messages, {recorder.Gaps} gaps, {recorder.Files.Count} file(s)");
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or the duration: stop below, everything gathered is written.
        }

        await recorder.DisposeAsync(); // first: the counts below are then exactly what the files hold
        var (bookMessages, tradeMessages, gaps, files) = (recorder.BookMessages, recorder.TradeMessages, recorder.Gaps, recorder.Files.ToList());
        var seconds = (time.GetUtcNow() - started).TotalSeconds;
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("directory", Path.GetFullPath(outDirectory));
                w.WriteStartArray("pairs");
                foreach (var p in recorder.Header.Pairs) w.WriteStringValue(p.Symbol);
                w.WriteEndArray();
                w.WriteNumber("depth", depth);
                w.WriteNumber("book_messages", bookMessages);
                w.WriteNumber("trade_messages", tradeMessages);
                w.WriteNumber("gaps", gaps);
                w.WriteStartArray("files");
                foreach (var f in files) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            ctx.Terminal.Out.WriteLine($"Recorded {bookMessages} book and {tradeMessages} trade messages ({gaps} gaps) in {seconds:0} s into {files.Count} file(s) under {Path.GetFullPath(outDirectory)}.");
        }
        return 0;
    }
}
