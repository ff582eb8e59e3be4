namespace KrakenBot.Connector.Trading;

/// <summary>One OHLC candle. Checked on construction: low ≤ open, close ≤ high, non-negative volume and count.</summary>
internal sealed record Candle
{
    /// <summary>Builds and checks a candle.</summary>
    /// <exception cref="ArgumentException">The values are inconsistent; the message says which.</exception>
    public Candle(DateTimeOffset openTime, TimeSpan interval, decimal open, decimal high, decimal low, decimal close,
        decimal vwap, decimal volume, long tradeCount, bool isClosed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(volume);
        ArgumentOutOfRangeException.ThrowIfNegative(tradeCount);
        if (low > high || open < low || open > high || close < low || close > high)
        {
            throw new ArgumentException(
                $"Candle at {openTime:O} is inconsistent: open {open}, high {high}, low {low}, close {close} (need low ≤ open, close ≤ high).");
        }

        OpenTime = openTime;
        Interval = interval;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Vwap = vwap;
        Volume = volume;
        TradeCount = tradeCount;
        IsClosed = isClosed;
    }

    /// <summary>Start of the candle's period.</summary>
    public DateTimeOffset OpenTime { get; }

    /// <summary>Length of the period.</summary>
    public TimeSpan Interval { get; }

    /// <summary>End of the period (exclusive).</summary>
    public DateTimeOffset CloseTime => OpenTime + Interval;

    /// <summary>First trade price.</summary>
    public decimal Open { get; }

    /// <summary>Highest trade price.</summary>
    public decimal High { get; }

    /// <summary>Lowest trade price.</summary>
    public decimal Low { get; }

    /// <summary>Last trade price.</summary>
    public decimal Close { get; }

    /// <summary>Volume-weighted average price.</summary>
    public decimal Vwap { get; }

    /// <summary>Traded base amount.</summary>
    public decimal Volume { get; }

    /// <summary>Number of trades.</summary>
    public long TradeCount { get; }

    /// <summary>False for the current, still-changing candle.</summary>
    public bool IsClosed { get; }
}
