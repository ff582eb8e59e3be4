using KrakenBot.Connector;
using System.Text;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// Recording the sandbox's BTC/USD book and trades through the real connector over loopback: every message as received,
/// a checksum failure marked as a gap, and a replay of the files that rebuilds exactly the book the connector holds.
/// </summary>
public sealed class MarketRecorderSandboxTests : IDisposable
{
    private const string MakerKey = "recorder-maker";
    private const string TakerKey = "recorder-taker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-recorder-test-secret-0123456789"));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "krakenbot-recorder-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_recording_of_the_sandbox_marks_the_checksum_gap_and_replays_to_the_exact_live_book()
    {
        var balances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 100m };
        // No market activity: every change is the test's, so the last one seen live is the last one recorded.
        await using var sandbox = await QuietSandbox.StartAsync(MakerKey, TakerKey, Secret, balances);
        await using var market = await new KrakenConnector(KrakenConnectorOptions.At(sandbox.RestUri, sandbox.WebSocketUri)).MarketDataAsync();
        using var maker = new RawKrakenClient(sandbox.RestUri, MakerKey, Secret);
        using var taker = new RawKrakenClient(sandbox.RestUri, TakerKey, Secret);

        IOrderBookView live;
        OrderBookSnapshot expected;
        var recorder = await MarketRecorder.StartAsync(market, ["BTC/USD"], 25, _directory, "sandbox");
        await using (recorder)
        {
            live = await market.WatchBookAsync("BTC/USD", 25);
            for (int i = 0; i < 4; i++)
            {
                await Place(maker, "buy", 59_000m - 10 * i, 0.5m + i);
                await Place(maker, "sell", 61_000m + 10 * i, 0.25m + i);
            }
            await UntilAsync(() => live.BestBid?.Price == 59_000m && live.BestAsk?.Price == 61_000m, "the maker's quotes in the live book");

            sandbox.Faults.CorruptNextChecksum(1, "BTC/USD");
            await Place(maker, "buy", 59_500m, 1m); // its frame carries a wrong checksum: a gap, then a fresh snapshot
            await UntilAsync(() => recorder.Gaps >= 1 && live.IsReady && live.BestBid?.Price == 59_500m, "the gap and the book again");

            await Place(taker, "sell", 59_500m, 0.4m, ("timeinforce", "IOC")); // a trade, and the bid shrinks
            await Place(maker, "sell", 60_900m, 2m);
            await UntilAsync(() => recorder.TradeMessages >= 1 && live.BestAsk?.Price == 60_900m && live.BestBid?.Amount == 0.6m,
                "the trade and the last quote live");
            expected = live.GetSnapshot(25);
        }
        var (books, trades, gaps) = (recorder.BookMessages, recorder.TradeMessages, recorder.Gaps); // final once stopped

        var files = RecordingReader.FilesIn(_directory);
        Assert.NotEmpty(files);
        using var replay = new RecordedBooks(new RecordingReader(files[0]).Header);
        long readBooks = 0, readTrades = 0;
        var gapReasons = new List<string>();
        foreach (var file in files)
        {
            using var reader = new RecordingReader(file);
            Assert.Equal("sandbox", reader.Header.Source);
            Assert.Equal(25, reader.Header.Depth);
            while (reader.TryRead(out var record))
            {
                replay.Apply(record);
                if (record.Kind == RecordKind.Book) readBooks++;
                else if (record.Kind == RecordKind.Trade) readTrades++;
                else if (record.Kind == RecordKind.Gap) gapReasons.Add(Encoding.UTF8.GetString(record.Payload));
            }
            Assert.Null(reader.TornTail);
        }

        Assert.Equal((books, trades, gaps), (readBooks, readTrades, (long)gapReasons.Count));
        Assert.Contains(gapReasons, r => r.Contains("checksum", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, replay.ChecksumMismatches); // the corrupted frame fails here too; the gap starts the book afresh
        var book = replay.Book("BTC/USD");
        Span<BookLevel> bids = new BookLevel[25], asks = new BookLevel[25];
        var (bidCount, askCount) = book.CopyTop(bids, asks);
        Assert.Equal(expected.Bids.Select(l => (l.Price, l.Amount)), bids[..bidCount].ToArray().Select(l => (l.Price, l.Amount)));
        Assert.Equal(expected.Asks.Select(l => (l.Price, l.Amount)), asks[..askCount].ToArray().Select(l => (l.Price, l.Amount)));
        Assert.Equal(5, bidCount);
        Assert.Equal(5, askCount);
    }

    private static async Task Place(RawKrakenClient client, string side, decimal price, decimal volume, params (string, string)[] extra)
    {
        var reply = await client.PostAsync("AddOrder", [("pair", "XBTUSD"), ("type", side), ("ordertype", "limit"),
            ("price", price.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("volume", volume.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. extra]);
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
    }

    private static async Task UntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Waited in vain for " + what + ".");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
