using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market;

/// <summary>A public trade kept for the Trades endpoint.</summary>
internal readonly record struct PublicTrade(long TradeNumber, decimal Price, decimal Quantity, DateTimeOffset Time, Side TakerSide, OrderKind TakerKind);

/// <summary>One OHLC candle; <see cref="Time"/> is the interval start in unix seconds.</summary>
internal record struct Candle(long Time, decimal Open, decimal High, decimal Low, decimal Close, decimal Volume, decimal Notional, int Count)
{
    public readonly decimal Vwap => Volume == 0m ? Close : Notional / Volume;
}

/// <summary>A best bid/ask sample for the Spread endpoint.</summary>
internal readonly record struct SpreadSample(long Time, decimal Bid, decimal Ask);

/// <summary>
/// Public market data of one pair: recent trades, candles for every Kraken interval, spread
/// samples. Written by the pair engine under its lock; read through the engine's lock too.
/// </summary>
internal sealed class MarketStats
{
    public static readonly int[] IntervalsMinutes = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];
    /// <summary>Kraken returns at most 720 candles; the 1-minute series keeps a full day for the ticker.</summary>
    public const int MaxCandles = 720;

    private readonly Ring<Candle>[] _candles;

    public MarketStats()
    {
        _candles = new Ring<Candle>[IntervalsMinutes.Length];
        for (var i = 0; i < _candles.Length; i++) _candles[i] = new Ring<Candle>(i == 0 ? 1440 : MaxCandles);
    }

    public Ring<PublicTrade> Trades { get; } = new(1000);
    public Ring<SpreadSample> Spreads { get; } = new(200);
    public decimal LastPrice { get; private set; }
    public decimal LastQuantity { get; private set; }

    public static int IntervalIndex(int minutes) => Array.IndexOf(IntervalsMinutes, minutes);

    public Ring<Candle> Candles(int intervalIndex) => _candles[intervalIndex];

    /// <summary>
    /// Records a trade. Only the one-minute candle is touched per trade; a finished minute is
    /// folded into the longer intervals when the next minute starts (and merged in on read).
    /// </summary>
    public void RecordTrade(in PublicTrade trade)
    {
        Trades.Add(trade);
        LastPrice = trade.Price;
        LastQuantity = trade.Quantity;
        var seconds = trade.Time.ToUnixTimeSeconds();
        var minute = seconds - seconds % 60;
        var minutes = _candles[0];
        if (minutes.Count > 0 && minutes.Last.Time == minute)
        {
            ref var c = ref minutes.Last;
            if (trade.Price > c.High) c.High = trade.Price;
            if (trade.Price < c.Low) c.Low = trade.Price;
            c.Close = trade.Price;
            c.Volume += trade.Quantity;
            c.Notional += trade.Price * trade.Quantity;
            c.Count++;
            return;
        }
        if (minutes.Count > 0) FoldIntoLongerIntervals(minutes.Last);
        minutes.Add(new Candle(minute, trade.Price, trade.Price, trade.Price, trade.Price, trade.Quantity, trade.Price * trade.Quantity, 1));
    }

    private void FoldIntoLongerIntervals(in Candle minute)
    {
        for (var i = 1; i < _candles.Length; i++)
        {
            var span = IntervalsMinutes[i] * 60L;
            var start = minute.Time - minute.Time % span;
            var ring = _candles[i];
            if (ring.Count > 0 && ring.Last.Time == start) ring.Last = Merge(ring.Last, minute);
            else ring.Add(minute with { Time = start });
        }
    }

    private static Candle Merge(in Candle into, in Candle minute) => new(
        into.Time, into.Open, Math.Max(into.High, minute.High), Math.Min(into.Low, minute.Low), minute.Close,
        into.Volume + minute.Volume, into.Notional + minute.Notional, into.Count + minute.Count);

    /// <summary>The candles of one interval, oldest first, including the minute still in progress.</summary>
    public List<Candle> Series(int intervalIndex)
    {
        var ring = _candles[intervalIndex];
        var list = new List<Candle>(ring.Count + 1);
        for (var i = 0; i < ring.Count; i++) list.Add(ring[i]);
        var minutes = _candles[0];
        if (intervalIndex == 0 || minutes.Count == 0) return list;
        var current = minutes.Last;
        var span = IntervalsMinutes[intervalIndex] * 60L;
        var start = current.Time - current.Time % span;
        if (list.Count > 0 && list[^1].Time == start) list[^1] = Merge(list[^1], current);
        else list.Add(current with { Time = start });
        return list;
    }

    /// <summary>The candle in progress of one interval (the newest of <see cref="Series"/>), without building the series.</summary>
    public Candle? CurrentCandle(int intervalIndex)
    {
        var minutes = _candles[0];
        if (minutes.Count == 0) return null;
        var current = minutes.Last;
        if (intervalIndex == 0) return current;
        var ring = _candles[intervalIndex];
        var start = current.Time - current.Time % (IntervalsMinutes[intervalIndex] * 60L);
        return ring.Count > 0 && ring.Last.Time == start ? Merge(ring.Last, current) : current with { Time = start };
    }

    public void RecordSpread(long unixSeconds, decimal bid, decimal ask)
    {
        if (Spreads.Count > 0)
        {
            ref var last = ref Spreads.Last;
            if (last.Bid == bid && last.Ask == ask) return;
        }
        Spreads.Add(new SpreadSample(unixSeconds, bid, ask));
    }
}
