namespace KrakenBot.Backtest.Replay;

/// <summary>Risk figures over a sampled equity curve.</summary>
public static class BacktestFigures
{
    /// <summary>Largest fall from a running peak, as a fraction of that peak (0 when equity never fell).</summary>
    public static decimal MaxDrawdown(IReadOnlyList<decimal> equity)
    {
        decimal peak = 0m, worst = 0m;
        foreach (var value in equity)
        {
            if (value > peak) peak = value;
            else if (peak > 0 && (peak - value) / peak > worst) worst = (peak - value) / peak;
        }
        return worst;
    }

    /// <summary>
    /// Mean over standard deviation of the returns between samples, scaled to a year (√(samples per year)); risk-free
    /// rate 0. Null with fewer than three samples or returns that never vary. Ratios of money are decimals; this one
    /// is a statistic, so it is a double.
    /// </summary>
    public static double? AnnualizedSharpe(IReadOnlyList<decimal> equity, TimeSpan interval)
    {
        if (equity.Count < 3) return null;
        var returns = new double[equity.Count - 1];
        for (int i = 1; i < equity.Count; i++)
        {
            if (equity[i - 1] == 0) return null;
            returns[i - 1] = (double)((equity[i] - equity[i - 1]) / equity[i - 1]);
        }
        double mean = returns.Average();
        double variance = returns.Sum(r => (r - mean) * (r - mean)) / (returns.Length - 1);
        if (variance <= 0) return null;
        double perYear = TimeSpan.FromDays(365).TotalSeconds / interval.TotalSeconds;
        return mean / Math.Sqrt(variance) * Math.Sqrt(perYear);
    }
}
