using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Tests.Socket;
using Xunit;

namespace KrakenBot.Connector.Tests.Streams;

/// <summary>The one delivery policy: bounded per reader, every gap signalled in place, nobody slowed by a slow reader.</summary>
public class BoundedBroadcastTests
{
    // Items are positive; a gap of n reads as -n.
    private static BoundedBroadcast<long> New(int capacity) => new(capacity, missed => -missed);

    private static List<long> Drain(BroadcastReader<long> reader)
    {
        var items = new List<long>();
        while (reader.TryRead(out long item, out _)) items.Add(item);
        return items;
    }

    [Fact]
    public void A_reader_that_keeps_up_gets_every_item_in_order()
    {
        var broadcast = New(capacity: 4);
        using var reader = broadcast.Subscribe();
        var seen = new List<long>();
        for (long i = 1; i <= 100; i++)
        {
            broadcast.Publish(i);
            seen.AddRange(Drain(reader));
        }
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seen);
    }

    [Fact]
    public void A_full_reader_misses_items_and_is_told_how_many_exactly_where_they_were_then_gets_the_new_ones()
    {
        var broadcast = New(capacity: 3);
        using var slow = broadcast.Subscribe();
        using var fast = broadcast.Subscribe();
        var fastSeen = new List<long>();
        for (long i = 1; i <= 10; i++)
        {
            broadcast.Publish(i);
            fastSeen.AddRange(Drain(fast));
        }

        // The slow reader reads one, room for one more: the gap is signalled before the next item, where it was.
        Assert.True(slow.TryRead(out long first, out _));
        broadcast.Publish(11);
        fastSeen.AddRange(Drain(fast));

        Assert.Equal(1, first);
        Assert.Equal([2, 3, -7, 11], Drain(slow));
        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), fastSeen);
    }

    [Fact]
    public void A_reader_that_catches_up_while_behind_is_told_at_once_without_waiting_for_the_next_item()
    {
        var broadcast = New(capacity: 2);
        using var reader = broadcast.Subscribe();
        for (long i = 1; i <= 5; i++) broadcast.Publish(i);

        Assert.Equal([1, 2, -3], Drain(reader));
        broadcast.Publish(6);
        Assert.Equal([6], Drain(reader));
    }

    [Fact]
    public void A_gap_signal_carries_the_sequence_of_the_last_item_missed()
    {
        var broadcast = New(capacity: 1);
        using var reader = broadcast.Subscribe();
        for (long i = 1; i <= 4; i++) broadcast.Publish(i);

        Assert.True(reader.TryRead(out _, out long firstSequence));
        Assert.True(reader.TryRead(out long gap, out long gapThrough));
        Assert.Equal((1, -3, 4), (firstSequence, gap, gapThrough));
    }

    [Fact]
    public void A_reader_gets_what_was_published_after_it_subscribed_and_nothing_before()
    {
        var broadcast = New(capacity: 10);
        broadcast.Publish(1);
        using var reader = broadcast.Subscribe();
        broadcast.Publish(2);
        Assert.Equal(1, reader.SubscribedAfter);
        Assert.Equal([2], Drain(reader));
    }

    [Fact]
    public async Task A_completed_stream_ends_each_reader_after_what_it_was_handed_gap_included()
    {
        var broadcast = New(capacity: 2);
        var stream = broadcast.ReadAllAsync(CancellationToken.None);
        var enumerator = stream.GetAsyncEnumerator();
        for (long i = 1; i <= 4; i++) broadcast.Publish(i);
        broadcast.Complete();
        broadcast.Publish(5);

        var seen = new List<long>();
        while (await enumerator.MoveNextAsync()) seen.Add(enumerator.Current);
        await enumerator.DisposeAsync();
        Assert.Equal([1, 2, -2], seen);
        Assert.Throws<InvalidOperationException>(() => stream.GetAsyncEnumerator());
    }

    [Fact]
    public async Task A_waiting_reader_wakes_for_the_next_item()
    {
        var broadcast = New(capacity: 2);
        await using var enumerator = broadcast.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator();
        var next = enumerator.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);

        broadcast.Publish(7);

        Assert.True(await next.WaitAsync(TestWait.Guard));
        Assert.Equal(7, enumerator.Current);
    }

    [Fact]
    public async Task A_reader_that_leaves_is_no_longer_handed_anything()
    {
        var broadcast = New(capacity: 2);
        var reader = broadcast.Subscribe();
        reader.Dispose();
        broadcast.Publish(1);
        Assert.False(reader.TryRead(out _, out _));
        Assert.False(await reader.WaitToReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Readers_see_concurrent_publishers_in_one_and_the_same_order()
    {
        var broadcast = New(capacity: 100_000);
        using var a = broadcast.Subscribe();
        using var b = broadcast.Subscribe();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 1; i <= 5_000; i++) broadcast.Publish(t * 100_000 + i);
        })));

        var seenByA = Drain(a);
        Assert.Equal(20_000, seenByA.Count);
        Assert.Equal(seenByA, Drain(b));
        // Each publisher's own items stay in its order.
        foreach (var group in seenByA.GroupBy(item => item / 100_000))
            Assert.Equal(group.OrderBy(item => item), group);
    }

    [Fact]
    public void A_capacity_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => New(capacity: 0));
    }
}
