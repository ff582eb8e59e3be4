using System.Globalization;

namespace KrakenBot.Benchmarks.EndToEnd;

/// <summary>Command-line options of <c>e2e</c>; see <see cref="EndToEndCommand"/>.</summary>
internal sealed record EndToEndOptions(
    string File, int Runs, int FramesPerWrite, int LatencyUpdates, TimeSpan LatencyGap, string[] Clients, string CcxtDirectory,
    string Symbol, int Depth, int PricePrecision, int QtyPrecision)
{
    public const string Usage =
        "usage: e2e --file FRAMES.jsonl [--runs 3] [--frames-per-write 1] [--latency-updates 2000] [--latency-gap-ms 1] " +
        "[--clients krakenbot,ccxt] [--ccxt-dir bench/KrakenBot.Benchmarks/EndToEnd/ccxt] [--symbol BTC/USD] [--depth 1000] " +
        "[--price-precision 1] [--qty-precision 8]";

    public static EndToEndOptions Parse(ReadOnlySpan<string> args)
    {
        string? file = null;
        int runs = 3, framesPerWrite = 1, latencyUpdates = 2000, gapMs = 1, depth = 1000, pricePrecision = 1, qtyPrecision = 8;
        string[] clients = ["krakenbot", "ccxt"];
        string ccxtDirectory = Path.Combine("bench", "KrakenBot.Benchmarks", "EndToEnd", "ccxt");
        string symbol = "BTC/USD";
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
            string value = args[++i];
            switch (name)
            {
                case "--file": file = value; break;
                case "--runs": runs = Positive(name, value); break;
                case "--frames-per-write": framesPerWrite = Positive(name, value); break;
                case "--latency-updates": latencyUpdates = Positive(name, value); break;
                case "--latency-gap-ms": gapMs = Positive(name, value); break;
                case "--clients": clients = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--ccxt-dir": ccxtDirectory = value; break;
                case "--symbol": symbol = value; break;
                case "--depth": depth = Positive(name, value); break;
                case "--price-precision": pricePrecision = Positive(name, value); break;
                case "--qty-precision": qtyPrecision = Positive(name, value); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }
        if (file is null) throw new ArgumentException("--file is required.");
        if (!System.IO.File.Exists(file)) throw new ArgumentException($"{file} does not exist.");
        foreach (string client in clients)
        {
            if (client is not ("krakenbot" or "ccxt")) throw new ArgumentException($"Unknown client '{client}': use krakenbot and/or ccxt.");
        }
        if (clients.Contains("ccxt") && !Directory.Exists(Path.Combine(ccxtDirectory, "node_modules", "ccxt")))
            throw new ArgumentException($"ccxt is not installed in {ccxtDirectory}: run bench/KrakenBot.Benchmarks/e2e.sh, which installs it.");
        return new EndToEndOptions(file, runs, framesPerWrite, latencyUpdates, TimeSpan.FromMilliseconds(gapMs), clients,
            Path.GetFullPath(ccxtDirectory), symbol, depth, pricePrecision, qtyPrecision);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result) && result > 0
            ? result
            : throw new ArgumentException($"{name} must be a positive integer, not '{value}'.");
}
