using System.Runtime.CompilerServices;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LiveKrakenCandle = KrakenBot.Connector.Kraken.Socket.Protocol.KrakenCandle;
using RestKrakenCandle = KrakenBot.Connector.Kraken.Rest.KrakenCandle;

namespace KrakenBot.Connector.Candles;

/// <summary>
/// Candles of any Kraken pair and interval through one API: history over REST and live from the <c>ohlc</c> channel.
/// </summary>
/// <remarks>
/// <para>History: Kraken's <c>OHLC</c> endpoint serves only its 720 most recent rows. When older candles are asked
/// for, they are built from the <c>Trades</c> endpoint (paged by its <c>last</c> cursor) up to the oldest OHLC row,
/// and the OHLC rows are used from there on: the two sources meet at one interval boundary, so there is neither a gap
/// nor a duplicate between them.</para>
/// <para>An interval without any trade has no candle, in both parts (Kraken's OHLC data and live channel do the
/// same). Nothing is invented: a chart that wants flat candles can fill them from the previous close.</para>
/// <para>Live: <see cref="CandleUpdated"/> follows the open interval; <see cref="CandleClosed"/> is raised once per
/// interval when it ends (on the clock, or when Kraken already sends the next interval's candle).</para>
/// </remarks>
internal sealed class CandlesFeed : IDisposable
{
    private readonly MarketCatalog _catalog;
    private readonly KrakenRestClient? _rest;
    private readonly LiveCandleFeed? _live;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>A history-only feed (no live candles).</summary>
    /// <param name="catalog">Kraken's pairs, to accept any name form.</param>
    /// <param name="rest">REST client for <c>OHLC</c> and <c>Trades</c>.</param>
    /// <param name="time">Clock deciding which candles are closed.</param>
    /// <param name="logger">Where paging progress is logged.</param>
    internal CandlesFeed(MarketCatalog catalog, KrakenRestClient rest, TimeProvider? time = null, ILogger<CandlesFeed>? logger = null)
        : this(catalog, rest ?? throw new ArgumentNullException(nameof(rest)), null, time ?? TimeProvider.System, logger)
    {
    }

    internal CandlesFeed(MarketCatalog catalog, KrakenRestClient? rest, LiveCandleFeed? live, TimeProvider time, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _rest = rest;
        _live = live;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        if (live is not null)
        {
            live.CandleUpdated += OnLiveUpdated;
            live.CandleClosed += OnLiveClosed;
        }
    }

    /// <summary>
    /// Most <c>Trades</c> pages (1,000 trades each) one history request may read before it stops with an error.
    /// Default 1,000. Building a long history of a busy pair from trades is slow: narrow the range or raise this.
    /// </summary>
    public int MaxTradePages { get; set; } = 1000;

    /// <summary>The candle of an open interval changed.</summary>
    public event Action<LiveCandle>? CandleUpdated;

    /// <summary>An interval ended: this is its final candle. Raised once per pair, interval length and interval.</summary>
    public event Action<LiveCandle>? CandleClosed;

    /// <summary>
    /// Every candle of <paramref name="pair"/> whose interval starts at or after the interval holding
    /// <paramref name="since"/>, oldest first; the newest may still be open (<see cref="Candle.IsClosed"/> false).
    /// </summary>
    /// <param name="pair">Any name form, e.g. <c>BTC/USD</c> or <c>XBTUSD</c>.</param>
    /// <param name="intervalMinutes">1, 5, 15, 30, 60, 240, 1440, 10080 or 21600.</param>
    /// <param name="since">Earliest time wanted.</param>
    /// <param name="cancellationToken">Stops the REST calls.</param>
    /// <exception cref="Trading.Errors.ExchangeValidationException">Unknown pair.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An interval Kraken does not offer.</exception>
    /// <exception cref="InvalidOperationException">No REST client, or more than <see cref="MaxTradePages"/> trade pages would be needed.</exception>
    public async Task<IReadOnlyList<Candle>> GetHistoryAsync(string pair, int intervalMinutes, DateTimeOffset since,
        CancellationToken cancellationToken = default)
    {
        CandleIntervals.Validate(intervalMinutes);
        MarketPair market = _catalog.GetPair(pair);
        KrakenRestClient rest = _rest ?? throw new InvalidOperationException(
            "This candles feed has no REST client, so it serves live candles only; create it with one for history.");
        var interval = TimeSpan.FromMinutes(intervalMinutes);
        DateTimeOffset start = CandleTime.Floor(since, interval);

        // Without `since`, OHLC answers everything it can serve: its 720 most recent rows, the newest still open.
        KrakenCandlePage page = await rest.GetOhlcAsync(market.Id, intervalMinutes, cancellationToken: cancellationToken).ConfigureAwait(false);
        IReadOnlyList<RestKrakenCandle> rows = page.Candles;
        var candles = new List<Candle>();
        DateTimeOffset boundary = rows.Count > 0 ? rows[0].OpenTime : DateTimeOffset.MaxValue;
        if (start < boundary)
        {
            candles.AddRange(await BuildFromTradesAsync(rest, market, interval, start, boundary, cancellationToken).ConfigureAwait(false));
        }
        for (int i = 0; i < rows.Count; i++)
        {
            RestKrakenCandle row = rows[i];
            if (row.OpenTime < start)
            {
                continue;
            }
            // Kraken's newest row is the current, uncommitted interval.
            candles.Add(new Candle(row.OpenTime, interval, row.Open, row.High, row.Low, row.Close,
                row.VolumeWeightedAveragePrice, row.Volume, row.TradeCount, isClosed: i < rows.Count - 1));
        }
        return candles;
    }

    /// <summary>
    /// The candles of the last <paramref name="count"/> intervals (the current one included), oldest first. Intervals
    /// without trades have no candle, so fewer may come back. More than 720 are built partly from trades.
    /// </summary>
    public async Task<IReadOnlyList<Candle>> GetRecentAsync(string pair, int intervalMinutes, int count,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        CandleIntervals.Validate(intervalMinutes);
        var interval = TimeSpan.FromMinutes(intervalMinutes);
        DateTimeOffset since = CandleTime.Floor(_time.GetUtcNow(), interval) - (count - 1) * interval;
        IReadOnlyList<Candle> candles = await GetHistoryAsync(pair, intervalMinutes, since, cancellationToken).ConfigureAwait(false);
        return candles.Count <= count ? candles : [.. candles.Skip(candles.Count - count)];
    }

    /// <summary>Starts live candles of <paramref name="pair"/> (any name form); they arrive through the events and <see cref="ReadLiveAsync"/>.</summary>
    /// <exception cref="Trading.Errors.ExchangeValidationException">Unknown pair.</exception>
    public Task<SubscriptionResult> SubscribeLiveAsync(string pair, int intervalMinutes, CancellationToken cancellationToken = default)
    {
        MarketPair market = _catalog.GetPair(pair);
        return Live.SubscribeAsync([market.Symbol], intervalMinutes, cancellationToken);
    }

    /// <summary>Stops live candles of <paramref name="pair"/> at <paramref name="intervalMinutes"/>.</summary>
    public Task<bool> UnsubscribeLiveAsync(string pair, int intervalMinutes, CancellationToken cancellationToken = default) =>
        Live.UnsubscribeAsync(_catalog.GetPair(pair).Symbol, intervalMinutes, cancellationToken);

    /// <summary>
    /// Every live candle event (updates and closes), as an asynchronous stream. A reader that falls behind gets an
    /// overflow entry (<see cref="FeedItem{T}.IsOverflow"/>) where it missed some: read them again with
    /// <see cref="GetRecentAsync"/>.
    /// </summary>
    public async IAsyncEnumerable<FeedItem<LiveCandle>> ReadLiveAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (FeedItem<LiveCandleEvent> e in Live.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (e.IsOverflow)
            {
                yield return FeedItem<LiveCandle>.Overflow(e.Missed);
            }
            else if (ToLive(e.Value.Candle, e.Value.IsClose) is { } candle)
            {
                yield return FeedItem<LiveCandle>.Of(candle);
            }
        }
    }

    /// <summary>Stops raising live events.</summary>
    public void Dispose()
    {
        if (_live is not null)
        {
            _live.CandleUpdated -= OnLiveUpdated;
            _live.CandleClosed -= OnLiveClosed;
        }
    }

    private LiveCandleFeed Live => _live ?? throw new InvalidOperationException(
        "This candles feed has no WebSocket connection, so it serves history only; use KrakenMarketData.Candles for live candles.");

    private async Task<List<Candle>> BuildFromTradesAsync(KrakenRestClient rest, MarketPair market, TimeSpan interval,
        DateTimeOffset start, DateTimeOffset boundary, CancellationToken cancellationToken)
    {
        var builder = new TradeCandleBuilder(interval);
        string cursor = CandleTime.CursorJustBefore(start);
        for (int pages = 0; ; pages++)
        {
            if (pages >= MaxTradePages)
            {
                throw new InvalidOperationException(
                    $"Building {market.DisplayName} candles from {start:O} needs more than {MaxTradePages} pages of trades; ask for a later start or raise {nameof(MaxTradePages)}.");
            }
            KrakenPublicTradePage page = await rest.GetTradesAsync(market.Id, cursor, cancellationToken: cancellationToken).ConfigureAwait(false);
            bool reachedBoundary = false;
            foreach (KrakenPublicTrade trade in page.Trades)
            {
                if (trade.Time < start)
                {
                    continue;
                }
                if (trade.Time >= boundary)
                {
                    reachedBoundary = true; // from here on the OHLC rows hold the data
                    break;
                }
                builder.Add(trade.Price, trade.Volume, trade.Time);
            }
            if (reachedBoundary || page.Trades.Count == 0 || page.Last == cursor)
            {
                break;
            }
            cursor = page.Last;
        }
        List<Candle> candles = builder.Build(_time.GetUtcNow());
        _logger.LogDebug("Built {Count} {Pair} candles from trades before {Boundary:O}", candles.Count, market.DisplayName, boundary);
        return candles;
    }

    private void OnLiveUpdated(LiveKrakenCandle candle) => Raise(CandleUpdated, candle, closed: false);

    private void OnLiveClosed(LiveKrakenCandle candle) => Raise(CandleClosed, candle, closed: true);

    private void Raise(Action<LiveCandle>? handlers, LiveKrakenCandle candle, bool closed)
    {
        if (handlers is not null && ToLive(candle, closed) is { } live)
        {
            HandlerInvoker.Raise(handlers, live, _logger, closed ? nameof(CandleClosed) : nameof(CandleUpdated));
        }
    }

    private LiveCandle? ToLive(LiveKrakenCandle c, bool closed)
    {
        if (!_catalog.TryGetPair(c.Symbol, out MarketPair? market))
        {
            _logger.LogWarning("Live candle for {Symbol}, a pair the catalog does not list; dropped", c.Symbol);
            return null;
        }
        var candle = new Candle(c.IntervalBegin, TimeSpan.FromMinutes(c.IntervalMinutes), c.Open, c.High, c.Low, c.Close,
            c.Vwap, c.Volume, c.Trades, closed);
        return new LiveCandle(market.Pair, c.Symbol, c.IntervalMinutes, candle);
    }
}
