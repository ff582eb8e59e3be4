using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Streams;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Live candles from the <c>ohlc</c> channel. <see cref="CandleUpdated"/> follows the candle being built;
/// <see cref="CandleClosed"/> is raised exactly once per interval, when the clock reaches the next interval's
/// start or a candle of a later interval arrives, whichever is first. Kraken only sends candles for intervals
/// with trades, so an interval without trades has no candle.
/// </summary>
internal sealed class LiveCandleFeed : IDisposable
{
    private readonly SocketSession _session;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Symbol, int Interval), CandleSeries> _series = new();
    private readonly BoundedBroadcast<FeedItem<LiveCandleEvent>> _broadcaster;
    private readonly Action<KrakenCandle> _onCandle;
    private readonly FeedSubscriptions _subscriptions;
    private bool _disposed;

    internal LiveCandleFeed(SocketSession session, TimeProvider time, ILogger logger, int capacityPerReader)
    {
        _broadcaster = new BoundedBroadcast<FeedItem<LiveCandleEvent>>(capacityPerReader, FeedItem<LiveCandleEvent>.Overflow, "candles");
        _session = session;
        _time = time;
        _logger = logger;
        _onCandle = Apply;
        _subscriptions = new FeedSubscriptions(session);
        session.SetSink(KrakenChannel.Ohlc, OnMessage);
    }

    /// <summary>The candle of the current interval changed (or, rarely, a closed one was revised by a late message).</summary>
    public event Action<KrakenCandle>? CandleUpdated;

    /// <summary>An interval ended: this is its final candle. Raised once per interval.</summary>
    public event Action<KrakenCandle>? CandleClosed;

    /// <summary>
    /// Updates and closes from this call on, as one asynchronous stream; a reader that falls behind gets an overflow
    /// entry (<see cref="FeedItem{T}.IsOverflow"/>) where it missed some (read the candles again over REST).
    /// </summary>
    public IAsyncEnumerable<FeedItem<LiveCandleEvent>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _broadcaster.ReadAllAsync(cancellationToken);

    /// <summary>Subscribes to live candles of <paramref name="symbols"/> at <paramref name="intervalMinutes"/>.</summary>
    public Task<SubscriptionResult> SubscribeAsync(IEnumerable<string> symbols, int intervalMinutes,
        CancellationToken cancellationToken = default)
    {
        CandleIntervals.Validate(intervalMinutes);
        Action<Utf8JsonWriter> extra = w => w.WriteNumber("interval"u8, intervalMinutes);
        var subscription = new SocketSubscription(KrakenChannel.Ohlc, symbols, extra, requestSnapshot: true);
        return _subscriptions.SubscribeAsync(subscription, symbol => Key(symbol, intervalMinutes), cancellationToken);
    }

    /// <summary>Stops live candles of <paramref name="symbol"/> at <paramref name="intervalMinutes"/>.</summary>
    /// <returns>False when that pair and interval were not subscribed.</returns>
    public Task<bool> UnsubscribeAsync(string symbol, int intervalMinutes, CancellationToken cancellationToken = default) =>
        _subscriptions.UnsubscribeAsync(Key(symbol, intervalMinutes), cancellationToken);

    private static string Key(string symbol, int intervalMinutes) => $"{symbol}@{intervalMinutes}";

    private void OnMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header) =>
        OhlcParser.Parse(utf8.Span, header.Type == KrakenMessageType.Snapshot, _session.Symbols, _onCandle);

    /// <summary>Applies one candle message entry (also the entry point for tests and replays).</summary>
    internal void Apply(KrakenCandle candle)
    {
        lock (_gate)
        {
            if (_disposed) return;
            var key = (candle.Symbol, candle.IntervalMinutes);
            if (!_series.TryGetValue(key, out var series))
                _series[key] = series = new CandleSeries();

            if (series.LastClosed is { } closed && candle.IntervalBegin <= closed.IntervalBegin)
            {
                // Already closed. An identical copy (snapshot after a reconnect) is dropped; a different one is a
                // late revision from Kraken, passed on so nothing is lost, but the interval is not closed again.
                if (candle.IntervalBegin == closed.IntervalBegin && !SameValues(candle, closed))
                {
                    series.LastClosed = candle;
                    RaiseUpdated(candle);
                }
                return;
            }

            if (series.Current is { } current && candle.IntervalBegin > current.IntervalBegin)
                Close(series);

            if (candle.IntervalEnd <= _time.GetUtcNow())
            {
                // A whole interval in the past (snapshot, or delivered late): final already.
                series.Current = candle;
                Close(series);
                return;
            }

            series.Current = candle;
            RaiseUpdated(candle);
            ScheduleClose(series, candle);
        }
    }

    private void ScheduleClose(CandleSeries series, KrakenCandle candle)
    {
        if (series.TimerBegin == candle.IntervalBegin) return;
        series.Timer?.Dispose();
        series.TimerBegin = candle.IntervalBegin;
        var due = candle.IntervalEnd - _time.GetUtcNow();
        var begin = candle.IntervalBegin;
        series.Timer = _time.CreateTimer(_ => CloseIfStillOpen(series, begin), null,
            due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private void CloseIfStillOpen(CandleSeries series, DateTimeOffset begin)
    {
        lock (_gate)
        {
            if (!_disposed && series.Current is { } current && current.IntervalBegin == begin)
                Close(series);
        }
    }

    private void Close(CandleSeries series)
    {
        var candle = series.Current!.Value;
        series.Current = null;
        series.LastClosed = candle;
        series.Timer?.Dispose();
        series.Timer = null;
        series.TimerBegin = null;
        HandlerInvoker.Raise(CandleClosed, candle, _logger, nameof(CandleClosed));
        _broadcaster.Publish(FeedItem<LiveCandleEvent>.Of(new LiveCandleEvent(candle, IsClose: true)));
    }

    private void RaiseUpdated(KrakenCandle candle)
    {
        HandlerInvoker.Raise(CandleUpdated, candle, _logger, nameof(CandleUpdated));
        _broadcaster.Publish(FeedItem<LiveCandleEvent>.Of(new LiveCandleEvent(candle, IsClose: false)));
    }

    private static bool SameValues(KrakenCandle a, KrakenCandle b) =>
        a.Open == b.Open && a.High == b.High && a.Low == b.Low && a.Close == b.Close && a.Volume == b.Volume
        && a.Vwap == b.Vwap && a.Trades == b.Trades;

    /// <summary>Stops the close timers and ends the readers.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var series in _series.Values) series.Timer?.Dispose();
            _series.Clear();
        }
        _broadcaster.Complete();
    }

    private sealed class CandleSeries
    {
        public KrakenCandle? Current;
        public KrakenCandle? LastClosed;
        public ITimer? Timer;
        public DateTimeOffset? TimerBegin;
    }
}

/// <summary>One live candle event: an update of the open candle, or the final candle of a closed interval.</summary>
/// <param name="Candle">The candle.</param>
/// <param name="IsClose">True when the interval ended and <paramref name="Candle"/> is final.</param>
internal readonly record struct LiveCandleEvent(KrakenCandle Candle, bool IsClose);
