namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>One candle from the <c>ohlc</c> channel, exact decimals.</summary>
/// <param name="Symbol">v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="IntervalMinutes">Candle length in minutes (1, 5, 15, 30, 60, 240, 1440, 10080, 21600).</param>
/// <param name="IntervalBegin">Start of the interval this candle covers.</param>
/// <param name="Open">First trade price.</param>
/// <param name="High">Highest trade price.</param>
/// <param name="Low">Lowest trade price.</param>
/// <param name="Close">Last trade price so far (final once the interval is closed).</param>
/// <param name="Vwap">Volume-weighted average price.</param>
/// <param name="Volume">Base volume.</param>
/// <param name="Trades">Number of trades.</param>
/// <param name="IsSnapshot">True for candles sent right after subscribing.</param>
internal readonly record struct KrakenCandle(
    string Symbol,
    int IntervalMinutes,
    DateTimeOffset IntervalBegin,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Vwap,
    decimal Volume,
    long Trades,
    bool IsSnapshot)
{
    /// <summary>When the interval ends (and the next begins).</summary>
    public DateTimeOffset IntervalEnd => IntervalBegin.AddMinutes(IntervalMinutes);
}
