using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Tests.Socket;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.Diagnostics;

/// <summary>
/// Each instrument of the connector's meter, heard by a <see cref="System.Diagnostics.Metrics.MeterListener"/> on the
/// meter an <see cref="System.Diagnostics.Metrics.IMeterFactory"/> made: rate-limit waits and headroom, events dropped,
/// journal commits and book resyncs. (Order round-trip and fill latency: the end-to-end exchange test.)
/// </summary>
public class ConnectorMetricsTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");

    [Fact]
    public async Task A_call_that_waits_for_the_trading_counter_is_counted_with_its_wait_and_the_headroom_left()
    {
        using var recorder = new MetricsRecorder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var budget = new TradingRateBudget(KrakenTier.Starter, clock) { Metrics = ConnectorMetrics.For(recorder) }; // max 60, 1/s

        await budget.WaitAsync(BtcUsd, 50m, CancellationToken.None);
        Assert.Empty(recorder.Of("krakenbot.ratelimit.waits"));
        var waiting = budget.WaitAsync(BtcUsd, 20m, CancellationToken.None).AsTask(); // 50 + 20 > 60: 10 s to wait
        Assert.False(waiting.IsCompleted);

        var wait = Assert.Single(recorder.Of("krakenbot.ratelimit.waits"));
        Assert.Equal(("trading", "BTC-USD", 1d), (wait.Tag("counter"), wait.Tag("pair"), wait.Value));
        Assert.Equal(10d, Assert.Single(recorder.Of("krakenbot.ratelimit.wait_duration")).Value);
        Assert.Equal([10d, 0d], recorder.Of("krakenbot.ratelimit.headroom").Select(m => m.Value));
        Assert.Equal(ConnectorMeter.Name, wait.Meter);

        clock.Advance(TimeSpan.FromSeconds(10));
        await waiting.WaitAsync(TestWait.Guard);
    }

    [Fact]
    public async Task The_rest_counter_reports_under_its_own_name()
    {
        using var recorder = new MetricsRecorder();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var budget = new RestRateBudget(KrakenTier.Starter, clock) { Metrics = ConnectorMetrics.For(recorder) }; // max 15

        await budget.WaitAsync(2, CancellationToken.None);

        var headroom = Assert.Single(recorder.Of("krakenbot.ratelimit.headroom"));
        Assert.Equal(("rest", null, 13d), (headroom.Tag("counter"), headroom.Tag("pair"), headroom.Value));
    }

    [Fact]
    public async Task Events_a_slow_reader_missed_are_counted_once_with_the_stream_name()
    {
        using var recorder = new MetricsRecorder();
        var hub = new ExchangeEventHub(this, NullLogger.Instance, capacityPerReader: 2, metrics: ConnectorMetrics.For(recorder));
        await using var reader = hub.Subscribe(CancellationToken.None).GetAsyncEnumerator(); // registered now

        var at = DateTimeOffset.UnixEpoch;
        for (int i = 0; i < 6; i++) hub.Publish(new MarketStatusChanged(at, $"s{i}"));
        var seen = new List<ExchangeEvent>();
        while (seen.Count < 3 && await reader.MoveNextAsync().AsTask().WaitAsync(TestWait.Guard)) seen.Add(reader.Current);

        var overflow = Assert.Single(seen.OfType<EventsOverflowed>());
        var dropped = Assert.Single(recorder.Of("krakenbot.events.dropped"));
        Assert.Equal(overflow.Missed, (long)dropped.Value);
        Assert.True(dropped.Value > 0);
        Assert.Equal("events", dropped.Tag("stream"));
    }

    [Fact]
    public async Task Every_journal_write_transaction_records_its_commit_time()
    {
        using var recorder = new MetricsRecorder();
        string path = Path.Combine(Path.GetTempPath(), "krakenbot-metrics-" + Guid.NewGuid().ToString("N"), "journal.db");
        try
        {
            await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path, MeterFactory = recorder }))
            {
                int before = recorder.Of("krakenbot.journal.commit_duration").Count;
                await journal.Documents.SaveAsync("bot:a", new Dictionary<string, string?> { ["k"] = "v" });
                await journal.Documents.SaveAsync("bot:a", new Dictionary<string, string?> { ["k"] = "w" });

                var commits = recorder.Of("krakenbot.journal.commit_duration");
                Assert.Equal(before + 2, commits.Count);
                Assert.All(commits, c => Assert.True(c.Value >= 0));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_book_renewal_is_counted_as_a_resync_of_its_symbol()
    {
        using var recorder = new MetricsRecorder();
        var renewed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resubscriber = new BookResubscriber((_, _) =>
        {
            renewed.TrySetResult();
            return Task.FromResult(true);
        }, NullLogger.Instance, CancellationToken.None, ConnectorMetrics.For(recorder));

        resubscriber.Request("BTC/USD", "checksum mismatch");
        await renewed.Task.WaitAsync(TestWait.Guard);

        var resync = Assert.Single(recorder.Of("krakenbot.book.resyncs"));
        Assert.Equal(("BTC/USD", 1d), (resync.Tag("symbol"), resync.Value));
    }
}
