using KrakenBot.Connector.Kraken.Book;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>The seeded BTC/USD stream at depth 1000 (Data/streams/book-v2-seed42-first2000.jsonl).</summary>
public sealed class BookSampleStreamTests
{
    [Fact]
    public void All_2000_frames_verify_and_the_book_equals_an_independent_model()
    {
        string[] frames = TestData.SampleStream();
        Assert.Equal(2000, frames.Length);
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 1000, 1, 8);
        var reference = new ReferenceBook(1000, 1, 8);

        foreach (string frame in frames)
        {
            uint sent = ReferenceFeed.Apply(reference, frame);
            Assert.Equal(sent, reference.Checksum()); // the model agrees with the stream: it can judge the book
            Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(frame)));
        }

        Assert.Equal(0, tracker.ChecksumMismatches);
        Assert.True(book.IsReady);
        Assert.Equal(1000, book.GetTop(1000).Bids.Count);
        BookAssert.SameAs(reference, book);
    }

    [Fact]
    public void Processing_frames_allocates_nothing_in_steady_state()
    {
        byte[][] frames = TestData.SampleStream().Select(BookFrames.Utf8).ToArray();
        using (var warmup = new BookTracker())
        {
            warmup.Track("BTC/USD", 1000, 1, 8);
            foreach (byte[] frame in frames)
            {
                warmup.ProcessFrame(frame);
            }
        }
        // Three timed passes, each on a fresh tracker: an allocation made per frame shows in every pass, while a one-off
        // of the runtime's on this thread (seen once in a full CI run, 7,920 bytes, never alone) shows in one at most.
        long fewest = long.MaxValue;
        for (int pass = 0; pass < 3; pass++)
        {
            using var tracker = new BookTracker();
            tracker.Track("BTC/USD", 1000, 1, 8);

            long before = GC.GetAllocatedBytesForCurrentThread();
            foreach (byte[] frame in frames)
            {
                tracker.ProcessFrame(frame);
            }
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);

            Assert.Equal(0, tracker.ChecksumMismatches);
        }

        Assert.Equal(0, fewest);
    }
}
