using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Candles;

/// <summary>
/// One live candle event: the candle of the current interval as it grows (<see cref="Candle.IsClosed"/> false), or
/// the final candle of an interval that ended (<see cref="Candle.IsClosed"/> true, raised once per interval).
/// </summary>
/// <param name="Pair">The pair.</param>
/// <param name="Symbol">Kraken's WebSocket v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="IntervalMinutes">Candle length in minutes.</param>
/// <param name="Candle">The candle.</param>
internal sealed record LiveCandle(TradingPair Pair, string Symbol, int IntervalMinutes, Candle Candle)
{
    /// <summary>True when the interval ended and <see cref="Candle"/> is final.</summary>
    public bool IsClosed => Candle.IsClosed;
}
