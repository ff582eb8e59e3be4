using System.Collections.Concurrent;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Streams;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>Level 1 data from the <c>ticker</c> channel; the latest ticker of each pair is kept.</summary>
internal sealed class TickerFeed
{
    private readonly SocketSession _session;
    private readonly ILogger _logger;
    private readonly BoundedBroadcast<FeedItem<KrakenTicker>> _broadcaster;
    private readonly ConcurrentDictionary<string, KrakenTicker> _latest = new(StringComparer.Ordinal);
    private readonly Action<KrakenTicker> _onTicker;
    private readonly FeedSubscriptions _subscriptions;

    internal TickerFeed(SocketSession session, ILogger logger, int capacityPerReader)
    {
        _broadcaster = new BoundedBroadcast<FeedItem<KrakenTicker>>(capacityPerReader, FeedItem<KrakenTicker>.Overflow, "ticker");
        _session = session;
        _logger = logger;
        _onTicker = Deliver;
        _subscriptions = new FeedSubscriptions(session);
        session.SetSink(KrakenChannel.Ticker, OnMessage);
    }

    /// <summary>Raised for every ticker message entry.</summary>
    public event Action<KrakenTicker>? TickerReceived;

    /// <summary>
    /// Every ticker from this call on, as an asynchronous stream; a reader that falls behind gets an overflow entry
    /// (<see cref="FeedItem{T}.IsOverflow"/>) where it missed some: <see cref="TryGetLatest"/> then has the current ones.
    /// </summary>
    public IAsyncEnumerable<FeedItem<KrakenTicker>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _broadcaster.ReadAllAsync(cancellationToken);

    /// <summary>The latest ticker of <paramref name="symbol"/>, if one arrived.</summary>
    public bool TryGetLatest(string symbol, out KrakenTicker ticker) => _latest.TryGetValue(symbol, out ticker);

    /// <summary>Subscribes to tickers of <paramref name="symbols"/>.</summary>
    /// <param name="symbols">Pairs, v2 names.</param>
    /// <param name="onBestBidOfferChange">Update on every best bid/offer change (<c>bbo</c>) instead of on trades only.</param>
    /// <param name="silenceTimeout">Renew a pair's subscription after this long without an update; null = never.</param>
    /// <param name="cancellationToken">Stops waiting for Kraken's answer.</param>
    public Task<SubscriptionResult> SubscribeAsync(IEnumerable<string> symbols, bool onBestBidOfferChange = false,
        TimeSpan? silenceTimeout = null, CancellationToken cancellationToken = default)
    {
        Action<Utf8JsonWriter>? extra = onBestBidOfferChange ? w => w.WriteString("event_trigger"u8, "bbo") : null;
        var subscription = new SocketSubscription(KrakenChannel.Ticker, symbols, extra, silenceTimeout: silenceTimeout);
        return _subscriptions.SubscribeAsync(subscription, symbol => symbol, cancellationToken);
    }

    /// <summary>Stops tickers of <paramref name="symbol"/>.</summary>
    /// <returns>False when <paramref name="symbol"/> was not subscribed.</returns>
    public Task<bool> UnsubscribeAsync(string symbol, CancellationToken cancellationToken = default) =>
        _subscriptions.UnsubscribeAsync(symbol, cancellationToken);

    private void OnMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header) =>
        TickerParser.Parse(utf8.Span, header.Type == KrakenMessageType.Snapshot, _session.Symbols, _onTicker);

    private void Deliver(KrakenTicker ticker)
    {
        _latest[ticker.Symbol] = ticker;
        HandlerInvoker.Raise(TickerReceived, ticker, _logger, nameof(TickerReceived));
        _broadcaster.Publish(FeedItem<KrakenTicker>.Of(ticker));
    }
}
