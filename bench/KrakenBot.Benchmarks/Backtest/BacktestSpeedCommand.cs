using System.Diagnostics;
using System.Globalization;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Benchmarks.Book;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Benchmarks.Backtest;

/// <summary>
/// <c>backtest [--records N] [--runs R] [--engine-only]</c>: replay speed of the backtester with pure market making
/// attached (or, with <c>--engine-only</c>, a strategy that only watches). Writes a
/// recording of N book messages (the seed-42 BTC/USD stream, depth 1000, one message per millisecond, wrapping to its
/// snapshot) into a temporary folder, then replays it R times through <see cref="BacktestEngine"/> and prints records
/// per second and bytes allocated per record (all threads) for each run. <c>backtest --write DIR [--records N]</c> only
/// writes the recording into DIR (e.g. for <c>krakenbot backtest --data DIR --sweep …</c>).
/// </summary>
internal static class BacktestSpeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int records = IntOption(args, "--records", 200_000);
        int runs = IntOption(args, "--runs", 3);
        bool watcherOnly = args.Contains("--engine-only"); // a strategy that never acts: the replay's own cost
        int writeAt = Array.IndexOf(args, "--write");
        if (writeAt >= 0 && writeAt + 1 < args.Length)
        {
            Write(args[writeAt + 1], BookStream.Load(), records);
            Console.WriteLine($"recording: {records:N0} book messages, {Size(args[writeAt + 1]) / 1024:N0} KB in {args[writeAt + 1]}");
            return 0;
        }

        string folder = Path.Combine(Path.GetTempPath(), "krakenbot-backtest-speed-" + Guid.NewGuid().ToString("N"));
        try
        {
            Write(folder, BookStream.Load(), records);
            Console.WriteLine($"recording: {records:N0} book messages, {Size(folder) / 1024:N0} KB in {folder}");
            for (int run = 1; run <= runs; run++)
            {
                var strategy = watcherOnly ? BacktestReplayBenchmarks.Watcher() : BacktestReplayBenchmarks.MarketMaker();
                var host = new StrategyHostOptions { StrategyId = "bench", TickInterval = TimeSpan.FromSeconds(1) };
                var engine = new BacktestEngine(new BacktestOptions
                {
                    DataDirectory = folder,
                    StartingBalances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 20m },
                });
                long allocated = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var result = await engine.RunAsync(strategy, host);
                clock.Stop();
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {result.Records:N0} records in {clock.Elapsed.TotalSeconds:F2} s = {result.Records / clock.Elapsed.TotalSeconds:N0} records/s, " +
                    $"{(double)allocated / result.Records:N0} B allocated per record, orders placed {result.OrdersPlaced}, fills {result.Fills.Count}"));
            }

            return 0;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Writes <paramref name="count"/> book messages of <paramref name="frames"/> (wrapping) one millisecond apart.</summary>
    internal static void Write(string folder, byte[][] frames, int count)
    {
        Directory.CreateDirectory(folder);
        var started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(started);
        var header = new RecordingHeader
        {
            Pairs = [new RecordedPair(BookStream.Symbol, BookStream.PricePrecision, BookStream.QtyPrecision)
            {
                Rule = new RecordedRule("BTC-USD", 0.1m, BookStream.PricePrecision, BookStream.QtyPrecision, 5, 0.0001m, 0.5m),
            }],
            Depth = BookStream.Depth,
            Source = "seed-42 generated stream",
            Started = started,
        };
        using var writer = new RecordingWriter(folder, header, clock);
        for (int i = 0; i < count; i++)
        {
            writer.Append(RecordKind.Book, 0, frames[i % frames.Length]);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
    }

    private static long Size(string folder) => Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
