using KrakenBot.Connector.Storage;
using Microsoft.Data.Sqlite;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>The shared journal suite on a real SQLite file.</summary>
public sealed class SqliteJournalEngineTests : JournalEngineSuite
{
    private readonly TempJournalDirectory _directory = new();

    protected override string Journal => _directory.JournalPath;

    protected override int LatestSchemaVersion => TradingJournal.CurrentSchemaVersion;

    protected override Task MarkSchemaNewerAsync(int version)
    {
        using var raw = _directory.RawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($v, 'from the future', '2030-01-01')";
        command.Parameters.AddWithValue("$v", version);
        command.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
