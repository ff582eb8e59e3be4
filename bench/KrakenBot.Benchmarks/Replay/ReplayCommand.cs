using System.Diagnostics;
using System.Globalization;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Benchmarks.Replay;

/// <summary>
/// <c>replay --file FRAMES.jsonl [--symbol BTC/USD] [--depth 1000] [--price-precision 1] [--qty-precision 8]
/// [--warmup N] [--stats]</c>: feeds every line (one WebSocket v2 text frame) through the same entry point the socket
/// uses, <see cref="BookTracker.ProcessFrame(ReadOnlySpan{byte})"/> (bytes → parse → apply → checksum), and prints one line:
/// <c>frames=N seconds=S frames_per_sec=X checksum_failures=K best_bid=P@Q best_ask=P@Q</c>.
/// The file is read into one pooled buffer first, so the disk is not measured. By default two untimed warm-up passes
/// (each on its own tracker) let the JIT reach optimised code, so the timed pass shows the steady state;
/// <c>--warmup 0</c> times a cold start. <c>--stats</c> adds a second line on stderr with the allocated bytes and the
/// process CPU time of the timed pass (which, unlike wall time, does not grow when other processes share the cores).
/// </summary>
internal static class ReplayCommand
{
    private const string Usage =
        "usage: replay --file FRAMES.jsonl [--symbol BTC/USD] [--depth 1000] [--price-precision 1] [--qty-precision 8] [--warmup 2] [--stats]";

    public static int Run(ReadOnlySpan<string> args)
    {
        ReplayOptions options;
        try
        {
            options = ReplayOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        using ReplayFrames frames = ReplayFrames.Load(options.File);

        // Warm-up passes (optional) let the JIT reach its optimised code; each pass uses its own tracker.
        for (int pass = 0; pass < options.WarmupPasses; pass++)
        {
            using var warmup = NewTracker(options, out _);
            Feed(warmup, frames);
        }

        using BookTracker tracker = NewTracker(options, out OrderBook book);
        using Process process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        int gen0Before = GC.CollectionCount(0);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();
        ReplayCounts counts = Feed(tracker, frames);
        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        int gen0 = GC.CollectionCount(0) - gen0Before;
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;

        string bestBid = book.TryGetBestBid(out BookLevel bid) ? bid.ToString() : "none";
        string bestAsk = book.TryGetBestAsk(out BookLevel ask) ? ask.ToString() : "none";
        double seconds = elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"frames={frames.Count} seconds={seconds:F6} frames_per_sec={frames.Count / seconds:F0} checksum_failures={tracker.ChecksumMismatches} best_bid={bestBid} best_ask={bestAsk}"));
        if (options.Stats)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"applied={counts.Applied} awaiting_snapshot={counts.AwaitingSnapshot} unknown_symbol={counts.UnknownSymbol} protocol_errors={counts.ProtocolErrors} bytes={frames.TotalBytes} warmup_passes={options.WarmupPasses} allocated_bytes={allocated} allocated_bytes_per_frame={(double)allocated / frames.Count:F4} gen0_collections={gen0} cpu_seconds={cpuSeconds:F6} frames_per_cpu_sec={frames.Count / cpuSeconds:F0} server_gc={System.Runtime.GCSettings.IsServerGC}"));
        }
        return tracker.ChecksumMismatches == 0 && counts.ProtocolErrors == 0 ? 0 : 1;
    }

    private static BookTracker NewTracker(ReplayOptions options, out OrderBook book)
    {
        var tracker = new BookTracker();
        book = tracker.Track(options.Symbol, options.Depth, options.PricePrecision, options.QtyPrecision);
        return tracker;
    }

    private static ReplayCounts Feed(BookTracker tracker, ReplayFrames frames)
    {
        var counts = default(ReplayCounts);
        int count = frames.Count;
        for (int i = 0; i < count; i++)
        {
            switch (tracker.ProcessFrame(frames[i]))
            {
                case BookFrameResult.Applied: counts.Applied++; break;
                case BookFrameResult.AwaitingSnapshot: counts.AwaitingSnapshot++; break;
                case BookFrameResult.UnknownSymbol: counts.UnknownSymbol++; break;
                case BookFrameResult.ProtocolError: counts.ProtocolErrors++; break;
                default: break;
            }
        }
        return counts;
    }

    private struct ReplayCounts
    {
        public long Applied;
        public long AwaitingSnapshot;
        public long UnknownSymbol;
        public long ProtocolErrors;
    }
}
