using KrakenBot.Connector.Kraken.Auth;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.Auth;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage;

public class JournalNonceStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Nonces_keep_increasing_across_a_reopen_even_when_the_clock_went_back()
    {
        var key = JournalAccount.Kraken("API-KEY-1");
        var clock = new ManualWallClock(Now);
        long lastBeforeRestart;
        await using (var journal = await _directory.OpenAsync())
        {
            var source = new NonceSource(clock, (await journal.OpenAccountAsync(key)).CreateNonceStore());
            for (int i = 0; i < 100; i++)
            {
                source.Next();
            }

            lastBeforeRestart = source.Last;
        }

        clock.Now = Now.AddHours(-1); // the machine's clock was set back while the bot was down
        await using var reopened = await _directory.OpenAsync();
        var restarted = new NonceSource(clock, (await reopened.OpenAccountAsync(key)).CreateNonceStore());
        Assert.True(restarted.Next() > lastBeforeRestart);
    }

    [Fact]
    public async Task A_saved_mark_is_on_disk_when_save_returns_and_never_goes_down()
    {
        await using var journal = await _directory.OpenAsync();
        var store = (await journal.OpenAccountAsync(JournalAccount.Kraken("API-KEY-1"))).CreateNonceStore();
        Assert.Equal(0, store.Load());

        store.Save(1_764_147_600_000_000);
        store.Save(1_000); // a lower mark never replaces a higher one

        Assert.Equal(1_764_147_600_000_000, store.Load());
        using var raw = _directory.RawConnection();
        Assert.Equal(1_764_147_600_000_000L, OrderJournalRulesTests.Scalar(raw, "SELECT high_water_mark FROM nonce_marks"));
    }

    [Fact]
    public async Task Each_key_has_its_own_mark()
    {
        await using var journal = await _directory.OpenAsync();
        var first = (await journal.OpenAccountAsync(JournalAccount.Kraken("API-KEY-1"))).CreateNonceStore();
        var second = (await journal.OpenAccountAsync(JournalAccount.Kraken("API-KEY-2"))).CreateNonceStore();

        first.Save(500);

        Assert.Equal(500, first.Load());
        Assert.Equal(0, second.Load());
    }

    [Fact]
    public async Task A_read_only_journal_refuses_to_save_a_mark()
    {
        (await _directory.OpenAsync()).Dispose();
        await using var reader = await _directory.OpenAsync(readOnly: true);
        var store = (await reader.OpenAccountAsync(JournalAccount.Kraken("API-KEY-1"))).CreateNonceStore();
        Assert.Throws<InvalidOperationException>(() => store.Save(10));
    }
}
