using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.Auth;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// Nonces for one key drawn through PostgreSQL by several journals at once, each with its own connection pool (as
/// separate processes would be): never a duplicate, never a decrease.
/// </summary>
public sealed class SharedNonceSourceTests : IAsyncLifetime, IRequiresPostgres
{
    private static readonly JournalAccount Key = JournalAccount.Kraken("FLEET-KEY");
    private readonly (string Schema, string Journal) _target = TestPostgres.NewSchema();
    private readonly List<TradingJournal> _journals = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var journal in _journals)
        {
            await journal.DisposeAsync();
        }

        await TestPostgres.DropSchemaAsync(_target.Schema);
    }

    [EngineFact]
    public async Task Four_journals_drawing_at_once_get_distinct_values_each_increasing()
    {
        var sources = await SourcesAsync(4, blockSize: 1);
        var drawn = await DrawConcurrentlyAsync(sources, perSource: 250);

        Assert.All(drawn, AssertStrictlyIncreasing);
        var all = drawn.SelectMany(values => values).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [EngineFact]
    public async Task A_value_drawn_after_another_by_any_journal_is_higher()
    {
        var sources = await SourcesAsync(3, blockSize: 1);
        long previous = 0;
        for (int i = 0; i < 300; i++)
        {
            long value = sources[i % sources.Count].Next(); // round robin: each draw happens after the one before
            Assert.True(value > previous, $"draw {i} gave {value} after {previous}");
            previous = value;
        }
    }

    [EngineFact]
    public async Task Reserved_blocks_never_overlap_and_each_source_keeps_increasing()
    {
        var sources = await SourcesAsync(4, blockSize: 50);
        var drawn = await DrawConcurrentlyAsync(sources, perSource: 500);

        Assert.All(drawn, AssertStrictlyIncreasing);
        var all = drawn.SelectMany(values => values).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [EngineFact]
    public async Task Values_keep_increasing_when_the_clock_steps_back_and_after_a_clean_stop_start_at_the_last_value()
    {
        var clock = new ManualWallClock(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var first = (await OpenAccountAsync(clock)).CreateSharedNonceSource(blockSize: 1000);
        long last = 0;
        for (int i = 0; i < 10; i++)
        {
            last = first.Next();
        }

        first.Dispose(); // gives back the 990 reserved values nobody used
        clock.Now = clock.Now.AddMinutes(-5); // the machine's clock was set back
        using var second = (await OpenAccountAsync(clock)).CreateSharedNonceSource();
        Assert.Equal(last + 1, second.Next());
    }

    [EngineFact]
    public async Task A_turn_keeps_every_other_source_waiting_until_it_ends_and_the_next_turn_draws_higher()
    {
        var sources = await SourcesAsync(2, blockSize: 1);
        var first = await sources[0].TakeTurnAsync(CancellationToken.None);
        var second = sources[1].TakeTurnAsync(CancellationToken.None).AsTask();

        // PostgreSQL itself says the second source waits on the key's lock: only then is "not done yet" a fact, not luck.
        await WaitUntilAsync(async () => await LockedKeyCountAsync(granted: false) == 1, "the second source to wait on the key's lock");
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var next = await second.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(next.Nonce > first.Nonce, $"{next.Nonce} drawn after {first.Nonce}");
    }

    [EngineFact]
    public async Task A_source_whose_session_dies_holding_the_turn_frees_the_key_and_takes_turns_again()
    {
        var sources = await SourcesAsync(2, blockSize: 1);
        var held = await sources[0].TakeTurnAsync(CancellationToken.None);
        var waiting = sources[1].TakeTurnAsync(CancellationToken.None).AsTask();
        await WaitUntilAsync(async () => await LockedKeyCountAsync(granted: false) == 1, "the second source to wait on the key's lock");

        // The holder's connection is cut (a crash, a network cut): PostgreSQL ends its session and frees the lock.
        await TestPostgres.ScalarAsync(_target.Schema,
            $"SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND {KeyMatches}");
        var taken = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        long afterCut = taken.Nonce;
        await taken.DisposeAsync();

        await held.DisposeAsync(); // ending a turn whose session is gone is quiet
        await using var again = await sources[0].TakeTurnAsync(CancellationToken.None);
        Assert.True(again.Nonce > afterCut);
    }

    // The advisory lock's 64-bit key as pg_locks shows it: high half in classid, low half in objid.
    private const string KeyMatches = """
        classid::bigint = (hashtextextended(current_schema() || '/nonce/' || (SELECT id FROM accounts)::text, 0) >> 32) & 4294967295
        AND objid::bigint = hashtextextended(current_schema() || '/nonce/' || (SELECT id FROM accounts)::text, 0) & 4294967295
        """;

    private async Task<long> LockedKeyCountAsync(bool granted) =>
        (long)(await TestPostgres.ScalarAsync(_target.Schema,
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted = {granted} AND {KeyMatches}"))!;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    private static void AssertStrictlyIncreasing(IReadOnlyList<long> values)
    {
        for (int i = 1; i < values.Count; i++)
        {
            Assert.True(values[i] > values[i - 1], $"value {i} ({values[i]}) is not above {values[i - 1]}");
        }
    }

    private static async Task<IReadOnlyList<long>[]> DrawConcurrentlyAsync(IReadOnlyList<SharedNonceSource> sources, int perSource)
    {
        using var start = new ManualResetEventSlim();
        var draws = sources.Select(source => Task.Factory.StartNew(() =>
        {
            start.Wait();
            var values = new List<long>(perSource);
            for (int i = 0; i < perSource; i++)
            {
                values.Add(source.Next());
            }

            return (IReadOnlyList<long>)values;
        }, TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        return await Task.WhenAll(draws);
    }

    private async Task<List<SharedNonceSource>> SourcesAsync(int count, int blockSize)
    {
        var sources = new List<SharedNonceSource>();
        for (int i = 0; i < count; i++)
        {
            sources.Add((await OpenAccountAsync(TimeProvider.System)).CreateSharedNonceSource(blockSize));
        }

        return sources;
    }

    private async Task<AccountJournal> OpenAccountAsync(TimeProvider clock)
    {
        var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = _target.Journal, TimeProvider = clock });
        _journals.Add(journal);
        return await journal.OpenAccountAsync(Key);
    }
}
