using KrakenBot.Backtest.Recording;

namespace KrakenBot.Cli.Tests;

/// <summary><c>krakenbot record</c> as a process against the sandbox's moving market: the files hold what it says it recorded.</summary>
public sealed class RecordCommandTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Record_writes_readable_files_holding_every_message_it_counted()
    {
        string directory = Path.Combine(sandbox.NewDataDir(), "recording");
        var result = await sandbox.RunAsync("-o", "json", "record", "--pairs", "BTC/USD,ETHUSD", "--depth", "10", "--out", directory, "--duration", "3");
        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = result.Json();
        Assert.Equal(["BTC/USD", "ETH/USD"], summary.GetProperty("pairs").EnumerateArray().Select(p => p.GetString()));
        long books = summary.GetProperty("book_messages").GetInt64();
        long trades = summary.GetProperty("trade_messages").GetInt64();
        Assert.True(books >= 2, result.ToString()); // at least the two snapshots

        long readBooks = 0, readTrades = 0;
        foreach (var file in RecordingReader.FilesIn(directory))
        {
            using var reader = new RecordingReader(file);
            Assert.Equal(10, reader.Header.Depth);
            while (reader.TryRead(out var record))
            {
                if (record.Kind == RecordKind.Book) readBooks++;
                if (record.Kind == RecordKind.Trade) readTrades++;
            }
            Assert.Null(reader.TornTail);
        }
        Assert.Equal((books, trades), (readBooks, readTrades));
    }

    [Fact]
    public async Task Record_refuses_an_unknown_pair_and_a_depth_kraken_does_not_serve_before_writing_anything()
    {
        string directory = Path.Combine(sandbox.NewDataDir(), "nothing");
        var depth = await sandbox.RunAsync("record", "--pairs", "BTC/USD", "--depth", "7", "--out", directory);
        Assert.Equal(2, depth.ExitCode);
        Assert.Contains("10, 25, 100, 500 or 1000", depth.StdErr);
        var pair = await sandbox.RunAsync("record", "--pairs", "NOPE/USD", "--out", directory);
        Assert.Equal(14, pair.ExitCode);
        Assert.Contains("NOPE/USD", pair.StdErr);
        Assert.False(Directory.Exists(directory));
    }
}
