using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.Auth;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// Shared nonces and rate budgets need PostgreSQL: a SQLite journal refuses them and says what to use. Apart from the
/// PostgreSQL suites so that these run (and pass) without a test PostgreSQL.
/// </summary>
public sealed class SqliteSharedCoordinationTests
{
    private static readonly JournalAccount Key = JournalAccount.Kraken("FLEET-SQLITE-KEY");

    [Fact]
    public async Task A_sqlite_journal_refuses_shared_nonces_and_says_why()
    {
        using var directory = new TempJournalDirectory();
        await using var journal = await directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Key);
        var refused = Assert.Throws<InvalidOperationException>(() => account.CreateSharedNonceSource());
        Assert.Contains("postgres://", refused.Message);
    }

    [Fact]
    public async Task A_sqlite_journal_refuses_shared_budgets_and_says_why()
    {
        using var directory = new TempJournalDirectory();
        await using var journal = await directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Key);
        var refused = Assert.Throws<InvalidOperationException>(() => TradingRateBudget.Shared(KrakenTier.Pro, TimeProvider.System, account));
        Assert.Contains("postgres://", refused.Message);
    }
}
