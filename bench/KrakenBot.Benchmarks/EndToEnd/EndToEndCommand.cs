using System.Diagnostics;
using System.Globalization;
using KrakenBot.Benchmarks.Replay;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e --file FRAMES.jsonl …</c>: KrakenBot's client and ccxt's against the same loopback server, each as its own
/// process, in one run. Per client and run: the server sends the book snapshot, then the first L updates one per write
/// with a pause between them (latency: server write → <c>Changed</c>, p50/p99, on the shared monotonic clock), then the
/// rest back to back, one frame (or <c>--frames-per-write</c> frames) per write (throughput: frames/s, and client CPU
/// µs per frame from <c>/proc/PID/stat</c> utime+stime over that part alone). Prints a line per client and run and a
/// summary (best and median of the runs) with the ccxt÷KrakenBot ratio of CPU per frame. Exit code 1 when a client
/// reported a checksum failure or ended with a top of book that differs from the stream's.
/// </summary>
internal static class EndToEndCommand
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        EndToEndOptions options;
        try
        {
            options = EndToEndOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(EndToEndOptions.Usage);
            return 2;
        }

        List<byte[]> messages = LoadMessages(options.File);
        int updates = messages.Count - 1;
        if (options.LatencyUpdates >= updates) throw new ArgumentException("--latency-updates must be less than the stream's updates.");
        (BookLevel bid, BookLevel ask) expected = ExpectedTop(messages, options);
        EncodedStream stream = EncodedStream.Encode(messages);
        Dictionary<string, byte[]> rest = RestAnswers();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stream: {options.File}, {updates} updates ({options.LatencyUpdates} paced for latency, {updates - options.LatencyUpdates} timed), {options.FramesPerWrite} frame(s) per write, final top {expected.bid} / {expected.ask}, {Environment.ProcessorCount} cores"));

        var results = new List<RunResult>();
        bool allGood = true;
        for (int run = 1; run <= options.Runs; run++)
        {
            foreach (string client in options.Clients)
            {
                RunResult result = await RunClientAsync(client, run, stream, rest, updates, options);
                bool topOk = result.Bid == expected.bid && result.Ask == expected.ask;
                allGood &= topOk && result.ChecksumFailures is null or 0;
                results.Add(result);
                Console.WriteLine(result.Describe(topOk));
            }
        }
        PrintSummary(results, options.Clients);
        return allGood ? 0 : 1;
    }

    private static async Task<RunResult> RunClientAsync(string client, int run, EncodedStream stream, Dictionary<string, byte[]> rest,
        int updates, EndToEndOptions options)
    {
        using var server = new StreamServer(stream, rest);
        string latencyFile = Path.Combine(Path.GetTempPath(), $"krakenbot-e2e-{Environment.ProcessId}-{client}-{run}.txt");
        string[] clientArgs =
        [
            "--rest", $"http://127.0.0.1:{server.Port}", "--ws", $"ws://127.0.0.1:{server.Port}/v2", "--symbol", options.Symbol,
            "--depth", options.Depth.ToString(CultureInfo.InvariantCulture), "--updates", updates.ToString(CultureInfo.InvariantCulture),
            "--latency-updates", options.LatencyUpdates.ToString(CultureInfo.InvariantCulture), "--latency-out", latencyFile,
        ];
        using ClientProcess process = client == "ccxt"
            ? ClientProcess.Start("node", [Path.Combine(options.CcxtDirectory, "ccxt-client.js"), .. clientArgs], options.CcxtDirectory)
            : StartSelf(["e2e-client", .. clientArgs]);

        await process.WaitForAsync("ready", StepTimeout);
        StreamConnection connection = await server.BookSubscriber.WaitAsync(StepTimeout);
        string loadBefore = ProcessCpu.LoadAverage();

        long[] sentAt = await Task.Factory.StartNew(() => connection.SendPaced(1, options.LatencyUpdates, options.LatencyGap),
            TaskCreationOptions.LongRunning);
        await process.WaitForAsync("warm", StepTimeout);

        int timed = updates - options.LatencyUpdates;
        ProcessCpu before = ProcessCpu.Read(process.Id);
        long startedAt = Stopwatch.GetTimestamp();
        Task burst = Task.Factory.StartNew(() => connection.SendBurst(1 + options.LatencyUpdates, timed, options.FramesPerWrite),
            TaskCreationOptions.LongRunning);
        string done = await process.WaitForAsync("done", StepTimeout);
        ProcessCpu used = ProcessCpu.Read(process.Id) - before;
        await burst;
        string loadAfter = ProcessCpu.LoadAverage();

        await process.QuitAsync(StepTimeout);
        long[] changedAt = [.. File.ReadAllLines(latencyFile).Where(l => l.Length > 0).Select(l => long.Parse(l, CultureInfo.InvariantCulture))];
        File.Delete(latencyFile);
        double[] latencyMicros = new double[sentAt.Length];
        for (int i = 0; i < sentAt.Length; i++)
            latencyMicros[i] = (changedAt[i] - KrakenBotClient.ToNanoseconds(sentAt[i])) / 1000.0;

        DoneLine line = DoneLine.Parse(done);
        double seconds = (line.Nanoseconds - KrakenBotClient.ToNanoseconds(startedAt)) / 1e9;
        return new RunResult(client, run, timed, seconds, used, line.ChecksumFailures, line.Bid, line.Ask,
            Percentile(latencyMicros, 0.50), Percentile(latencyMicros, 0.99), latencyMicros.Max(), $"{loadBefore}/{loadAfter}");
    }

    private static ClientProcess StartSelf(string[] args)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot tell which executable this is.");
        // Under `dotnet KrakenBot.Benchmarks.dll` the process is the host: name the assembly again.
        return Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? ClientProcess.Start(self, [typeof(EndToEndCommand).Assembly.Location, .. args])
            : ClientProcess.Start(self, args);
    }

    private static List<byte[]> LoadMessages(string file)
    {
        using ReplayFrames frames = ReplayFrames.Load(file);
        var messages = new List<byte[]>(frames.Count);
        for (int i = 0; i < frames.Count; i++) messages.Add(frames[i].ToArray());
        return messages;
    }

    /// <summary>The stream's final top of book, from the in-process book path (every checksum verified on the way).</summary>
    private static (BookLevel, BookLevel) ExpectedTop(List<byte[]> messages, EndToEndOptions options)
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track(options.Symbol, options.Depth, options.PricePrecision, options.QtyPrecision);
        foreach (byte[] message in messages) tracker.ProcessFrame(message);
        if (tracker.ChecksumMismatches != 0 || !book.TryGetBestBid(out BookLevel bid) || !book.TryGetBestAsk(out BookLevel ask))
            throw new InvalidOperationException($"{options.File} does not replay cleanly ({tracker.ChecksumMismatches} checksum failures).");
        return (bid, ask);
    }

    private static Dictionary<string, byte[]> RestAnswers()
    {
        string data = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "Data");
        return new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["/0/public/AssetPairs"] = File.ReadAllBytes(Path.Combine(data, "asset-pairs.json")),
            ["/0/public/Assets"] = File.ReadAllBytes(Path.Combine(data, "assets.json")),
        };
    }

    private static double Percentile(double[] values, double fraction)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)];
    }

    private static void PrintSummary(List<RunResult> results, string[] clients)
    {
        Console.WriteLine();
        Console.WriteLine("summary (best / median of the runs):");
        var medianCpu = new Dictionary<string, double>();
        var bestCpu = new Dictionary<string, double>();
        foreach (string client in clients)
        {
            RunResult[] mine = [.. results.Where(r => r.Client == client)];
            double[] cpu = [.. mine.Select(r => r.CpuMicrosPerFrame).Order()];
            double[] rate = [.. mine.Select(r => r.FramesPerSecond).OrderDescending()];
            double[] p50 = [.. mine.Select(r => r.LatencyP50).Order()];
            double[] p99 = [.. mine.Select(r => r.LatencyP99).Order()];
            double[] switches = [.. mine.Select(r => r.SwitchesPerFrame).Order()];
            bestCpu[client] = cpu[0];
            medianCpu[client] = Median(cpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {client,-9} frames_per_sec={rate[0]:F0} / {Median(rate):F0}  cpu_us_per_frame={cpu[0]:F2} / {Median(cpu):F2}  ctx_switches_per_frame={switches[0]:F3} / {Median(switches):F3}  latency_p50_us={p50[0]:F1} / {Median(p50):F1}  latency_p99_us={p99[0]:F1} / {Median(p99):F1}"));
        }
        if (medianCpu.ContainsKey("krakenbot") && medianCpu.ContainsKey("ccxt"))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ratio ccxt/krakenbot cpu_us_per_frame: best {bestCpu["ccxt"] / bestCpu["krakenbot"]:F2}, median {medianCpu["ccxt"] / medianCpu["krakenbot"]:F2}"));
        }
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    private sealed record RunResult(string Client, int Run, int Frames, double Seconds, ProcessCpu Used, int? ChecksumFailures,
        BookLevel? Bid, BookLevel? Ask, double LatencyP50, double LatencyP99, double LatencyMax, string Load)
    {
        public double FramesPerSecond => Frames / Seconds;
        public double CpuMicrosPerFrame => Used.CpuSeconds * 1e6 / Frames;
        public double SwitchesPerFrame => (double)Used.ContextSwitches / Frames;

        public string Describe(bool topOk) => string.Create(CultureInfo.InvariantCulture,
            $"run {Run} {Client,-9} frames={Frames} frames_per_sec={FramesPerSecond:F0} cpu_us_per_frame={CpuMicrosPerFrame:F2} ctx_switches_per_frame={SwitchesPerFrame:F3} latency_us p50={LatencyP50:F1} p99={LatencyP99:F1} max={LatencyMax:F0} checksum_failures={(ChecksumFailures?.ToString(CultureInfo.InvariantCulture) ?? "n/a")} top={Bid}/{Ask} top_ok={(topOk ? "yes" : "NO")} load={Load}");
    }

    /// <summary><c>done t=NS failures=K|n/a bid=P@Q ask=P@Q</c>.</summary>
    private sealed record DoneLine(long Nanoseconds, int? ChecksumFailures, BookLevel? Bid, BookLevel? Ask)
    {
        public static DoneLine Parse(string line)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(f => f.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
            return new DoneLine(long.Parse(fields["t"], CultureInfo.InvariantCulture),
                int.TryParse(fields["failures"], CultureInfo.InvariantCulture, out int failures) ? failures : null,
                Level(fields["bid"]), Level(fields["ask"]));
        }

        private static BookLevel? Level(string text)
        {
            string[] parts = text.Split('@');
            return parts.Length == 2
                ? new BookLevel(decimal.Parse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture), decimal.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture))
                : null;
        }
    }
}
