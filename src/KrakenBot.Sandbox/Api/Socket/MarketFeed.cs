using System.Text.Json;
using KrakenBot.Sandbox.Api.Rest;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// The <c>trade</c>, <c>ticker</c> and <c>ohlc</c> channels of one pair. Subscriber lists are
/// copy-on-write arrays read without locking on the engine thread; subscribing happens inside
/// the pair's lock so the snapshot and the first update cannot overlap or leave a gap.
/// </summary>
internal sealed class MarketFeed
{
    /// <summary>Kraken's trade snapshot: the last 50 trades.</summary>
    public const int TradeSnapshotSize = 50;

    private readonly PairInfo _pair;
    private readonly Lock _gate = new();
    private WsConnection[] _trades = [];
    private WsConnection[] _tickers = [];
    private WsConnection[] _bboTickers = [];
    private (decimal BidPrice, decimal BidQty, decimal AskPrice, decimal AskQty) _lastBbo;
    private readonly WsConnection[][] _ohlc = new WsConnection[MarketStats.IntervalsMinutes.Length][];

    public MarketFeed(PairInfo pair)
    {
        _pair = pair;
        for (var i = 0; i < _ohlc.Length; i++) _ohlc[i] = [];
    }

    public void SubscribeTrades(PairEngine engine, WsConnection connection, bool snapshot, byte[] ack, DateTimeOffset now) =>
        engine.Read(e =>
        {
            Add(ref _trades, connection);
            connection.Send(ack);
            if (snapshot) connection.Send(TradeSnapshot(e));
            return 0;
        });

    public void SubscribeTicker(PairEngine engine, WsConnection connection, bool onBbo, bool snapshot, byte[] ack, DateTimeOffset now) =>
        engine.Read(e =>
        {
            if (onBbo)
            {
                _lastBbo = Bbo(e);
                Add(ref _bboTickers, connection);
            }
            else Add(ref _tickers, connection);
            connection.Send(ack);
            if (snapshot) connection.Send(Ticker(e, "snapshot", now));
            return 0;
        });

    public void SubscribeOhlc(PairEngine engine, WsConnection connection, int intervalIndex, bool snapshot, byte[] ack, DateTimeOffset now) =>
        engine.Read(e =>
        {
            Add(ref _ohlc[intervalIndex], connection);
            connection.Send(ack);
            if (snapshot) connection.Send(Candles(e, intervalIndex, "snapshot", now));
            return 0;
        });

    public void UnsubscribeTrades(WsConnection c) => Remove(ref _trades, c);
    public void UnsubscribeTicker(WsConnection c)
    {
        Remove(ref _tickers, c);
        Remove(ref _bboTickers, c);
    }

    /// <summary>Called inside the pair's lock after a level change: <c>event_trigger: bbo</c> tickers hear of a new best bid or ask.</summary>
    public void OnBookLevel(PairEngine engine, DateTimeOffset time)
    {
        var subscribers = Volatile.Read(ref _bboTickers);
        if (subscribers.Length == 0) return;
        var bbo = Bbo(engine);
        if (bbo == _lastBbo) return;
        _lastBbo = bbo;
        var message = Ticker(engine, "update", time);
        foreach (var c in subscribers) c.Send(message);
    }

    private static (decimal, decimal, decimal, decimal) Bbo(PairEngine engine)
    {
        var bid = engine.Bids.Best;
        var ask = engine.Asks.Best;
        return (bid?.Price ?? 0m, bid is null ? 0m : bid.Quantity, ask?.Price ?? 0m, ask is null ? 0m : ask.Quantity);
    }
    public void UnsubscribeOhlc(WsConnection c, int intervalIndex) => Remove(ref _ohlc[intervalIndex], c);

    /// <summary>Called inside the pair's lock after the trade is recorded in the pair's stats.</summary>
    public void OnTrade(PairEngine engine, in PublicTradeEvent e)
    {
        var trades = Volatile.Read(ref _trades);
        if (trades.Length > 0)
        {
            var message = WsJson.Build((this, e), static (w, s) =>
            {
                s.Item1.Begin(w, "trade", "update");
                s.Item1.Trade(w, s.e.TradeNumber, s.e.TakerSide, s.e.TakerKind, s.e.Price, s.e.Quantity, s.e.Time);
                End(w);
            });
            foreach (var c in trades) c.Send(message);
        }
        var tickers = Volatile.Read(ref _tickers);
        if (tickers.Length > 0)
        {
            var message = Ticker(engine, "update", e.Time);
            foreach (var c in tickers) c.Send(message);
        }
        for (var i = 0; i < _ohlc.Length; i++)
        {
            var list = Volatile.Read(ref _ohlc[i]);
            if (list.Length == 0) continue;
            var message = Candles(engine, i, "update", e.Time);
            foreach (var c in list) c.Send(message);
        }
    }

    private byte[] TradeSnapshot(PairEngine engine) => WsJson.Build((this, engine.Stats.Trades), static (w, s) =>
    {
        var (feed, ring) = s;
        feed.Begin(w, "trade", "snapshot");
        for (var i = Math.Max(0, ring.Count - TradeSnapshotSize); i < ring.Count; i++)
        {
            ref var t = ref ring[i];
            feed.Trade(w, t.TradeNumber, t.TakerSide, t.TakerKind, t.Price, t.Quantity, t.Time);
        }
        End(w);
    });

    private void Trade(Utf8JsonWriter w, long tradeId, Side side, OrderKind kind, decimal price, decimal quantity, DateTimeOffset time)
    {
        w.WriteStartObject();
        w.WriteString("symbol", _pair.Symbol);
        w.WriteString("side", side.ToWire());
        w.Number("price", price, _pair.PairDecimals);
        w.Number("qty", quantity, _pair.LotDecimals);
        w.WriteString("ord_type", kind.ToWire());
        w.WriteNumber("trade_id", tradeId);
        w.Time("timestamp", time);
        w.WriteEndObject();
    }

    /// <summary>24-hour rolling ticker (same figures as REST Ticker) with the top of the book.</summary>
    private byte[] Ticker(PairEngine engine, string type, DateTimeOffset now)
    {
        var day = PublicHandlers.Summarise(engine.Stats, now.ToUnixTimeSeconds() - 86400);
        var bid = engine.Bids.Best;
        var ask = engine.Asks.Best;
        var state = (this, day, Bid: (bid?.Price ?? 0m, bid?.Quantity ?? 0m), Ask: (ask?.Price ?? 0m, ask?.Quantity ?? 0m), Last: engine.Stats.LastPrice, type, now);
        return WsJson.Build(state, static (w, s) =>
        {
            var pair = s.Item1._pair;
            s.Item1.Begin(w, "ticker", s.type);
            w.WriteStartObject();
            w.WriteString("symbol", pair.Symbol);
            w.Number("bid", s.Bid.Item1, pair.PairDecimals);
            w.Number("bid_qty", s.Bid.Item2, pair.LotDecimals);
            w.Number("ask", s.Ask.Item1, pair.PairDecimals);
            w.Number("ask_qty", s.Ask.Item2, pair.LotDecimals);
            w.Number("last", s.Last, pair.PairDecimals);
            w.Number("volume", s.day.Volume, pair.LotDecimals);
            w.Number("vwap", s.day.Vwap, pair.PairDecimals);
            w.Number("low", s.day.Low, pair.PairDecimals);
            w.Number("high", s.day.High, pair.PairDecimals);
            var change = s.Last - s.day.Open;
            w.Number("change", change, pair.PairDecimals);
            w.Number("change_pct", s.day.Open == 0m ? 0m : change * 100m / s.day.Open, 2);
            w.Time("timestamp", s.now);
            w.WriteEndObject();
            End(w);
        });
    }

    private byte[] Candles(PairEngine engine, int intervalIndex, string type, DateTimeOffset now)
    {
        // A snapshot carries the recent candles; an update only the one in progress.
        List<Candle> candles = type == "snapshot"
            ? engine.Stats.Series(intervalIndex)
            : engine.Stats.CurrentCandle(intervalIndex) is { } current ? [current] : [];
        return WsJson.Build((this, candles, intervalIndex, type, now), static (w, s) =>
        {
            var (feed, candles, index, type, now) = s;
            feed.Begin(w, "ohlc", type);
            foreach (var candle in candles) feed.Candle(w, candle, MarketStats.IntervalsMinutes[index], now);
            End(w);
        });
    }

    private void Candle(Utf8JsonWriter w, in Candle c, int minutes, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("symbol", _pair.Symbol);
        w.Number("open", c.Open, _pair.PairDecimals);
        w.Number("high", c.High, _pair.PairDecimals);
        w.Number("low", c.Low, _pair.PairDecimals);
        w.Number("close", c.Close, _pair.PairDecimals);
        w.WriteNumber("trades", c.Count);
        w.Number("volume", c.Volume, _pair.LotDecimals);
        w.Number("vwap", c.Vwap, _pair.PairDecimals);
        w.Time("interval_begin", DateTimeOffset.FromUnixTimeSeconds(c.Time));
        w.WriteNumber("interval", minutes);
        w.Time("timestamp", now);
        w.WriteEndObject();
    }

    private void Begin(Utf8JsonWriter w, string channel, string type)
    {
        w.WriteStartObject();
        w.WriteString("channel", channel);
        w.WriteString("type", type);
        w.WriteStartArray("data");
    }

    private static void End(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void Add(ref WsConnection[] list, WsConnection c)
    {
        lock (_gate) Volatile.Write(ref list, [.. list, c]);
    }

    private void Remove(ref WsConnection[] list, WsConnection c)
    {
        lock (_gate) Volatile.Write(ref list, Array.FindAll(list, x => !ReferenceEquals(x, c)));
    }
}
