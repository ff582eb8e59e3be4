namespace KrakenBot.Connector.Candles;

/// <summary>Interval arithmetic shared by history and live candles.</summary>
internal static class CandleTime
{
    /// <summary>Start of the interval holding <paramref name="time"/>: Kraken aligns intervals to the Unix epoch.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan interval)
    {
        long ticks = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / interval.Ticks * interval.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks);
    }

    /// <summary>Kraken's <c>Trades</c> cursor (nanoseconds since the epoch, as text) for "strictly after <paramref name="time"/> minus 1 ns".</summary>
    public static string CursorJustBefore(DateTimeOffset time)
    {
        long nanos = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 - 1;
        return nanos.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
