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
/// <c>backtest [--records N] [--runs R] [--engine-only] [--frames FILE --depth D]</c>: replay speed of the backtester
/// with pure market making attached (or, with <c>--engine-only</c>, a strategy that only watches). Writes a recording of
/// N book messages (by default the committed first 2,000 frames of the seed-42 BTC/USD stream, depth 1000, wrapping to
/// their snapshot; with <c>--frames</c> a stream made by <c>EndToEnd/book-stream-gen.js --depth D</c>, read once, not
/// wrapped), one message per millisecond, into a temporary folder, then replays it R times through
/// <see cref="BacktestEngine"/> and prints records and events per second (an event is one price level of a book message,
/// NautilusTrader's "data point": a snapshot's every level, an update's every change) and bytes allocated per record
/// (all threads) for each run, and apart from that the bytes allocated in the replay loop itself (between the engine's first
/// and last progress report: after the set-up and the first 1,024 records, before the finish; see
/// <see cref="ReplayAllocations"/>). <c>--alloc-types</c> also samples the loop's allocations by type. <c>backtest --write DIR [--records N]</c> only writes the recording into DIR (e.g. for
/// <c>krakenbot backtest --data DIR --sweep …</c>).
/// </summary>
internal static class BacktestSpeedCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        int records = IntOption(args, "--records", 200_000);
        int runs = IntOption(args, "--runs", 3);
        bool watcherOnly = args.Contains("--engine-only"); // a strategy that never acts: the replay's own cost
        using var sampler = args.Contains("--alloc-types") ? new AllocationSampler() : null;
        int depth = IntOption(args, "--depth", BookStream.Depth);
        int framesAt = Array.IndexOf(args, "--frames");
        IEnumerable<byte[]> Frames() => framesAt >= 0 && framesAt + 1 < args.Length
            ? File.ReadLines(args[framesAt + 1]).Where(l => l.Length > 0).Select(System.Text.Encoding.UTF8.GetBytes)
            : Wrapping(BookStream.Load());
        int writeAt = Array.IndexOf(args, "--write");
        if (writeAt >= 0 && writeAt + 1 < args.Length)
        {
            Write(args[writeAt + 1], Frames(), records, depth);
            Console.WriteLine($"recording: {records:N0} book messages, {Size(args[writeAt + 1]) / 1024:N0} KB in {args[writeAt + 1]}");
            return 0;
        }

        string folder = Path.Combine(Path.GetTempPath(), "krakenbot-backtest-speed-" + Guid.NewGuid().ToString("N"));
        try
        {
            long events = Write(folder, Frames(), records, depth);
            Console.WriteLine($"recording: {records:N0} book messages, {events:N0} events (price levels), depth {depth}, {Size(folder) / 1024:N0} KB in {folder}");
            for (int run = 1; run <= runs; run++)
            {
                var strategy = watcherOnly ? BacktestReplayBenchmarks.Watcher() : BacktestReplayBenchmarks.MarketMaker();
                var host = new StrategyHostOptions { StrategyId = "bench", TickInterval = TimeSpan.FromSeconds(1) };
                long allocated = GC.GetTotalAllocatedBytes(precise: true);
                var inLoop = new ReplayAllocations(records) { Started = allocated, Sampler = sampler };
                var engine = new BacktestEngine(new BacktestOptions
                {
                    DataDirectory = folder,
                    StartingBalances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 20m },
                })
                { RecordSettled = inLoop.RecordSettled };
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                var result = await engine.RunAsync(strategy, host, inLoop);
                clock.Stop();
                // CPU time of the whole process: on a busy machine events per CPU second is the steadier figure.
                double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                // How many of the book changes ran a whole refresh cycle, and how many refreshes the counter put off.
                string cycles = strategy is PureMarketMaking pmm
                    ? string.Create(CultureInfo.InvariantCulture, $", cycles run {pmm.CyclesRun:N0}, put off {pmm.RefreshesStretched:N0}")
                    : "";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {result.Records:N0} records in {clock.Elapsed.TotalSeconds:F2} s = {result.Records / clock.Elapsed.TotalSeconds:N0} records/s, " +
                    $"{events / clock.Elapsed.TotalSeconds:N0} events/s, CPU {cpuSeconds:F2} s = {events / cpuSeconds:N0} events per CPU second, " +
                    $"{(double)allocated / result.Records:N2} B allocated per record ({allocated / 1024:N0} KB in all: " +
                    $"{inLoop.AtFirstReport / 1024:N0} KB set-up and first 1,024 records, {inLoop.Steady:N0} B over the next {inLoop.SteadyRecords:N0} records = " +
                    $"{(double)inLoop.Steady / inLoop.SteadyRecords:N3} B per record in the replay loop, {(allocated - inLoop.AtFirstReport - inLoop.Steady) / 1024:N0} KB the rest and finish), orders placed {result.OrdersPlaced}, amends {(strategy as PureMarketMaking)?.Amends ?? 0}, fills {result.Fills.Count}{cycles}"));
                var (orderRecords, orderBytes, requests) = inLoop.OrderRecords;
                var (timedRecords, timedBytes) = inLoop.TimedRecords;
                var (quietRecords, quietBytes) = inLoop.QuietRecords;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  loop split (this thread): {orderRecords:N0} records with order actions, {orderBytes:N0} B = {(requests == 0 ? 0 : (double)orderBytes / requests):N0} B per order action ({requests:N0} sent); " +
                    $"{timedRecords:N0} records with timed work only, {timedBytes:N0} B; {quietRecords:N0} quiet records, {quietBytes:N0} B"));
            }

            if (sampler is not null)
            {
                Console.WriteLine("allocation ticks in the replay loops by type (sampled; the figures above include the sampler's own):");
                foreach (var (type, ticks, bytes) in sampler.ByType())
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes / 1024,10:N0} KB {ticks,6:N0} ticks  {type}"));
                }
            }

            return 0;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Writes the first <paramref name="count"/> book messages of <paramref name="frames"/> one millisecond apart
    /// and returns how many events (price levels) they hold.</summary>
    internal static long Write(string folder, IEnumerable<byte[]> frames, int count, int depth = BookStream.Depth)
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
            Depth = depth,
            Source = "seed-42 generated stream",
            Started = started,
        };
        using var writer = new RecordingWriter(folder, header, clock);
        long events = 0;
        int written = 0;
        foreach (var frame in frames)
        {
            if (written++ == count) break;
            writer.Append(RecordKind.Book, 0, frame);
            events += Levels(frame);
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        if (written < count) throw new ArgumentException($"The stream holds {written:N0} frames, fewer than the {count:N0} asked for.");
        return events;
    }

    /// <summary>The committed sample repeated: its snapshot comes round again after its last update.</summary>
    internal static IEnumerable<byte[]> Wrapping(byte[][] frames)
    {
        for (int i = 0; ; i++) yield return frames[i % frames.Length];
    }

    private static int Levels(ReadOnlySpan<byte> frame)
    {
        int levels = 0;
        for (int at = frame.IndexOf("\"price\""u8); at >= 0; at = frame.IndexOf("\"price\""u8))
        {
            levels++;
            frame = frame[(at + 7)..];
        }
        return levels;
    }

    private static long Size(string folder) => Directory.EnumerateFiles(folder).Sum(f => new FileInfo(f).Length);

    private static int IntOption(string[] args, string name, int fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
