using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Streams;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Public trades from the <c>trade</c> channel. Trade ids are a sequence per pair: trades already delivered
/// (e.g. re-sent in the snapshot after a reconnect) are not delivered again, and a jump in the sequence is
/// reported through <see cref="TradeGap"/> so the missing trades can be fetched over REST.
/// </summary>
internal sealed class TradeFeed
{
    private readonly SocketSession _session;
    private readonly ILogger _logger;
    private readonly BoundedBroadcast<FeedItem<KrakenTrade>> _broadcaster;
    private readonly Dictionary<string, long> _lastTradeId = new(StringComparer.Ordinal);
    private readonly FeedSubscriptions _subscriptions;
    private readonly Action<KrakenTrade> _onTrade;

    internal TradeFeed(SocketSession session, ILogger logger, int capacityPerReader)
    {
        _broadcaster = new BoundedBroadcast<FeedItem<KrakenTrade>>(capacityPerReader, FeedItem<KrakenTrade>.Overflow, "trades");
        _session = session;
        _logger = logger;
        _onTrade = Deliver;
        _subscriptions = new FeedSubscriptions(session);
        session.SetSink(KrakenChannel.Trade, OnMessage);
    }

    /// <summary>Raised for every new trade, in the order Kraken sent them.</summary>
    public event Action<KrakenTrade>? TradeReceived;

    /// <summary>
    /// Raised when trade ids jump (symbol, last id seen, first id received): trades in between were missed,
    /// typically during a disconnect longer than the 50-trade snapshot covers.
    /// </summary>
    public event Action<TradeGapInfo>? TradeGap;

    /// <summary>
    /// Every new trade from this call on, as an asynchronous stream (a bounded buffer per reader); a reader that falls
    /// behind gets an overflow entry (<see cref="FeedItem{T}.IsOverflow"/>) where it missed trades (fetch them over REST).
    /// </summary>
    public IAsyncEnumerable<FeedItem<KrakenTrade>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _broadcaster.ReadAllAsync(cancellationToken);

    /// <summary>Subscribes to trades of <paramref name="symbols"/> (v2 names, e.g. <c>BTC/USD</c>).</summary>
    /// <param name="symbols">Pairs to follow.</param>
    /// <param name="snapshot">Also deliver the last 50 trades of each pair first.</param>
    /// <param name="silenceTimeout">Renew a pair's subscription after this long without a trade; null = never
    /// (quiet pairs can go minutes without trades).</param>
    /// <param name="cancellationToken">Stops waiting for Kraken's answer.</param>
    public async Task<SubscriptionResult> SubscribeAsync(IEnumerable<string> symbols, bool snapshot = false,
        TimeSpan? silenceTimeout = null, CancellationToken cancellationToken = default)
    {
        var subscription = new SocketSubscription(KrakenChannel.Trade, symbols, requestSnapshot: snapshot, silenceTimeout: silenceTimeout);
        return await _subscriptions.SubscribeAsync(subscription, symbol => symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops trades of <paramref name="symbol"/>.</summary>
    /// <returns>False when <paramref name="symbol"/> was not subscribed.</returns>
    public Task<bool> UnsubscribeAsync(string symbol, CancellationToken cancellationToken = default) =>
        _subscriptions.UnsubscribeAsync(symbol, cancellationToken);

    private void OnMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header)
    {
        TradeParser.Parse(utf8.Span, header.Type == KrakenMessageType.Snapshot, _session.Symbols, _onTrade);
    }

    private void Deliver(KrakenTrade trade)
    {
        if (_lastTradeId.TryGetValue(trade.Symbol, out long last))
        {
            if (trade.TradeId <= last) return; // already delivered (replayed snapshot)
            if (trade.TradeId > last + 1)
            {
                _logger.LogWarning("Trade ids of {Symbol} jumped from {Last} to {Next}: {Missing} trades missed",
                    trade.Symbol, last, trade.TradeId, trade.TradeId - last - 1);
                HandlerInvoker.Raise(TradeGap, new TradeGapInfo(trade.Symbol, last, trade.TradeId), _logger, nameof(TradeGap));
            }
        }
        _lastTradeId[trade.Symbol] = trade.TradeId;
        HandlerInvoker.Raise(TradeReceived, trade, _logger, nameof(TradeReceived));
        _broadcaster.Publish(FeedItem<KrakenTrade>.Of(trade));
    }
}

/// <summary>Trades between <paramref name="LastSeenTradeId"/> and <paramref name="NextTradeId"/> (both exclusive) were missed.</summary>
/// <param name="Symbol">The pair.</param>
/// <param name="LastSeenTradeId">Last trade id delivered before the gap.</param>
/// <param name="NextTradeId">First trade id delivered after the gap.</param>
internal readonly record struct TradeGapInfo(string Symbol, long LastSeenTradeId, long NextTradeId);
