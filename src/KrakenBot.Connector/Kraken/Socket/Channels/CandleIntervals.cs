namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>The candle lengths Kraken offers, in minutes.</summary>
internal static class CandleIntervals
{
    /// <summary>1, 5, 15, 30, 60, 240, 1440, 10080, 21600.</summary>
    public static IReadOnlyList<int> Minutes { get; } = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

    /// <summary>Throws a clear error for a length Kraken does not offer.</summary>
    public static void Validate(int minutes)
    {
        foreach (int valid in Minutes)
            if (valid == minutes) return;
        throw new ArgumentOutOfRangeException(nameof(minutes), minutes,
            "Kraken offers candles of 1, 5, 15, 30, 60, 240, 1440, 10080 or 21600 minutes.");
    }
}
