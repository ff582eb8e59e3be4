using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>What readers see: best levels, mid, spread, depth-weighted price, copies, change notifications.</summary>
public sealed class OrderBookReadTests : IDisposable
{
    private readonly BookTracker _tracker = new();
    private readonly OrderBook _book;
    private readonly ReferenceBook _model = new(10, 1, 8);

    public OrderBookReadTests()
    {
        _book = _tracker.Track("BTC/USD", 10, 1, 8);
        _model.Apply(true, 100.0m, 1m);
        _model.Apply(true, 99.0m, 2m);
        _model.Apply(true, 98.5m, 4m);
        _model.Apply(false, 101.0m, 2m);
        _model.Apply(false, 102.0m, 3m);
    }

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void A_book_that_is_not_ready_shows_nothing()
    {
        Assert.False(_book.IsReady);
        Assert.False(_book.TryGetBestBid(out _));
        Assert.Null(_book.MidPrice);
        Assert.Null(_book.GetDepthWeightedPrice(BookSide.Asks, 1m));
        Assert.Empty(_book.GetTop(10).Bids);
        Assert.Contains("not ready", _book.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Best_levels_mid_and_spread_are_exact()
    {
        Snapshot();

        Assert.True(_book.TryGetTopOfBook(out var bid, out var ask));
        Assert.Equal(new BookLevel(100.0m, 1m), bid);
        Assert.Equal(new BookLevel(101.0m, 2m), ask);
        Assert.Equal(100.5m, _book.MidPrice);
        Assert.Equal(1.0m, _book.Spread);
        Assert.Equal("100.0@1.00000000", bid.ToString()); // the pair's precision is kept
    }

    [Fact]
    public void The_mid_follows_the_top_through_updates_and_is_gone_with_a_side()
    {
        Snapshot();
        AssertMid(100.5m);

        Update(bid: true, 98.5m, 7m); // deeper than the top: the mid stays
        AssertMid(100.5m);
        Update(bid: true, 100.4m, 1m); // a new best bid
        AssertMid(100.7m);
        Update(bid: false, 101.0m, 0m); // the best ask gone: the next one is the top
        AssertMid(101.2m);
        Update(bid: false, 102.0m, 0m); // no ask left: no mid
        Assert.Null(_book.MidPrice);
        Update(bid: false, 103.0m, 1m);
        AssertMid(101.7m);
    }

    // The value, and the very decimal (its scale too) that (bid + ask) / 2 of the top gives: reports print it.
    [Fact]
    public void The_top_version_is_new_when_a_best_price_or_readiness_changes_and_only_then()
    {
        var seen = new HashSet<long> { _book.TopVersion };
        Snapshot();
        long ready = _book.TopVersion;
        Assert.True(seen.Add(ready)); // the top appeared and the book became ready

        Update(bid: true, 98.5m, 7m);   // deeper than the top
        Update(bid: false, 101.0m, 5m); // the best ask's amount, not its price
        Assert.Equal(ready, _book.TopVersion);

        Update(bid: true, 100.4m, 1m); // a new best bid
        Assert.True(seen.Add(_book.TopVersion));
        Update(bid: false, 101.0m, 0m); // the best ask gone: the next one is the top
        Assert.True(seen.Add(_book.TopVersion));

        _tracker.Invalidate("BTC/USD"); // emptied and not ready
        Assert.True(seen.Add(_book.TopVersion));
        Snapshot(); // the same top as before: still a version never seen
        Assert.True(seen.Add(_book.TopVersion));
        Assert.True(_book.IsReady);
    }

    private void AssertMid(decimal expected)
    {
        Assert.True(_book.TryGetTopOfBook(out var bid, out var ask));
        decimal? mid = _book.MidPrice;
        Assert.Equal(expected, mid);
        Assert.Equal(((bid.Price + ask.Price) / 2m).ToString(System.Globalization.CultureInfo.InvariantCulture),
            mid!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(nameof(BookSide.Asks), "1", "101")]
    [InlineData(nameof(BookSide.Asks), "4", "101.5")]          // 2 @ 101 + 2 @ 102
    [InlineData(nameof(BookSide.Asks), "5", "101.6")]          // 2 @ 101 + 3 @ 102
    [InlineData(nameof(BookSide.Bids), "3", "99.333333333333333333333333333")] // 1 @ 100 + 2 @ 99
    [InlineData(nameof(BookSide.Bids), "7", "98.857142857142857142857142857")] // 1 @ 100 + 2 @ 99 + 4 @ 98.5
    public void Depth_weighted_price_walks_the_levels_and_takes_the_last_one_partly(string side, string size, string expected)
    {
        Snapshot();

        // The side by name: BookSide is internal, and a public theory cannot take it as a parameter.
        decimal? price = _book.GetDepthWeightedPrice(Enum.Parse<BookSide>(side), decimal.Parse(size, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), price);
    }

    [Fact]
    public void Depth_weighted_price_is_null_when_the_visible_book_is_too_small()
    {
        Snapshot();

        Assert.Null(_book.GetDepthWeightedPrice(BookSide.Asks, 5.00000001m));
        Assert.Throws<ArgumentOutOfRangeException>(() => _book.GetDepthWeightedPrice(BookSide.Asks, 0m));
    }

    [Fact]
    public void CopyTop_fills_what_fits_without_allocating_and_GetTop_returns_both_sides()
    {
        Snapshot();
        Span<BookLevel> bids = stackalloc BookLevel[2];
        Span<BookLevel> asks = stackalloc BookLevel[5];

        var (bidCount, askCount) = _book.CopyTop(bids, asks);

        Assert.Equal((2, 2), (bidCount, askCount));
        Assert.Equal(new BookLevel(99.0m, 2m), bids[1]);
        Assert.Equal(new BookLevel(102.0m, 3m), asks[1]);
        BookTop top = _book.GetTop(3);
        Assert.Equal([100.0m, 99.0m, 98.5m], top.Bids.Select(l => l.Price));
        Assert.Equal("BTC/USD", top.Symbol);
    }

    [Fact]
    public void Readers_are_told_about_changes_and_readiness()
    {
        int changes = 0;
        int readyChanges = 0;
        _book.Changed += (_, _) => changes++;
        _book.ReadyChanged += (_, _) => readyChanges++;
        long sequence = _book.Sequence;

        Snapshot();
        _model.Apply(true, 100.0m, 0m);
        _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Update("BTC/USD", [("100.0", "0")], [], _model.Checksum())));

        Assert.Equal(2, changes);
        Assert.Equal(1, readyChanges);
        Assert.True(_book.Sequence >= sequence + 2);
        Assert.Equal(99.0m, _book.GetTop(1).Bids[0].Price);
    }

    [Fact]
    public void A_throwing_handler_does_not_break_the_book()
    {
        _book.Changed += (_, _) => throw new InvalidOperationException("handler bug");

        Snapshot();

        Assert.True(_book.IsReady);
        Assert.Equal(100.5m, _book.MidPrice);
    }

    [Fact]
    public async Task Concurrent_readers_always_see_a_consistent_book_while_frames_are_applied()
    {
        string[] frames = TestData.SampleStream();
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 1000, 1, 8);
        byte[][] utf8 = frames.Select(BookFrames.Utf8).ToArray();
        var inconsistencies = new List<string>();
        int reads = 0;
        using var done = new ManualResetEventSlim();

        var reader = Task.Run(() =>
        {
            var bids = new BookLevel[25];
            var asks = new BookLevel[25];
            bool last = false;
            while (!last)
            {
                last = done.IsSet;
                // Readiness is read before the copy: this stream never loses readiness once gained, so a book seen
                // ready must yield full sides (reading it after the copy would race with the first snapshot).
                bool readyBeforeCopy = book.IsReady;
                var (bidCount, askCount) = book.CopyTop(bids, asks);
                reads++;
                for (int i = 1; i < bidCount; i++)
                {
                    if (bids[i].Price >= bids[i - 1].Price)
                    {
                        inconsistencies.Add($"bids out of order at {i}");
                    }
                }
                for (int i = 1; i < askCount; i++)
                {
                    if (asks[i].Price <= asks[i - 1].Price)
                    {
                        inconsistencies.Add($"asks out of order at {i}");
                    }
                }
                if (bidCount > 0 && askCount > 0 && bids[0].Price >= asks[0].Price)
                {
                    inconsistencies.Add("crossed book");
                }
                if (readyBeforeCopy && (bidCount != 25 || askCount != 25))
                {
                    inconsistencies.Add($"ready book with {bidCount}/{askCount} levels");
                }
            }
        });

        foreach (byte[] frame in utf8)
        {
            Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(frame));
        }
        done.Set();
        await reader;

        Assert.Empty(inconsistencies);
        Assert.True(reads > 0);
    }

    private void Update(bool bid, decimal price, decimal qty)
    {
        _model.Apply(bid, price, qty);
        (string, string)[] level = [(BookFrames.Fixed(price, 1), BookFrames.Fixed(qty, 8))];
        string frame = BookFrames.Update("BTC/USD", bid ? level : [], bid ? [] : level, _model.Checksum());
        Assert.Equal(BookFrameResult.Applied, _tracker.ProcessFrame(BookFrames.Utf8(frame)));
    }

    private void Snapshot() =>
        Assert.Equal(BookFrameResult.Applied, _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(_model, "BTC/USD"))));
}
