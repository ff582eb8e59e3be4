using KrakenBot.Connector.Storage;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>The shared journal suite on the test PostgreSQL, each test in a schema of its own.</summary>
public sealed class PostgresJournalEngineTests : JournalEngineSuite, IRequiresPostgres
{
    private readonly (string Schema, string Journal) _target = TestPostgres.NewSchema();

    protected override string Journal => _target.Journal;

    protected override int LatestSchemaVersion => TradingJournal.CurrentPostgresSchemaVersion;

    protected override Task MarkSchemaNewerAsync(int version) =>
        TestPostgres.ScalarAsync(_target.Schema,
            $"INSERT INTO schema_version (version, description, applied_at) VALUES ({version}, 'from the future', '2030-01-01')");

    public override Task DisposeAsync() => TestPostgres.DropSchemaAsync(_target.Schema);
}
