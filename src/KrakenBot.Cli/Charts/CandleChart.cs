using KrakenBot.Cli.Output;
using KrakenBot.Connector.Kraken.Rest;
using ScottPlot;

namespace KrakenBot.Cli.Charts;

/// <summary>Draws candles as a PNG (ScottPlot over SkiaSharp). Prices become doubles only here, for pixels.</summary>
internal static class CandleChart
{
    public const int Width = 1200, Height = 600;

    public static void SavePng(string path, string title, IReadOnlyList<KrakenCandle> candles, int intervalMinutes)
    {
        var span = TimeSpan.FromMinutes(intervalMinutes);
        var bars = new List<OHLC>(candles.Count);
        foreach (var c in candles)
            bars.Add(new OHLC((double)c.Open, (double)c.High, (double)c.Low, (double)c.Close, c.OpenTime.UtcDateTime, span));

        var plot = new Plot();
        plot.Add.Candlestick(bars);
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title);
        plot.YLabel("price");
        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            plot.SavePng(full, Width, Height);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Configuration($"Cannot write the chart to {full}: {e.Message}");
        }
    }
}
