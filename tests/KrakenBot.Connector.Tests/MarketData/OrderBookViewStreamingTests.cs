using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.MarketData;

/// <summary><see cref="OrderBookViewStreaming.ReadSnapshotsAsync"/>: the book as an <c>await foreach</c> stream of its latest state.</summary>
public sealed class OrderBookViewStreamingTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");
    private readonly ScriptedOrderBook _book = new(BtcUsd, new FakeTimeProvider());

    [Fact]
    public async Task A_book_not_yet_ready_yields_nothing_until_its_snapshot_then_the_top_with_its_spread()
    {
        await using var reader = _book.ReadSnapshotsAsync(levels: 1).GetAsyncEnumerator();
        ValueTask<bool> first = reader.MoveNextAsync();
        Assert.False(first.IsCompleted, "a book that is not ready has nothing to show");

        _book.Set([(100m, 1m), (99m, 2m)], [(101.5m, 1m), (102m, 3m)]);

        Assert.True(await first);
        Assert.True(reader.Current.IsReady);
        Assert.Equal([new BookLevel(100m, 1m)], reader.Current.Bids);
        Assert.Equal([new BookLevel(101.5m, 1m)], reader.Current.Asks);
        Assert.Equal(1.5m, reader.Current.Spread);
    }

    [Fact]
    public async Task A_slow_reader_skips_to_the_latest_book_and_then_waits_for_the_next_change()
    {
        _book.Set([(100m, 1m)], [(101m, 1m)]);
        await using var reader = _book.ReadSnapshotsAsync(levels: 1).GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(1m, reader.Current.Spread);

        // Three changes while the reader is busy: it reads the book once more, as the last change left it.
        _book.Set([(100m, 1m)], [(103m, 1m)]);
        _book.Set([(100m, 1m)], [(102m, 1m)]);
        _book.Set([(100.5m, 1m)], [(101m, 1m)]);
        Assert.True(await reader.MoveNextAsync());
        Assert.Equal(0.5m, reader.Current.Spread);

        ValueTask<bool> next = reader.MoveNextAsync();
        Assert.False(next.IsCompleted, "nothing changed since the last read");
        _book.Set([(100m, 1m)], [(100.25m, 1m)]);
        Assert.True(await next);
        Assert.Equal(0.25m, reader.Current.Spread);
    }

    [Fact]
    public void A_snapshot_with_an_empty_side_has_no_spread()
    {
        _book.Set([(100m, 1m)], []);
        Assert.Null(_book.GetSnapshot(1).Spread);
    }
}
