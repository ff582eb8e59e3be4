using System.Globalization;

namespace KrakenBot.Benchmarks.Replay;

/// <summary>Command-line options of <c>replay</c>. Defaults match the team's stream generator (BTC/USD, depth 1000, 1/8 decimals).</summary>
internal sealed record ReplayOptions(string File, string Symbol, int Depth, int PricePrecision, int QtyPrecision, int WarmupPasses, bool Stats)
{
    public static ReplayOptions Parse(ReadOnlySpan<string> args)
    {
        string? file = null;
        string symbol = "BTC/USD";
        int depth = 1000, pricePrecision = 1, qtyPrecision = 8, warmup = 2;
        bool stats = false;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            if (name == "--stats")
            {
                stats = true;
                continue;
            }
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} needs a value.");
            }
            string value = args[++i];
            switch (name)
            {
                case "--file": file = value; break;
                case "--symbol": symbol = value; break;
                case "--depth": depth = Int(name, value); break;
                case "--price-precision": pricePrecision = Int(name, value); break;
                case "--qty-precision": qtyPrecision = Int(name, value); break;
                case "--warmup": warmup = Int(name, value); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }
        if (file is null)
        {
            throw new ArgumentException("--file is required.");
        }
        if (!System.IO.File.Exists(file))
        {
            throw new ArgumentException($"{file} does not exist.");
        }
        return new ReplayOptions(file, symbol, depth, pricePrecision, qtyPrecision, warmup, stats);
    }

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result)
            ? result
            : throw new ArgumentException($"{name} must be a non-negative integer, not '{value}'.");
}
