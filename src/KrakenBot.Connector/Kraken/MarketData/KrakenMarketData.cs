using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Candles;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using KrakenBot.Connector.Kraken.Socket.WebSockets;

namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>
/// Kraken's public market data as a user gets it: checksum-verified order books (<see cref="WatchBookAsync(string, int, CancellationToken)"/>)
/// that repair themselves, trades, tickers, candles (history and live), trading rules kept current by the
/// <c>instrument</c> channel, and the exchange's system status, over one self-healing WebSocket v2 connection.
/// Pairs may be named in any form Kraken uses (<c>XXBTZUSD</c>, <c>XBTUSD</c>, <c>XBT/USD</c>, <c>BTC/USD</c>, <c>BTC-USD</c>).
/// </summary>
/// <remarks>
/// Open one with <see cref="KrakenConnector.MarketDataAsync"/> (loads the markets over REST and connects). Dispose it to close the connection.
/// </remarks>
public sealed partial class KrakenMarketData : IAsyncDisposable
{
    private readonly KrakenMarketDataSocket _socket;
    private readonly BookTracker _tracker;
    private readonly KrakenMarketDataOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly BookResubscriber _resubscriber;
    private readonly ConcurrentDictionary<string, TradingRule> _rules = new(StringComparer.Ordinal);
    private HttpClient? _ownedHttp;
    private int _disposed;

    /// <summary>Creates the market data service; call <see cref="StartAsync"/> to connect.</summary>
    /// <param name="catalog">Kraken's assets and pairs (from <c>Assets</c> and <c>AssetPairs</c>).</param>
    /// <param name="socketOptions">The public WebSocket v2 endpoint and connection settings.</param>
    /// <param name="rest">REST client for candle history; without one <see cref="Candles"/> serves live candles only.</param>
    /// <param name="options">Book and instrument settings.</param>
    /// <param name="time">Clock for timeouts, silence detection and candle closes.</param>
    /// <param name="loggerFactory">Logging; nothing is logged when null.</param>
    /// <param name="meterFactory">Creates the connector's meter (<see cref="ConnectorMeter.Name"/>) for the book and socket instruments.</param>
    internal KrakenMarketData(MarketCatalog catalog, SocketSessionOptions socketOptions, KrakenRestClient? rest = null,
        KrakenMarketDataOptions? options = null, TimeProvider? time = null, ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(socketOptions);
        _options = options ?? new KrakenMarketDataOptions();
        _options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        Markets = catalog;
        _time = time ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger("KrakenBot.Connector.Kraken.MarketData");
        _socket = new KrakenMarketDataSocket(socketOptions, _options.Connector ?? new KrakenWebSocketConnector(), _time, Random.Shared,
            loggerFactory, meterFactory);
        _tracker = new BookTracker(loggerFactory.CreateLogger<BookTracker>(), meterFactory);
        _resubscriber = new BookResubscriber(_socket.ResubscribeBookAsync, _logger, _stop.Token, ConnectorMetrics.For(meterFactory));
        foreach (MarketPair pair in catalog.Pairs)
        {
            _rules[pair.Symbol] = pair.Rule;
        }

        _socket.SetBookSink(OnBookMessage);
        _tracker.ResubscribeRequested += OnResubscribeRequested;
        _socket.Disconnected += OnDisconnected;
        _socket.Instruments.Updated += OnInstruments;
        Candles = new CandlesFeed(catalog, rest, _socket.Candles, _time, loggerFactory.CreateLogger<CandlesFeed>());
    }

    /// <summary>Every Kraken asset and pair, with all their names and trading rules as first loaded.</summary>
    internal MarketCatalog Markets { get; }

    /// <summary>
    /// Sees every book and trade message as received, and every gap (see <see cref="IMarketDataTap"/>); set it before
    /// subscribing to miss nothing. Null (the default) costs nothing.
    /// </summary>
    internal IMarketDataTap? Tap
    {
        get => _tap;
        set
        {
            _tap = value;
            _socket.Session.Tap = value is null ? null : OnTappedMessage;
        }
    }

    private IMarketDataTap? _tap;

    private void OnTappedMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header)
    {
        if (_tap is not { } tap || header.Symbol is not { } symbol) return;
        if (header.Channel == KrakenChannel.Book) tap.OnMessage("book", symbol, utf8.Span);
        else if (header.Channel == KrakenChannel.Trade) tap.OnMessage("trade", symbol, utf8.Span);
    }

    /// <summary>Candles: history over REST (OHLC, extended with trades) and live from the <c>ohlc</c> channel.</summary>
    internal CandlesFeed Candles { get; }

    /// <summary>Public trades (events and an asynchronous stream); subscribe with <see cref="SubscribeTradesAsync"/>.</summary>
    internal TradeFeed Trades => _socket.Trades;

    /// <summary>Level 1 tickers (events, latest value, asynchronous stream); subscribe with <see cref="SubscribeTickersAsync"/>.</summary>
    internal TickerFeed Tickers => _socket.Tickers;

    /// <summary>Kraken's system status; pushed on every connect and on every change.</summary>
    internal SystemStatusFeed Status => _socket.Status;

    /// <summary>True while connected and every subscription is live.</summary>
    public bool IsConnected => _socket.IsReady;

    /// <summary>Book checksum mismatches seen (each one logged, counted on the book meter and repaired).</summary>
    public long ChecksumMismatches => _tracker.ChecksumMismatches;

    /// <summary>Book subscriptions renewed to get a fresh snapshot (after mismatches, protocol errors or precision changes).</summary>
    public long BookRenewals => _resubscriber.Renewals;

    /// <summary>The connection was lost; it comes back by itself, and every book is not ready until its new snapshot.</summary>
    public event Action<Exception?>? Disconnected;

    /// <summary>A pair's trading rule changed (the <c>instrument</c> channel sent new precisions, increments, minimums or status).</summary>
    public event Action<TradingRule>? TradingRuleChanged;

    /// <summary>A subscription ended with an error (refused by Kraken or never answered); other pairs are unaffected.</summary>
    public event Action<Trading.Errors.ExchangeException>? SubscriptionFailed
    {
        add => _socket.SubscriptionFailed += value;
        remove => _socket.SubscriptionFailed -= value;
    }

    /// <summary>
    /// Loads Kraken's markets over REST from <paramref name="options"/>' URLs, connects to the public WebSocket and
    /// follows the <c>instrument</c> channel. The result owns its HTTP client and connection.
    /// </summary>
    /// <exception cref="Trading.Errors.ExchangeException">The markets could not be loaded or the socket refused the
    /// instrument subscription.</exception>
    internal static async Task<KrakenMarketData> CreateAsync(KrakenOptions options, KrakenMarketDataOptions? marketDataOptions = null,
        TimeProvider? time = null, ILoggerFactory? loggerFactory = null, IMeterFactory? meterFactory = null,
        HttpMessageHandler? httpHandler = null, System.Net.IWebProxy? proxy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        // The REST client enforces RequestTimeout itself; the HTTP client's own limit only has to be longer.
        var http = Proxies.ProxySelection.CreateHttpClient(httpHandler, proxy);
        http.Timeout = options.RequestTimeout + TimeSpan.FromSeconds(5);
        KrakenMarketData? marketData = null;
        try
        {
            var rest = new KrakenRestClient(http, options, new Auth.NonceSource(time, new Auth.InMemoryNonceStore()),
                new Rest.RateLimits.RestRateBudget(options.Tier, time), time, loggerFactory.CreateLogger<KrakenRestClient>());
            var assets = await rest.GetAssetsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var pairs = await rest.GetAssetPairsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var socketOptions = new SocketSessionOptions
            {
                Endpoint = options.WebSocketPublicUrl,
                Name = "public",
                RequestTimeout = options.RequestTimeout,
            };
            // The socket goes through the same proxy as REST (unless the caller brings a connector of its own).
            marketDataOptions ??= new KrakenMarketDataOptions();
            if (marketDataOptions.Connector is null) marketDataOptions = marketDataOptions with { Connector = new KrakenWebSocketConnector(proxy) };
            marketData = new KrakenMarketData(new MarketCatalog(assets, pairs), socketOptions, rest, marketDataOptions, time,
                loggerFactory, meterFactory)
            { _ownedHttp = http };
            await marketData.StartAsync(cancellationToken).ConfigureAwait(false);
            return marketData;
        }
        catch
        {
            if (marketData is not null) await marketData.DisposeAsync().ConfigureAwait(false);
            else http.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Connects (and keeps reconnecting until disposed) and, unless switched off, subscribes to the <c>instrument</c>
    /// channel, waiting for Kraken's answer.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _socket.Start();
        if (_options.FollowInstruments)
        {
            SubscriptionResult result = await _socket.Instruments.SubscribeAsync(cancellationToken).ConfigureAwait(false);
            result.ThrowIfAnyFailed();
        }
    }

    /// <summary>Waits until connected and every subscription is live.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken = default) => _socket.WaitReadyAsync(cancellationToken);

    /// <summary>The current trading rule of <paramref name="pair"/> (any name form): AssetPairs, updated by the instrument channel.</summary>
    /// <exception cref="Trading.Errors.ExchangeException"><c>Validation</c>: Kraken lists no such pair; the message suggests close names.</exception>
    public TradingRule GetTradingRule(string pair) => GetTradingRule(Markets.GetPair(pair));

    /// <summary>The current trading rule of a pair already found in the catalog (no look-up by name).</summary>
    internal TradingRule GetTradingRule(MarketPair market) =>
        _rules.TryGetValue(market.Symbol, out TradingRule? rule) ? rule : market.Rule;

    /// <summary>The current trading rule of every pair, in catalog order (AssetPairs, updated by the instrument channel).</summary>
    public IReadOnlyList<TradingRule> TradingRules
    {
        get
        {
            var rules = new TradingRule[Markets.Pairs.Count];
            for (int i = 0; i < rules.Length; i++)
            {
                MarketPair pair = Markets.Pairs[i];
                rules[i] = _rules.TryGetValue(pair.Symbol, out TradingRule? rule) ? rule : pair.Rule;
            }
            return rules;
        }
    }

    /// <summary>Subscribes to public trades of <paramref name="pairs"/> (any name form); read them from <see cref="Trades"/>.</summary>
    /// <exception cref="Trading.Errors.ExchangeException"><c>Validation</c>: A pair is unknown (nothing is subscribed then).</exception>
    internal Task<SubscriptionResult> SubscribeTradesAsync(IEnumerable<string> pairs, bool snapshot = false,
        CancellationToken cancellationToken = default) =>
        _socket.Trades.SubscribeAsync(ToSymbols(pairs), snapshot, cancellationToken: cancellationToken);

    /// <summary>Subscribes to tickers of <paramref name="pairs"/> (any name form); read them from <see cref="Tickers"/>.</summary>
    /// <exception cref="Trading.Errors.ExchangeException"><c>Validation</c>: A pair is unknown (nothing is subscribed then).</exception>
    internal Task<SubscriptionResult> SubscribeTickersAsync(IEnumerable<string> pairs, bool onBestBidOfferChange = false,
        CancellationToken cancellationToken = default) =>
        _socket.Tickers.SubscribeAsync(ToSymbols(pairs), onBestBidOfferChange, cancellationToken: cancellationToken);

    /// <summary>Closes the connection; books stop updating and become not ready.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _socket.DisposeAsync().ConfigureAwait(false);
        foreach (WatchedBook watched in _books.Values)
        {
            watched.View.Detach();
        }
        Candles.Dispose();
        _tracker.Dispose();
        _ownedHttp?.Dispose();
        _stop.Dispose();
    }

    private string[] ToSymbols(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        // Resolve every name first, so one bad name subscribes nothing rather than half a list.
        var symbols = new List<string>();
        foreach (string pair in pairs)
        {
            symbols.Add(Markets.GetPair(pair).Symbol);
        }
        return [.. symbols];
    }

    private void OnDisconnected(Exception? reason)
    {
        // Updates were lost with the connection: no book is exact until the replayed subscription's snapshot.
        foreach (string symbol in _books.Keys)
        {
            _tracker.Invalidate(symbol);
        }
        _tap?.OnGap(null, "connection lost: " + (reason?.Message ?? "closed"));
        Socket.Session.HandlerInvoker.Raise(Disconnected, reason, _logger, nameof(Disconnected));
    }

    private void OnInstruments(KrakenInstrumentUpdate update)
    {
        foreach (KrakenInstrumentPair instrument in update.Pairs)
        {
            if (!Markets.TryGetPair(instrument.Symbol, out MarketPair? market))
            {
                continue; // listed after the catalog was loaded: not tradable through it
            }
            TradingRule current = _rules.TryGetValue(market.Symbol, out TradingRule? known) ? known : market.Rule;
            TradingRule updated = InstrumentRules.Apply(current, instrument);
            if (InstrumentRules.Differs(current, updated))
            {
                _rules[market.Symbol] = updated;
                _logger.LogInformation("Trading rule of {Pair} changed: tick {Tick}, {PriceDecimals}/{AmountDecimals} decimals, min {MinAmount}, {Status}",
                    market.DisplayName, updated.TickSize, updated.PriceDecimals, updated.AmountDecimals, updated.MinAmount, updated.Status);
                Socket.Session.HandlerInvoker.Raise(TradingRuleChanged, updated, _logger, nameof(TradingRuleChanged));
            }
            RetrackIfPrecisionChanged(market.Symbol, instrument.PricePrecision, instrument.QuantityPrecision);
        }
    }
}
