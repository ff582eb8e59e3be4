using System.Globalization;
using KrakenBot.Strategies.Pnl;

namespace KrakenBot.Strategies.Risk;

/// <summary>Decides, from a P&amp;L snapshot, whether the kill switch fires, and says why.</summary>
public static class KillSwitch
{
    /// <summary>The reason to act, or null when neither limit is reached (or no mark is known yet).</summary>
    public static string? Check(KillSwitchOptions options, PnlSnapshot pnl)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pnl);
        if (options.Return is { } limit && pnl.Return is { } r && (limit > 0 ? r >= limit : r <= limit))
        {
            return $"kill switch: return since start {Percent(r)} reached the limit {Percent(limit)}";
        }

        if (options.Drawdown is { } max && pnl.Drawdown is { } d && d >= max)
        {
            return $"kill switch: drawdown from peak equity {Percent(d)} reached the limit {Percent(max)}";
        }

        return null;
    }

    private static string Percent(decimal fraction) =>
        (fraction * 100m).ToString("0.####", CultureInfo.InvariantCulture) + " %";
}
