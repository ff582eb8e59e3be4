using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Candles;

/// <summary>
/// Builds candles from public trades, one per interval that has trades (an interval without trades gets no
/// candle, as in Kraken's own OHLC data). Trades must be added in the order Kraken lists them (time order): the
/// first trade of an interval is its open, the last its close.
/// </summary>
internal sealed class TradeCandleBuilder(TimeSpan interval)
{
    private readonly List<Bucket> _buckets = [];

    /// <summary>Adds one trade.</summary>
    public void Add(decimal price, decimal volume, DateTimeOffset time)
    {
        DateTimeOffset start = CandleTime.Floor(time, interval);
        Bucket? last = _buckets.Count > 0 ? _buckets[^1] : null;
        if (last is null || last.Start != start)
        {
            if (last is not null && start < last.Start)
            {
                throw new InvalidOperationException(
                    $"Trades are out of time order ({time:O} after a trade in the interval starting {last.Start:O}); candles need them in Kraken's order.");
            }
            last = new Bucket(start, price);
            _buckets.Add(last);
        }
        last.Add(price, volume);
    }

    /// <summary>The candles, oldest first. A candle whose interval has not ended by <paramref name="now"/> is not closed.</summary>
    public List<Candle> Build(DateTimeOffset now)
    {
        var candles = new List<Candle>(_buckets.Count);
        foreach (Bucket b in _buckets)
        {
            decimal vwap = b.Volume == 0m ? b.Close : b.Notional / b.Volume;
            candles.Add(new Candle(b.Start, interval, b.Open, b.High, b.Low, b.Close, vwap, b.Volume, b.Count,
                isClosed: b.Start + interval <= now));
        }
        return candles;
    }

    private sealed class Bucket(DateTimeOffset start, decimal open)
    {
        public DateTimeOffset Start { get; } = start;
        public decimal Open { get; } = open;
        public decimal High { get; private set; } = open;
        public decimal Low { get; private set; } = open;
        public decimal Close { get; private set; } = open;
        public decimal Volume { get; private set; }
        public decimal Notional { get; private set; }
        public long Count { get; private set; }

        public void Add(decimal price, decimal volume)
        {
            High = Math.Max(High, price);
            Low = Math.Min(Low, price);
            Close = price;
            Volume += volume;
            Notional += price * volume;
            Count++;
        }
    }
}
