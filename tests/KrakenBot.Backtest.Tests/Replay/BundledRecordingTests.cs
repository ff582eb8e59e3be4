using System.Text;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Backtest.Reports;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// A recording kept in the repository (30 s of the sandbox's BTC/USD book and trades, recorded with
/// <c>krakenbot record --depth 25</c>): it reads cleanly, and pure market making on it gives exactly the report kept
/// beside it. A change to the matching model, the strategy or the report shows up here, byte for byte; when the change
/// is meant, the golden report is written again (set KRAKENBOT_UPDATE_GOLDEN=1 and run this test).
/// </summary>
public sealed class BundledRecordingTests
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Data", "sandbox-btcusd-30s.pmm-report.json");

    [Fact]
    public void The_bundled_recording_reads_cleanly_and_describes_itself()
    {
        var file = Assert.Single(RecordingReader.FilesIn(BundledRecording.Data));
        using var reader = new RecordingReader(file);
        var pair = Assert.Single(reader.Header.Pairs);
        Assert.Equal("BTC/USD", pair.Symbol);
        Assert.Equal("BTC-USD", pair.Rule!.Pair);
        Assert.Equal(25, reader.Header.Depth);
        int books = 0, trades = 0;
        while (reader.TryRead(out var record))
        {
            if (record.Kind == RecordKind.Book) books++;
            if (record.Kind == RecordKind.Trade) trades++;
        }
        Assert.Null(reader.TornTail);
        Assert.True(books > 500 && trades > 20, $"{books} book and {trades} trade messages");
    }

    [Fact]
    public async Task Pure_market_making_on_the_bundled_recording_gives_the_golden_report()
    {
        var options = BundledRecording.Options();
        var strategy = new PureMarketMaking(BundledRecording.PureMarketMaking());
        var result = await new BacktestEngine(options).RunAsync(strategy, new StrategyHostOptions { StrategyId = "golden" });
        string report = Encoding.UTF8.GetString(BacktestReport.ToJson(result));

        if (Environment.GetEnvironmentVariable("KRAKENBOT_UPDATE_GOLDEN") == "1")
        {
            string source = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Data", Path.GetFileName(Golden)));
            await File.WriteAllTextAsync(source, report);
        }
        Assert.True(result.Fills.Count > 0);
        Assert.Equal(await File.ReadAllTextAsync(Golden), report);
    }
}
