using System.Diagnostics;
using System.Globalization;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e-client --rest URL --ws URL --updates N --latency-updates L --latency-out FILE [--symbol BTC/USD] [--depth 1000]</c>:
/// KrakenBot's side of the end-to-end benchmark, as a user runs it: <see cref="KrakenMarketData.CreateAsync"/> (markets over
/// REST), <see cref="KrakenMarketData.WatchBookAsync(string, int, CancellationToken)"/> with checksums verified on every
/// frame, and a <see cref="IOrderBookView.Changed"/> handler. Prints <c>ready</c> after the snapshot, <c>warm</c> after the
/// first L updates (their <c>Changed</c> times go to FILE, one <see cref="Stopwatch"/> timestamp a line), and
/// <c>done t=… failures=… bid=… ask=…</c> after N updates; exits on <c>quit</c>.
/// </summary>
internal static class KrakenBotClient
{
    public static async Task<int> RunAsync(string[] args)
    {
        string rest = Arg(args, "--rest");
        string ws = Arg(args, "--ws");
        string symbol = Arg(args, "--symbol", "BTC/USD");
        int depth = int.Parse(Arg(args, "--depth", "1000"), CultureInfo.InvariantCulture);
        int updates = int.Parse(Arg(args, "--updates"), CultureInfo.InvariantCulture);
        int latencyUpdates = int.Parse(Arg(args, "--latency-updates"), CultureInfo.InvariantCulture);
        string latencyOut = Arg(args, "--latency-out");

        await using KrakenMarketData marketData = await KrakenMarketData.CreateAsync(
            new KrakenOptions { RestBaseUrl = new Uri(rest), WebSocketPublicUrl = new Uri(ws) },
            new KrakenMarketDataOptions { FollowInstruments = false });
        IOrderBookView book = await marketData.WatchBookAsync(symbol, depth);
        await KrakenMarketData.WaitUntilReadyAsync(book);

        var changedAt = new long[latencyUpdates];
        long doneAt = 0;
        int seen = 0;
        var warm = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        book.Changed += (_, _) =>
        {
            long now = Stopwatch.GetTimestamp();
            int index = seen++;
            if (index < latencyUpdates)
            {
                changedAt[index] = now;
                if (index == latencyUpdates - 1) warm.TrySetResult();
            }
            if (index == updates - 1)
            {
                doneAt = now;
                done.TrySetResult();
            }
        };
        // The snapshot's own Changed is raised on the receive thread just after the write that made the book ready, and
        // may come after the handler is attached: counted, it would pair every paced frame with the one before (a latency
        // of minus the gap). Nothing else arrives before "ready": let it pass, then count from zero.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        seen = 0;
        Console.WriteLine("ready");
        await warm.Task;
        Console.WriteLine("warm");
        await done.Task;
        string bid = book.BestBid is { } b ? b.ToString() : "none";
        string ask = book.BestAsk is { } a ? a.ToString() : "none";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"done t={ToNanoseconds(doneAt)} failures={marketData.ChecksumMismatches} bid={bid} ask={ask}"));

        while (Console.ReadLine() is { } line && line != "quit")
        {
        }
        await File.WriteAllLinesAsync(latencyOut, changedAt.Select(t => ToNanoseconds(t).ToString(CultureInfo.InvariantCulture)));
        return 0;
    }

    /// <summary>Stopwatch ticks as nanoseconds of the system's monotonic clock (what Node's <c>hrtime</c> reads too).</summary>
    public static long ToNanoseconds(long stopwatchTicks) =>
        (long)(stopwatchTicks * (1_000_000_000.0 / Stopwatch.Frequency));

    private static string Arg(string[] args, string name, string? fallback = null)
    {
        int index = Array.IndexOf(args, name);
        if (index >= 0 && index + 1 < args.Length) return args[index + 1];
        return fallback ?? throw new ArgumentException($"{name} is required.");
    }
}
