using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Tests.Book;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.MarketData;

/// <summary>The <see cref="IOrderBookView"/> adapter over a tracked book.</summary>
public sealed class OrderBookViewTests : IDisposable
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private readonly BookTracker _tracker = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ReferenceBook _model = new(10, 1, 8);
    private readonly OrderBookView _view;

    public OrderBookViewTests()
    {
        _view = new OrderBookView(BtcUsd, _tracker.Track("BTC/USD", 10, 1, 8), _time);
        _model.Apply(bid: true, 100.0m, 1m);
        _model.Apply(bid: true, 99.0m, 2m);
        _model.Apply(bid: false, 101.0m, 1.5m);
        _model.Apply(bid: false, 102.0m, 3m);
    }

    public void Dispose() => _tracker.Dispose();

    [Fact]
    public void Before_the_snapshot_every_accessor_answers_nothing()
    {
        Assert.False(_view.IsReady);
        Assert.Null(_view.BestBid);
        Assert.Null(_view.BestAsk);
        Assert.Null(_view.MidPrice);
        Assert.Null(_view.Spread);
        Assert.Null(_view.AveragePriceFor(OrderSide.Buy, 1m));
        OrderBookSnapshot snapshot = _view.GetSnapshot(10);
        Assert.False(snapshot.IsReady);
        Assert.Empty(snapshot.Bids);
        Assert.Empty(snapshot.Asks);
    }

    [Fact]
    public void Ready_book_answers_top_mid_spread_snapshot_and_walks_the_right_side()
    {
        var changes = 0;
        _view.Changed += (_, _) => changes++;
        ApplySnapshot();

        Assert.True(changes >= 1);
        Assert.Equal(new BookLevel(100.0m, 1m), _view.BestBid);
        Assert.Equal(new BookLevel(101.0m, 1.5m), _view.BestAsk);
        Assert.Equal(100.5m, _view.MidPrice);
        Assert.Equal(1.0m, _view.Spread);
        // Buying 2.5 takes 1.5 at 101 and 1 at 102; selling 2 takes 1 at 100 and 1 at 99.
        Assert.Equal((1.5m * 101.0m + 1m * 102.0m) / 2.5m, _view.AveragePriceFor(OrderSide.Buy, 2.5m));
        Assert.Equal((100.0m + 99.0m) / 2m, _view.AveragePriceFor(OrderSide.Sell, 2m));
        Assert.Null(_view.AveragePriceFor(OrderSide.Buy, 5m)); // more than the visible asks

        OrderBookSnapshot snapshot = _view.GetSnapshot(1);
        Assert.True(snapshot.IsReady);
        Assert.Equal(BtcUsd, snapshot.Pair);
        Assert.Equal(_time.GetUtcNow(), snapshot.Time);
        Assert.Equal([new BookLevel(100.0m, 1m)], snapshot.Bids);
        Assert.Equal([new BookLevel(101.0m, 1.5m)], snapshot.Asks);
    }

    [Fact]
    public void A_checksum_mismatch_makes_the_view_not_ready_and_empty()
    {
        ApplySnapshot();
        var notReadyChanges = 0;
        _view.Changed += (_, _) => { if (!_view.IsReady) notReadyChanges++; };

        _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.Update("BTC/USD", [("100.0", "5.00000000")], [], _model.Checksum())));

        Assert.Equal(1, notReadyChanges);
        Assert.False(_view.IsReady);
        Assert.Null(_view.BestBid);
        Assert.Empty(_view.GetSnapshot(10).Bids);
    }

    [Fact]
    public void Attaching_a_new_book_moves_readers_and_change_subscribers_to_it()
    {
        ApplySnapshot();
        _tracker.Untrack("BTC/USD");
        OrderBook finer = _tracker.Track("BTC/USD", 10, 2, 8);
        var changes = 0;
        _view.Changed += (_, _) => changes++;

        _view.Attach(finer);
        Assert.False(_view.IsReady);
        var model = new ReferenceBook(10, 2, 8);
        model.Apply(bid: true, 100.25m, 1m);
        model.Apply(bid: false, 100.75m, 1m);
        _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(model, "BTC/USD")));

        Assert.True(_view.IsReady);
        Assert.Equal(100.25m, _view.BestBid?.Price);
        Assert.True(changes >= 2); // the switch, then the snapshot
    }

    private void ApplySnapshot()
    {
        Assert.Equal(BookFrameResult.Applied, _tracker.ProcessFrame(BookFrames.Utf8(BookFrames.SnapshotOf(_model, "BTC/USD"))));
    }
}
