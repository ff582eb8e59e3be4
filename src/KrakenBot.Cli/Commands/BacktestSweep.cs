using System.Globalization;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// The grid of a backtest sweep: <c>--sweep bid_spread=0.1:0.5:0.1</c> (from, to inclusive, step) or
/// <c>--sweep order_levels=1,2,3</c> (a list), repeatable; every combination is one backtest.
/// </summary>
internal static class BacktestSweep
{
    /// <summary>Most combinations a sweep may ask for (each is a whole replay).</summary>
    public const int MaxCombinations = 1000;

    /// <summary>Every combination, in a fixed order (the specs' order, each one's values ascending as written).</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Grid(IReadOnlyList<string> specs)
    {
        var axes = specs.Select(Parse).ToList();
        var duplicate = axes.GroupBy(a => a.Key).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw CliException.Usage($"--sweep names {duplicate.Key} twice: give all its values in one --sweep.");
        long count = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (count > MaxCombinations)
            throw CliException.Usage($"The sweep has {count} combinations; at most {MaxCombinations}: use fewer values or coarser steps.");

        IEnumerable<Dictionary<string, string>> grid = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (key, values) in axes)
            grid = grid.SelectMany(partial => values.Select(v => new Dictionary<string, string>(partial, StringComparer.Ordinal) { [key] = v }));
        return grid.ToList();
    }

    /// <summary>The combination as text, e.g. <c>bid_spread=0.2 order_levels=2</c>.</summary>
    public static string Describe(IReadOnlyDictionary<string, string> values) => string.Join(" ", values.Select(v => $"{v.Key}={v.Value}"));

    private static (string Key, List<string> Values) Parse(string spec)
    {
        int equals = spec.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == spec.Length - 1)
            throw CliException.Usage($"--sweep '{spec}' is not KEY=FROM:TO:STEP or KEY=V1,V2,...: write e.g. bid_spread=0.1:0.5:0.1 or order_levels=1,2,3.");
        string key = spec[..equals].Trim(), values = spec[(equals + 1)..].Trim();
        if (!values.Contains(':', StringComparison.Ordinal))
            return (key, values.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList());

        var parts = values.Split(':');
        if (parts.Length != 3 || !TryDecimal(parts[0], out var from) || !TryDecimal(parts[1], out var to) || !TryDecimal(parts[2], out var step) || step <= 0 || to < from)
            throw CliException.Usage($"--sweep {key}={values}: a range is FROM:TO:STEP with FROM ≤ TO and STEP > 0, e.g. {key}=0.1:0.5:0.1.");
        var list = new List<string>();
        for (decimal v = from; v <= to; v += step)
        {
            if (list.Count >= MaxCombinations) throw CliException.Usage($"--sweep {key}={values} has more than {MaxCombinations} values: use a coarser step.");
            list.Add(v.ToString(CultureInfo.InvariantCulture));
        }
        return (key, list);
    }

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);
}
