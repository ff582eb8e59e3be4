using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// The dead man's switch of a key shared by a fleet, decided through PostgreSQL: what each member sends to Kraken
/// (recorded here in the order Kraken would receive it, one key's switch replayed from it), by several journals as
/// separate processes would be.
/// </summary>
public sealed class FleetDeadManArbiterTests : IAsyncLifetime, IRequiresPostgres
{
    private static readonly JournalAccount Key = JournalAccount.Kraken("FLEET-DMS-KEY");
    private readonly (string Schema, string Journal) _target = TestPostgres.NewSchema();
    private readonly List<TradingJournal> _journals = [];
    private readonly KrakenSwitch _kraken = new();

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
    public async Task Members_arm_with_the_longest_timeout_alive_and_only_the_last_one_to_stop_disarms()
    {
        var a = await MemberAsync("bot-a");
        var b = await MemberAsync("bot-b");

        await a.ArmAsync(TimeSpan.FromSeconds(600), CancellationToken.None);
        await b.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await b.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        // B's calls keep A's longer timeout: a short-timeout member never cuts another's switch short.
        Assert.Equal([600, 600, 600], _kraken.Sent);

        Assert.False(await a.ReleaseAsync(CancellationToken.None)); // B still needs it: nothing sent, the switch stays armed
        Assert.Equal([600, 600, 600], _kraken.Sent);
        await b.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(30, _kraken.Sent[^1]); // A gone: B's own timeout again

        Assert.True(await b.ReleaseAsync(CancellationToken.None));
        Assert.Equal(0, _kraken.Sent[^1]);
        Assert.False(_kraken.Armed);
    }

    [EngineFact]
    public async Task A_member_that_stopped_re_arming_holds_the_switch_until_its_promise_lapses_then_the_last_one_alive_disarms()
    {
        var a = await MemberAsync("bot-a");
        var b = await MemberAsync("bot-b");
        await a.ArmAsync(TimeSpan.FromSeconds(600), CancellationToken.None);
        await b.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        // A was killed (no release): while its promise holds, B's stop leaves the switch armed, so Kraken cancels A's
        // orders if no member re-arms.
        var c = await MemberAsync("bot-c");
        await c.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(await b.ReleaseAsync(CancellationToken.None));
        Assert.False(await c.ReleaseAsync(CancellationToken.None));
        Assert.True(_kraken.Armed);

        // A's promise has lapsed (as after 600 s without a re-arm, on the server's clock): it no longer holds the switch.
        await TestPostgres.ScalarAsync(_target.Schema, "UPDATE dead_man_members SET armed_until = clock_timestamp() - interval '1 second' WHERE member = 'bot-a'");
        await c.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.Equal(30, _kraken.Sent[^1]);
        Assert.True(await c.ReleaseAsync(CancellationToken.None));
        Assert.False(_kraken.Armed);
        Assert.Equal(0L, await TestPostgres.ScalarAsync(_target.Schema, "SELECT count(*) FROM dead_man_members"));
    }

    [EngineFact]
    public async Task A_member_stopping_while_another_arms_waits_for_that_call_to_kraken_and_then_leaves_the_switch_armed()
    {
        var a = await MemberAsync("bot-a");
        var b = await MemberAsync("bot-b");
        await b.ArmAsync(TimeSpan.FromSeconds(30), CancellationToken.None);

        // A arms; its call to Kraken is still out (its row not yet committed) when B stops.
        var callOut = _kraken.HoldNext();
        var arming = a.ArmAsync(TimeSpan.FromSeconds(600), CancellationToken.None);
        await WaitUntilAsync(() => Task.FromResult(_kraken.Sent.Count == 2), "A's call to Kraken");
        var stopping = b.ReleaseAsync(CancellationToken.None);

        // PostgreSQL itself says B waits on the key's lock: only then is "not done yet" a fact, not luck.
        await WaitUntilAsync(async () => (long)(await TestPostgres.ScalarAsync(_target.Schema,
            $"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND {KeyMatches}"))! == 1, "B to wait on the key's lock");
        Assert.False(stopping.IsCompleted);

        callOut.SetResult();
        await arming.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(await stopping.WaitAsync(TimeSpan.FromSeconds(30))); // A is alive: B leaves the switch armed
        Assert.Equal([30, 600], _kraken.Sent);
        Assert.True(_kraken.Armed);
    }

    // The key's advisory lock as pg_locks shows it: high half of the 64-bit key in classid, low half in objid.
    private const string KeyMatches = """
        classid::bigint = (hashtextextended(current_schema() || '/dead-man/' || (SELECT id FROM accounts)::text, 0) >> 32) & 4294967295
        AND objid::bigint = hashtextextended(current_schema() || '/dead-man/' || (SELECT id FROM accounts)::text, 0) & 4294967295
        """;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [EngineFact]
    public async Task Members_arming_and_stopping_at_once_never_leave_a_living_member_disarmed()
    {
        // Four members, each arming then stopping over and over, all at once. Kraken's switch, replayed from the calls in
        // the order they reached it, must be armed whenever some member is between a completed arm and its release.
        var members = new List<IDeadManArming>();
        for (int i = 0; i < 4; i++)
        {
            members.Add(await MemberAsync($"bot-{i}"));
        }

        using var start = new ManualResetEventSlim();
        var runs = members.Select((member, index) => Task.Run(async () =>
        {
            start.Wait();
            for (int round = 0; round < 25; round++)
            {
                await member.ArmAsync(TimeSpan.FromSeconds(10 + index), CancellationToken.None);
                _kraken.Holding(index, true);
                _kraken.Holding(index, false);
                await member.ReleaseAsync(CancellationToken.None);
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Empty(_kraken.Violations);
        Assert.False(_kraken.Armed); // the last one out disarmed
    }

    private async Task<IDeadManArming> MemberAsync(string member)
    {
        var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = _target.Journal });
        _journals.Add(journal);
        var account = await journal.OpenAccountAsync(Key);
        return account.CreateFleetDeadManArming(member, _kraken.SendAsync, NullLogger.Instance);
    }

    /// <summary>
    /// Kraken's one switch for the key: each call replaces the last (0 disarms). Members say when they rely on it
    /// (between an arm that returned and the start of their release); a moment where one does and it is off is a violation.
    /// </summary>
    private sealed class KrakenSwitch
    {
        private readonly Lock _gate = new();
        private readonly HashSet<int> _holding = [];

        public List<int> Sent { get; } = [];

        public List<string> Violations { get; } = [];

        private TaskCompletionSource? _hold;

        public bool Armed { get; private set; }

        /// <summary>The next call reaches Kraken but its reply waits until the returned source is set.</summary>
        public TaskCompletionSource HoldNext() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task SendAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Sent.Add((int)timeout.TotalSeconds);
                Armed = timeout > TimeSpan.Zero;
                if (!Armed && _holding.Count > 0)
                {
                    Violations.Add($"disarmed while members {string.Join(", ", _holding)} rely on it");
                }
            }

            return Interlocked.Exchange(ref _hold, null)?.Task ?? Task.CompletedTask;
        }

        public void Holding(int member, bool holding)
        {
            lock (_gate)
            {
                if (holding)
                {
                    _holding.Add(member);
                    if (!Armed)
                    {
                        Violations.Add($"member {member} armed it, yet it is off");
                    }
                }
                else
                {
                    _holding.Remove(member);
                }
            }
        }
    }
}
