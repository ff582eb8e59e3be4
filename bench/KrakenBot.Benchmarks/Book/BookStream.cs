namespace KrakenBot.Benchmarks.Book;

/// <summary>
/// The frames the book benchmarks run on: the file named by <c>KRAKENBOT_BOOK_FRAMES</c> (e.g. the 200,000-update
/// stream from the team's generator), else the repository's 2,000-frame sample. Line 1 is the snapshot. Benchmarks
/// walk the stream in order, <see cref="FramesPerInvoke"/> frames per invocation, wrapping to the snapshot at the end,
/// so the book always sees the real sequence and results are per frame.
/// </summary>
internal static class BookStream
{
    public const int FramesPerInvoke = 2000;

    public const string Symbol = "BTC/USD";
    public const int Depth = 1000;
    public const int PricePrecision = 1;
    public const int QtyPrecision = 8;

    private const string SamplePath = "tests/KrakenBot.Connector.Tests/Data/streams/book-v2-seed42-first2000.jsonl";

    public static byte[][] Load()
    {
        string path = Environment.GetEnvironmentVariable("KRAKENBOT_BOOK_FRAMES") is { Length: > 0 } configured
            ? configured
            : FindSample();
        string[] lines = File.ReadAllLines(path);
        var frames = new List<byte[]>(lines.Length);
        foreach (string line in lines)
        {
            if (line.Length > 0)
            {
                frames.Add(System.Text.Encoding.UTF8.GetBytes(line));
            }
        }
        Console.WriteLine($"// book frames: {frames.Count} from {path}");
        return [.. frames];
    }

    /// <summary>BenchmarkDotNet runs from a generated folder: walk up to the repository root.</summary>
    private static string FindSample()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, SamplePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"Set KRAKENBOT_BOOK_FRAMES or run from the repository: {SamplePath} not found above {AppContext.BaseDirectory}.");
    }
}
