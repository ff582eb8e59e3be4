using KrakenBot.Connector.Storage;

namespace KrakenBot.Strategies.Tests.Kit;

/// <summary>A real SQLite journal file in a fresh temporary directory, deleted at the end.</summary>
internal sealed class TempJournal : IDisposable
{
    public TempJournal()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("krakenbot-strategies-").FullName;
        Path = System.IO.Path.Combine(Directory, "journal.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public Task<TradingJournal> OpenAsync() => TradingJournal.OpenAsync(new TradingJournalOptions { Path = Path });

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
