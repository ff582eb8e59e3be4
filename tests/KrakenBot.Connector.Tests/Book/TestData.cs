namespace KrakenBot.Connector.Tests.Book;

internal static class TestData
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Data", .. parts]);

    /// <summary>The first 2,000 frames (1 snapshot at depth 1000 + 1,999 updates) of the team's seeded BTC/USD stream.</summary>
    public static string[] SampleStream() => File.ReadAllLines(PathOf("streams", "book-v2-seed42-first2000.jsonl"));
}
