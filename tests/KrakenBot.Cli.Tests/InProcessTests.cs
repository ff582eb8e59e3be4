using KrakenBot.Cli.Keys;
using KrakenBot.Cli.Output;
using KrakenBot.Cli.Shell;

namespace KrakenBot.Cli.Tests;

/// <summary>Pieces checked in-process: shell line splitting, the key file format, the exit-code table.</summary>
public sealed class InProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", "unit-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("ticker BTC-USD", new[] { "ticker", "BTC-USD" })]
    [InlineData("  book   XBTUSD --depth 5 ", new[] { "book", "XBTUSD", "--depth", "5" })]
    [InlineData("candles \"BTC/USD\" --chart 'my chart.png'", new[] { "candles", "BTC/USD", "--chart", "my chart.png" })]
    [InlineData("buy BTC-USD ''", new[] { "buy", "BTC-USD", "" })]
    [InlineData("", new string[0])]
    public void Shell_lines_split_like_a_shell(string line, string[] expected) => Assert.Equal(expected, InteractiveShell.Split(line));

    [Fact]
    public void Key_file_round_trips_and_rejects_a_wrong_password()
    {
        var path = Path.Combine(_dir, "keys", "kraken.json");
        KeyFile.Save(path, "my-key", "c2VjcmV0LXNlY3JldA==", "password-1");
        Assert.Equal(("my-key", "c2VjcmV0LXNlY3JldA=="), KeyFile.Load(path, "password-1"));
        var e = Assert.Throws<CliException>(() => KeyFile.Load(path, "password-2"));
        Assert.Equal("key_store", e.Category);
        Assert.DoesNotContain("c2VjcmV0", File.ReadAllText(path));

        // Saving again replaces the file atomically and with a fresh salt and nonce.
        var first = File.ReadAllText(path);
        KeyFile.Save(path, "my-key", "c2VjcmV0LXNlY3JldA==", "password-1");
        Assert.NotEqual(first, File.ReadAllText(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Key_file_that_is_not_json_is_reported_as_damaged()
    {
        var path = Path.Combine(_dir, "broken.json");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(path, "{ not json");
        var e = Assert.Throws<CliException>(() => KeyFile.Load(path, "whatever-password"));
        Assert.Equal("key_store", e.Category);
        Assert.Contains("damaged", e.Message);
    }

    [Fact]
    public void Every_error_category_has_its_own_non_zero_exit_code()
    {
        var all = CliErrorKind.All.ToList();
        Assert.All(all, c => Assert.NotEqual(0, c.Value));
        Assert.Equal(all.Count, all.Select(c => c.Value).Distinct().Count());
        foreach (var category in Enum.GetValues<KrakenBot.Connector.Trading.Errors.ExchangeErrorCategory>())
            Assert.Contains(all, c => c.Key == CliErrorKind.Of(category) && c.Key != "internal");
    }
}
