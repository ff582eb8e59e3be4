using KrakenBot.Connector.Kraken.Book;
using Microsoft.Extensions.Logging;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>A corrupted frame is caught by the checksum, the book resynchronises from a fresh snapshot and is exact again.</summary>
public sealed class BookResyncTests
{
    [Fact]
    public void One_flipped_digit_is_detected_and_the_book_recovers_from_a_fresh_snapshot()
    {
        string[] frames = TestData.SampleStream();
        var logger = new RecordingLogger<BookTracker>();
        using var meters = new RecordingMeterFactory();
        using var tracker = new BookTracker(logger, meters);
        OrderBook book = tracker.Track("BTC/USD", 1000, 1, 8);
        var requests = new List<BookResubscribeRequestedEventArgs>();
        tracker.ResubscribeRequested += (_, request) => requests.Add(request);
        var readiness = new List<bool>();
        book.ReadyChanged += (_, _) => readiness.Add(book.IsReady);
        var reference = new ReferenceBook(1000, 1, 8);

        // Feed the true stream up to an update that changes the best ask (inside the checksummed top 10).
        int corrupted = -1;
        for (int i = 0; i < frames.Length; i++)
        {
            var before = reference.Asks.Count > 0 ? reference.Asks.First() : default;
            if (i >= 500 && IsSingleAskModification(frames[i]) && TopAskPrice(frames[i]) == before.Key)
            {
                corrupted = i;
                break;
            }
            ReferenceFeed.Apply(reference, frames[i]);
            Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(frames[i])));
        }
        Assert.True(corrupted > 0, "the sample stream has a best-ask modification after frame 500");

        string bad = FlipLastQtyDigit(frames[corrupted]);
        Assert.NotEqual(frames[corrupted], bad);
        Assert.Equal(BookFrameResult.ChecksumMismatch, tracker.ProcessFrame(BookFrames.Utf8(bad)));
        ReferenceFeed.Apply(reference, frames[corrupted]); // the truth moves on

        Assert.False(book.IsReady);
        Assert.False(book.TryGetBestAsk(out _)); // never expose a book known to be wrong
        Assert.Null(book.MidPrice);
        Assert.Equal(1, tracker.ChecksumMismatches);
        var request = Assert.Single(requests);
        Assert.Equal(("BTC/USD", 1000, BookResyncReason.ChecksumMismatch), (request.Symbol, request.Depth, request.Reason));
        Assert.Contains(meters.Measurements, m => m.Instrument == "krakenbot.book.checksum_mismatches" && m.Value == 1 && m.Symbol == "BTC/USD");
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("BTC/USD checksum mismatch", StringComparison.Ordinal));
        Assert.Equal([true, false], readiness);

        // Updates before the new snapshot are ignored, not applied to an empty book.
        int next = corrupted + 1;
        for (; next < corrupted + 20; next++)
        {
            ReferenceFeed.Apply(reference, frames[next]);
            Assert.Equal(BookFrameResult.AwaitingSnapshot, tracker.ProcessFrame(BookFrames.Utf8(frames[next])));
        }

        // The session resubscribed: Kraken sends a snapshot of the current state, then the stream goes on.
        Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(reference, "BTC/USD"))));
        Assert.True(book.IsReady);
        for (; next < frames.Length; next++)
        {
            ReferenceFeed.Apply(reference, frames[next]);
            Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(frames[next])));
        }
        Assert.Equal(1, tracker.ChecksumMismatches);
        Assert.Single(requests);
        Assert.Equal([true, false, true], readiness);
        BookAssert.SameAs(reference, book);
    }

    [Fact]
    public void A_mismatch_on_one_symbol_leaves_the_other_books_alone()
    {
        using var tracker = new BookTracker();
        OrderBook btc = tracker.Track("BTC/USD", 10, 1, 8);
        OrderBook eth = tracker.Track("ETH/USD", 10, 2, 8);
        var btcModel = new ReferenceBook(10, 1, 8);
        var ethModel = new ReferenceBook(10, 2, 8);
        btcModel.Apply(true, 100.0m, 1m);
        btcModel.Apply(false, 100.5m, 2m);
        ethModel.Apply(true, 10.00m, 3m);
        ethModel.Apply(false, 10.05m, 4m);
        tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(btcModel, "BTC/USD")));
        tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(ethModel, "ETH/USD")));
        var requests = new List<string>();
        tracker.ResubscribeRequested += (_, r) => requests.Add(r.Symbol);

        string wrong = BookFrames.Update("ETH/USD", [("10.01", "1.00000000")], [], checksum: 12345);
        Assert.Equal(BookFrameResult.ChecksumMismatch, tracker.ProcessFrame(BookFrames.Utf8(wrong)));

        Assert.Equal(["ETH/USD"], requests);
        Assert.False(eth.IsReady);
        Assert.True(btc.IsReady);
        Assert.Equal(100.25m, btc.MidPrice);
    }

    [Fact]
    public void Invalidate_empties_the_book_until_the_next_snapshot_without_asking_to_resubscribe()
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 10, 1, 8);
        var model = new ReferenceBook(10, 1, 8);
        model.Apply(true, 100.0m, 1m);
        model.Apply(false, 100.5m, 2m);
        tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD")));
        int requests = 0;
        tracker.ResubscribeRequested += (_, _) => requests++;

        tracker.Invalidate("BTC/USD");

        Assert.False(book.IsReady);
        Assert.False(book.TryGetBestBid(out _));
        Assert.Equal(0, requests);
        model.Apply(true, 100.1m, 5m);
        Assert.Equal(BookFrameResult.AwaitingSnapshot,
            tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Update("BTC/USD", [("100.1", "5.00000000")], [], model.Checksum()))));
        Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD"))));
        BookAssert.SameAs(model, book);
    }

    private static bool IsSingleAskModification(string frame) =>
        frame.Contains("\"bids\":[]", StringComparison.Ordinal) && frame.Split("\"price\"").Length == 2 && !frame.Contains("\"qty\":0.00000000", StringComparison.Ordinal);

    private static decimal TopAskPrice(string frame)
    {
        int start = frame.IndexOf("\"price\":", StringComparison.Ordinal) + 8;
        int end = frame.IndexOf(',', start);
        return decimal.Parse(frame[start..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string FlipLastQtyDigit(string frame)
    {
        int qty = frame.IndexOf("\"qty\":", StringComparison.Ordinal) + 6;
        int end = frame.IndexOf('}', qty) - 1;
        char digit = frame[end];
        return frame[..end] + (char)('0' + ((digit - '0' + 1) % 10)) + frame[(end + 1)..];
    }
}
