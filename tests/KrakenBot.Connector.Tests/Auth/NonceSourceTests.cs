using System.Collections.Concurrent;
using KrakenBot.Connector.Kraken.Auth;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Connector.Tests.Auth;

public sealed class NonceSourceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private const long StartMicros = 1_795_683_600_000_000L; // 2026-11-26T09:00:00Z in Unix microseconds
    private readonly string _directory = Directory.CreateTempSubdirectory("nonce-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Values_are_unix_microseconds_from_the_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var source = new NonceSource(clock, new InMemoryNonceStore());

        Assert.Equal(StartMicros, source.Next());
        clock.Advance(TimeSpan.FromMilliseconds(1.5));
        Assert.Equal(StartMicros + 1500, source.Next());
    }

    [Fact]
    public void Calls_within_one_microsecond_count_up_by_one()
    {
        var source = new NonceSource(new FakeTimeProvider(Start), new InMemoryNonceStore());
        Assert.Equal([StartMicros, StartMicros + 1, StartMicros + 2], new[] { source.Next(), source.Next(), source.Next() });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Eight_threads_get_unique_values_increasing_per_thread(bool realClock)
    {
        const int threads = 8, perThread = 20_000;
        TimeProvider clock = realClock ? TimeProvider.System : new FakeTimeProvider(Start);
        var source = new NonceSource(clock, new InMemoryNonceStore());
        var results = new long[threads][];
        using var go = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var mine = new long[perThread];
            go.SignalAndWait();
            for (int i = 0; i < perThread; i++)
            {
                mine[i] = source.Next();
            }

            results[t] = mine;
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        foreach (var mine in results)
        {
            for (int i = 1; i < mine.Length; i++)
            {
                Assert.True(mine[i] > mine[i - 1], $"not increasing at {i}: {mine[i - 1]} then {mine[i]}");
            }
        }

        var all = results.SelectMany(r => r).ToArray();
        Assert.Equal(threads * perThread, all.Distinct().Count());
        Assert.Equal(all.Max(), source.Last);
        if (!realClock)
        {
            // Frozen clock: every value came from last + 1, so together they are exactly one unbroken run.
            Assert.Equal(StartMicros, all.Min());
            Assert.Equal(StartMicros + threads * perThread - 1, all.Max());
        }
    }

    [Fact]
    public void A_clock_stepping_back_never_lowers_the_value()
    {
        var clock = new ManualWallClock(Start);
        var source = new NonceSource(clock, new InMemoryNonceStore());
        long before = source.Next();

        clock.Now = Start.AddHours(-1);
        long afterStepBack = source.Next();
        Assert.Equal(before + 1, afterStepBack);

        clock.Now = Start.AddSeconds(2);
        Assert.Equal(StartMicros + 2_000_000, source.Next()); // back on the clock once it passes the last value
    }

    [Fact]
    public void The_store_is_written_ahead_not_on_every_call()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryNonceStore();
        var source = new NonceSource(clock, store, TimeSpan.FromSeconds(10));
        var issued = new List<long>();

        for (int i = 0; i < 20_000; i++) // 20 s of calls, one per millisecond
        {
            issued.Add(source.Next());
            Assert.True(store.Load() >= issued[^1], "a value left before a mark covering it was saved");
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        // Re-saved when within half a window (5 s) of the mark: about every 5 s, so 4 or 5 saves for 20 s.
        Assert.InRange(store.SaveCount, 4, 5);
    }

    [Fact]
    public void After_a_restart_with_a_file_store_values_stay_above_the_old_ones_even_if_the_clock_stepped_back()
    {
        string path = Path.Combine(_directory, "key-1.nonce");
        var clock = new FakeTimeProvider(Start);
        var first = new NonceSource(clock, new FileNonceStore(path));
        long highest = 0;
        for (int i = 0; i < 1000; i++)
        {
            highest = first.Next();
            clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        // "Restart": a new source over the same file, and the machine's clock now reads an hour earlier.
        var restartedClock = new ManualWallClock(Start.AddHours(-1));
        var second = new NonceSource(restartedClock, new FileNonceStore(path));
        long afterRestart = second.Next();

        Assert.True(afterRestart > highest, $"{afterRestart} is not above {highest}");
        Assert.True(second.Next() > afterRestart);
    }

    [Fact]
    public void After_a_clean_stop_the_next_source_starts_at_the_clock_not_at_the_reservation()
    {
        string path = Path.Combine(_directory, "key-clean.nonce");
        var clock = new FakeTimeProvider(Start);
        long last = 0;
        // Twenty short "processes" in a row, each sending a few requests 50 ms apart and stopping cleanly.
        for (int process = 0; process < 20; process++)
        {
            using var source = new NonceSource(clock, new FileNonceStore(path));
            for (int call = 0; call < 3; call++)
            {
                long value = source.Next();
                Assert.True(value > last);
                last = value;
                clock.Advance(TimeSpan.FromMilliseconds(50));
            }
        }

        // The mark is the last value sent, not 10 s ahead of it; the next value is the clock again.
        Assert.Equal(last, new FileNonceStore(path).Load());
        var next = new NonceSource(clock, new FileNonceStore(path));
        long nowMicros = StartMicros + 20 * 3 * 50_000;
        Assert.Equal(nowMicros, next.Next());
    }

    [Fact]
    public void A_crash_leaves_the_reservation_so_no_value_is_ever_reused()
    {
        string path = Path.Combine(_directory, "key-crash.nonce");
        var clock = new FakeTimeProvider(Start);
        var crashed = new NonceSource(clock, new FileNonceStore(path));
        long sent = crashed.Next();
        // No Dispose: the process died. Its clock-reading successor must not reuse anything it may have sent.
        var restarted = new NonceSource(new ManualWallClock(Start.AddHours(-1)), new FileNonceStore(path));
        Assert.True(restarted.Next() >= sent + 10_000_000, "the successor starts above the whole reservation");
    }

    [Fact]
    public void A_stopped_source_refuses_values_and_never_lowers_a_mark_another_source_raised()
    {
        var clock = new FakeTimeProvider(Start);
        var store = new InMemoryNonceStore();
        var source = new NonceSource(clock, store);
        source.Next();
        long reserved = store.Load();
        store.Save(reserved + 5_000_000); // another source on the key reserved further meanwhile

        source.Dispose();
        Assert.Equal(reserved + 5_000_000, store.Load());
        Assert.Throws<ObjectDisposedException>(() => source.Next());
        Assert.Equal(StartMicros, source.Last);
        source.Dispose(); // twice is harmless
    }

    [Fact]
    public void A_damaged_store_file_is_refused_with_a_clear_message()
    {
        string path = Path.Combine(_directory, "bad.nonce");
        File.WriteAllText(path, "12ab");
        var error = Assert.Throws<InvalidDataException>(() => new NonceSource(TimeProvider.System, new FileNonceStore(path)));
        Assert.Contains(path, error.Message);
        Assert.Contains("damaged", error.Message);
    }

    [Fact]
    public void File_store_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(_directory, "sub", "key.nonce");
        var store = new FileNonceStore(path);
        Assert.Equal(0, store.Load());

        store.Save(1_795_683_600_000_001);
        store.Save(1_795_683_610_000_000);

        Assert.Equal("1795683610000000", File.ReadAllText(path));
        Assert.Equal(1_795_683_610_000_000, new FileNonceStore(path).Load());
        Assert.Equal(["key.nonce"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failing_store_stops_values_from_leaving()
    {
        var source = new NonceSource(new FakeTimeProvider(Start), new FailingStore());
        Assert.Throws<IOException>(() => source.Next());
    }

    private sealed class FailingStore : INonceStore
    {
        public long Load() => 0;

        public void Save(long highWaterMark) => throw new IOException("disk full");
    }
}
