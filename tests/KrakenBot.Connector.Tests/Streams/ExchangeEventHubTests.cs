using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Tests.Socket;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.Streams;

/// <summary>EventRaised handlers under the same policy as readers, and never on the publisher's thread.</summary>
public class ExchangeEventHubTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static MarketStatusChanged Status(int n) => new(At, $"s{n}");

    [Fact]
    public async Task Publish_returns_before_handlers_run_so_a_handler_may_wait_for_what_the_publisher_does_next()
    {
        var hub = new ExchangeEventHub(this, NullLogger.Instance);
        using var published = new ManualResetEventSlim();
        var handled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var publisherLock = new Lock();
        hub.EventRaised += (_, _) =>
        {
            // Inline delivery (under the publisher's lock, on its thread) would wait here forever.
            bool sawPublisherFinish = published.Wait(TestWait.Guard);
            lock (publisherLock) handled.TrySetResult(sawPublisherFinish);
        };

        lock (publisherLock)
        {
            hub.Publish(Status(1));
            published.Set();
        }

        Assert.True(await handled.Task.WaitAsync(TestWait.Guard));
    }

    [Fact]
    public async Task Handlers_get_every_event_in_order_one_at_a_time_and_a_throwing_handler_stops_nothing()
    {
        var hub = new ExchangeEventHub(this, NullLogger.Instance);
        var first = new List<string>();
        var second = new List<string>();
        int running = 0, overlapped = 0;
        hub.EventRaised += (_, e) =>
        {
            if (Interlocked.Increment(ref running) > 1) Interlocked.Increment(ref overlapped);
            first.Add(((MarketStatusChanged)e).Status);
            Interlocked.Decrement(ref running);
            throw new InvalidOperationException("a faulty handler");
        };
        hub.EventRaised += (_, e) => second.Add(((MarketStatusChanged)e).Status);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < 250; i++) hub.Publish(Status(t * 1000 + i));
        })));
        await hub.WhenDeliveredAsync().WaitAsync(TestWait.Guard);

        Assert.Equal(1000, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(0, overlapped);
    }

    [Fact]
    public async Task Handlers_that_fall_behind_get_the_overflow_signal_with_the_count_then_the_new_events()
    {
        var hub = new ExchangeEventHub(this, NullLogger.Instance, capacityPerReader: 4);
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var seen = new List<ExchangeEvent>();
        hub.EventRaised += (_, e) =>
        {
            if (e is MarketStatusChanged { Status: "s0" })
            {
                holding.Set();
                release.Wait(TestWait.Guard);
            }
            lock (seen) seen.Add(e);
        };
        var reader = hub.Subscribe(CancellationToken.None).GetAsyncEnumerator();

        hub.Publish(Status(0));
        await TestWait.UntilAsync(() => holding.IsSet, "the handler to hold the first event");
        for (int i = 1; i <= 10; i++) hub.Publish(Status(i));
        release.Set();
        await hub.WhenDeliveredAsync().WaitAsync(TestWait.Guard);
        hub.Publish(Status(11));
        await hub.WhenDeliveredAsync().WaitAsync(TestWait.Guard);

        lock (seen)
        {
            Assert.Equal(["s0", "s1", "s2", "s3", "s4", "overflow 6", "s11"], seen.Select(Describe));
        }
        // The reader that kept its buffer (12 events, capacity 4) also missed some, told the same way.
        var read = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(await reader.MoveNextAsync());
            read.Add(Describe(reader.Current));
        }
        Assert.Equal(["s0", "s1", "s2", "s3", "overflow 8"], read);
        await reader.DisposeAsync();
    }

    [Fact]
    public async Task Without_handlers_nothing_waits_for_delivery()
    {
        var hub = new ExchangeEventHub(this, NullLogger.Instance);
        hub.Publish(Status(1));
        await hub.WhenDeliveredAsync().WaitAsync(TestWait.Guard);
    }

    private static string Describe(ExchangeEvent e) => e switch
    {
        MarketStatusChanged s => s.Status,
        EventsOverflowed o => $"overflow {o.Missed}",
        _ => e.GetType().Name,
    };
}
