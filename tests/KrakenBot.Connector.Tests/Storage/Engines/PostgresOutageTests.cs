using KrakenBot.Connector.Storage;
using Npgsql;
using Xunit;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// The journal's PostgreSQL session is killed in the middle of a write (as a server restart or a network cut ends it):
/// the write is refused as "cannot be reached" with nothing recorded, the writer is given back (a rollback on the dead
/// connection used to throw from the transaction's clean-up and keep the journal's write gate, so every later write,
/// and the order placement waiting on it, hung), calls are refused at once for a moment, and writes go through again
/// once the server answers.
/// </summary>
public sealed class PostgresOutageTests : IRequiresPostgres, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly (string Schema, string Journal) _target = TestPostgres.NewSchema();
    private readonly string _application = "outage-" + Guid.NewGuid().ToString("N")[..12];

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestPostgres.DropSchemaAsync(_target.Schema);

    [EngineFact]
    public async Task A_write_whose_session_dies_is_refused_as_unreachable_gives_the_writer_back_and_writes_resume_when_the_server_answers()
    {
        string journalString = new NpgsqlConnectionStringBuilder(_target.Journal) { ApplicationName = _application }.ToString();
        await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = journalString });
        var account = await journal.OpenAccountAsync(JournalAccount.Kraken("outage-key"));
        var lost = JournalSamples.NewBuy("lost-1");
        var kept = JournalSamples.NewBuy("kept-1");

        var write = await account.BeginTransactionAsync();
        write.RecordCreated(lost); // the transaction is open on the server now
        await TerminateJournalSessionsAsync();
        var refused = Assert.Throws<JournalUnavailableException>(write.Commit);
        Assert.Contains("nothing is placed until it is back", refused.Message);
        write.Dispose(); // must neither throw nor keep the writer

        // Refused at once while the outage is fresh (no connection attempt), then accepted: bounded, never a hang.
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                Assert.True(await account.Orders.RecordCreatedAsync(kept).WaitAsync(Patience));
                break;
            }
            catch (JournalUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }

        Assert.Null(await account.Orders.GetByClientIdAsync(lost.ClientOrderId));
        Assert.NotNull(await account.Orders.GetByClientIdAsync(kept.ClientOrderId));
    }

    private Task TerminateJournalSessionsAsync() =>
        TestPostgres.ScalarAsync("public", $"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{_application}'");
}
