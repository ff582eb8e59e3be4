using KrakenBot.Backtest.Replay;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Trading;
using ScottPlot;

namespace KrakenBot.Cli.Charts;

/// <summary>
/// A backtest as one PNG of three rows sharing the time axis: the mid price with the strategy's buys and sells, its
/// equity, its inventory. Money becomes double only here, for pixels.
/// </summary>
internal static class BacktestChart
{
    public const int Width = 1400, Height = 1000;

    public static void SavePng(string path, BacktestResult result)
    {
        var samples = result.Samples;
        var multiplot = new Multiplot();
        multiplot.AddPlots(3);
        var plots = multiplot.GetPlots();
        var (price, equity, inventory) = (plots[0], plots[1], plots[2]);

        var midTimes = samples.Where(s => s.Mid is not null).Select(s => s.Time.UtcDateTime.ToOADate()).ToArray();
        var mids = samples.Where(s => s.Mid is not null).Select(s => (double)s.Mid!.Value).ToArray();
        if (mids.Length > 0) price.Add.ScatterLine(midTimes, mids).LegendText = "mid";
        AddFills(price, result.Fills.Where(f => f.Side == OrderSide.Buy).ToList(), Colors.Green, "buys");
        AddFills(price, result.Fills.Where(f => f.Side == OrderSide.Sell).ToList(), Colors.Red, "sells");
        price.Title($"{result.StrategyId} ({result.Kind}) on {result.Pair}: {result.Fills.Count} fills");
        price.YLabel($"price ({result.Pair.Quote})");
        price.ShowLegend();

        var withEquity = samples.Where(s => s.Equity is not null).ToList();
        if (withEquity.Count > 0)
            equity.Add.ScatterLine(withEquity.Select(s => s.Time.UtcDateTime.ToOADate()).ToArray(), withEquity.Select(s => (double)s.Equity!.Value).ToArray());
        equity.YLabel($"equity ({result.Pair.Quote})");

        if (samples.Count > 0)
            inventory.Add.ScatterLine(samples.Select(s => s.Time.UtcDateTime.ToOADate()).ToArray(), samples.Select(s => (double)s.Base).ToArray());
        inventory.YLabel($"inventory ({result.Pair.Base})");

        foreach (var plot in plots) plot.Axes.DateTimeTicksBottom();
        multiplot.SharedAxes.ShareX(plots);

        var full = Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            multiplot.SavePng(full, Width, Height);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CliException.Configuration($"Cannot write the chart to {full}: {e.Message}");
        }
    }

    private static void AddFills(Plot plot, IReadOnlyList<Fill> fills, Color color, string label)
    {
        if (fills.Count == 0) return;
        var markers = plot.Add.ScatterPoints(fills.Select(f => f.Timestamp.UtcDateTime.ToOADate()).ToArray(), fills.Select(f => (double)f.Price).ToArray());
        markers.Color = color;
        markers.MarkerSize = 7;
        markers.LegendText = label;
    }
}
