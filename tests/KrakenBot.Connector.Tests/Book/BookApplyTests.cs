using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.Book;

/// <summary>How one message changes a book (API.md §4.4): every level in order, qty 0 deletes, truncate to depth after.</summary>
public sealed class BookApplyTests : IDisposable
{
    private const string Symbol = "BTC/USD";
    private readonly BookTracker _tracker = new();
    private readonly OrderBook _book;
    private readonly ReferenceBook _model = new(10, 1, 8);

    public BookApplyTests()
    {
        _book = _tracker.Track(Symbol, 10, 1, 8);
        for (int i = 0; i < 10; i++)
        {
            _model.Apply(true, 100.0m - i, 1m + i);
            _model.Apply(false, 101.0m + i, 2m + i);
        }
        Assert.Equal(BookFrameResult.Applied, _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(_model, Symbol))));
    }

    [Fact]
    public void Both_sides_change_in_one_message()
    {
        _model.Apply(true, 100.5m, 0.25m);
        _model.Apply(false, 100.7m, 0.5m);
        _model.Truncate();

        var result = Update([("100.5", "0.25000000")], [("100.7", "0.50000000")]);

        Assert.Equal(BookFrameResult.Applied, result);
        Assert.True(_book.TryGetTopOfBook(out var bid, out var ask));
        Assert.Equal(new BookLevel(100.5m, 0.25m), bid);
        Assert.Equal(new BookLevel(100.7m, 0.5m), ask);
        BookAssert.SameAs(_model, _book);
    }

    [Fact]
    public void A_price_repeated_in_one_message_is_applied_in_order_and_the_last_entry_wins()
    {
        _model.Apply(false, 101.0m, 7m);
        _model.Apply(false, 100.8m, 1m);
        _model.Apply(false, 100.8m, 0m);
        _model.Apply(false, 101.0m, 9m);
        _model.Truncate();

        var result = Update([], [("101.0", "7.00000000"), ("100.8", "1.00000000"), ("100.8", "0.00000000"), ("101.0", "9.00000000")]);

        Assert.Equal(BookFrameResult.Applied, result);
        Assert.True(_book.TryGetBestAsk(out var best));
        Assert.Equal(new BookLevel(101.0m, 9m), best);
        BookAssert.SameAs(_model, _book);
    }

    [Fact]
    public void Deleting_a_level_that_is_not_there_changes_nothing()
    {
        var before = _book.GetTop(10);

        var result = Update([("99.5", "0.00000000")], [("150.0", "0")]);

        Assert.Equal(BookFrameResult.Applied, result);
        var after = _book.GetTop(10);
        Assert.Equal(before.Bids, after.Bids);
        Assert.Equal(before.Asks, after.Asks);
        BookAssert.SameAs(_model, _book);
    }

    [Fact]
    public void Levels_pushed_beyond_the_depth_are_dropped_without_a_delete_and_do_not_come_back()
    {
        // Two better bids push the two worst (91.0, 92.0) out of the depth-10 book.
        _model.Apply(true, 100.2m, 1m);
        _model.Apply(true, 100.1m, 1m);
        _model.Truncate();
        Assert.Equal(BookFrameResult.Applied, Update([("100.2", "1.00000000"), ("100.1", "1.00000000")], []));
        var bids = _book.GetTop(10).Bids;
        Assert.Equal(10, bids.Count);
        Assert.Equal(93.0m, bids[^1].Price);

        // Deleting a top level leaves 9 levels: Kraken does not resend 92.0 and the book must not invent it.
        _model.Apply(true, 100.2m, 0m);
        Assert.Equal(BookFrameResult.Applied, Update([("100.2", "0.00000000")], []));
        bids = _book.GetTop(10).Bids;
        Assert.Equal(9, bids.Count);
        Assert.Equal(93.0m, bids[^1].Price);
        BookAssert.SameAs(_model, _book);
    }

    [Fact]
    public void Levels_beyond_the_top_10_do_not_enter_the_checksum_but_are_kept_to_the_depth()
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track(Symbol, 25, 1, 8);
        var model = new ReferenceBook(25, 1, 8);
        for (int i = 0; i < 25; i++)
        {
            model.Apply(true, 100.0m - i, 1m);
            model.Apply(false, 101.0m + i, 1m);
        }
        Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, Symbol))));
        uint before = book.ComputeChecksum();

        model.Apply(false, 120.0m, 5m);
        Assert.Equal(BookFrameResult.Applied, tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Update(Symbol, [], [("120.0", "5.00000000")], model.Checksum()))));

        Assert.Equal(before, book.ComputeChecksum());
        Assert.Equal(5m, book.GetTop(25).Asks[19].Amount);
        BookAssert.SameAs(model, book);
    }

    [Fact]
    public void An_update_before_the_first_snapshot_is_ignored()
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("ETH/USD", 10, 2, 8);

        var result = tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Update("ETH/USD", [("10.00", "1.00000000")], [], 0)));

        Assert.Equal(BookFrameResult.AwaitingSnapshot, result);
        Assert.False(book.IsReady);
        Assert.False(book.TryGetBestBid(out _));
    }

    [Fact]
    public void A_frame_for_an_untracked_symbol_is_ignored_and_other_books_are_unaffected()
    {
        var before = _book.GetTop(10);

        var result = _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Snapshot("DOGE/USD", [("0.1", "1")], [], 1)));

        Assert.Equal(BookFrameResult.UnknownSymbol, result);
        Assert.True(_book.IsReady);
        Assert.Equal(before.Bids, _book.GetTop(10).Bids);
    }

    [Fact]
    public void A_new_snapshot_replaces_the_whole_book()
    {
        var model = new ReferenceBook(10, 1, 8);
        model.Apply(true, 50.0m, 1m);
        model.Apply(false, 51.0m, 1m);

        Assert.Equal(BookFrameResult.Applied, _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, Symbol))));

        BookAssert.SameAs(model, _book);
    }

    public void Dispose() => _tracker.Dispose();

    private BookFrameResult Update(IEnumerable<(string, string)> bids, IEnumerable<(string, string)> asks) =>
        _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Update(Symbol, bids, asks, _model.Checksum())));
}

/// <summary>Which books a tracker follows.</summary>
public sealed class BookTrackerRegistrationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(2000)]
    public void Only_Kraken_depths_are_accepted(int depth)
    {
        using var tracker = new BookTracker();

        Assert.Throws<ArgumentOutOfRangeException>(() => tracker.Track("BTC/USD", depth, 1, 8));
    }

    [Fact]
    public void Tracking_again_returns_the_same_book_but_other_parameters_are_refused()
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 25, 1, 8);

        Assert.Same(book, tracker.Track("BTC/USD", 25, 1, 8));
        var error = Assert.Throws<InvalidOperationException>(() => tracker.Track("BTC/USD", 25, 2, 8));
        Assert.Contains("untrack it", error.Message, StringComparison.Ordinal);
        Assert.True(tracker.TryGetBook("BTC/USD", out var found));
        Assert.Same(book, found);
    }

    [Fact]
    public void An_untracked_book_is_emptied_and_its_frames_are_ignored()
    {
        using var tracker = new BookTracker();
        OrderBook book = tracker.Track("BTC/USD", 10, 1, 8);
        var model = new ReferenceBook(10, 1, 8);
        model.Apply(true, 100.0m, 1m);
        tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD")));

        Assert.True(tracker.Untrack("BTC/USD"));

        Assert.False(book.IsReady);
        Assert.False(book.TryGetBestBid(out _));
        Assert.Equal(BookFrameResult.UnknownSymbol, tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD"))));
        Assert.False(tracker.Untrack("BTC/USD"));
        Assert.Empty(tracker.Books);
    }
}
