using System.Globalization;
using System.Text.RegularExpressions;

namespace KrakenBot.Samples.Tests;

/// <summary>Each console sample run as a developer runs it: it ends by itself, offline, and prints what it promises.</summary>
public sealed partial class SampleRunTests
{
    [Fact]
    public async Task StreamBook_prints_a_positive_spread_for_each_of_the_updates_asked_for()
    {
        var run = await SampleProcess.RunAsync("StreamBook", "5");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Lines.Length == 5, $"5 updates asked for, 5 lines expected.\n{run}");
        foreach (string line in run.Lines)
        {
            Match m = BookLine().Match(line);
            Assert.True(m.Success, $"not a book line: '{line}'\n{run}");
            decimal bid = decimal.Parse(m.Groups["bid"].Value, CultureInfo.InvariantCulture);
            decimal ask = decimal.Parse(m.Groups["ask"].Value, CultureInfo.InvariantCulture);
            decimal spread = decimal.Parse(m.Groups["spread"].Value, CultureInfo.InvariantCulture);
            Assert.True(spread > 0m, $"a spread is positive: '{line}'");
            Assert.Equal(ask - bid, spread);
        }
    }

    [Fact]
    public async Task PlaceAndCancel_prints_the_order_open_then_the_same_order_cancelled()
    {
        var run = await SampleProcess.RunAsync("PlaceAndCancel");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Lines.Length == 2, run.ToString());
        string[] placed = run.Lines[0].Split(' ');
        string[] cancelled = run.Lines[1].Split(' ');
        Assert.True(Guid.TryParse(placed[0], out _), $"our client order id is a UUID: '{placed[0]}'");
        Assert.Equal(["Open"], placed[1..]);
        Assert.Equal([placed[0], "Cancelled"], cancelled);
    }

    [GeneratedRegex(@"^BTC-USD bid (?<bid>[0-9.]+)@[0-9.]+ ask (?<ask>[0-9.]+)@[0-9.]+ spread (?<spread>-?[0-9.]+)$")]
    private static partial Regex BookLine();
}
