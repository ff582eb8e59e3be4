using System.Collections.Concurrent;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Pairs and assets from the <c>instrument</c> channel, kept current: a snapshot replaces everything, an update
/// replaces the entries it carries. Trading rules (precisions, increments, minimums, status) read from here are
/// never older than Kraken's last message.
/// </summary>
internal sealed class InstrumentFeed
{
    private readonly SocketSession _session;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, KrakenInstrumentPair> _pairs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, KrakenInstrumentAsset> _assets = new(StringComparer.Ordinal);

    internal InstrumentFeed(SocketSession session, ILogger logger)
    {
        _session = session;
        _logger = logger;
        session.SetSink(KrakenChannel.Instrument, OnMessage);
    }

    /// <summary>Raised after each instrument message has been applied.</summary>
    public event Action<KrakenInstrumentUpdate>? Updated;

    /// <summary>The current rules of <paramref name="symbol"/> (v2 name).</summary>
    public bool TryGetPair(string symbol, out KrakenInstrumentPair pair) => _pairs.TryGetValue(symbol, out pair!);

    /// <summary>The current data of asset <paramref name="id"/>.</summary>
    public bool TryGetAsset(string id, out KrakenInstrumentAsset asset) => _assets.TryGetValue(id, out asset!);

    /// <summary>All pairs known now.</summary>
    public IReadOnlyCollection<KrakenInstrumentPair> Pairs => [.. _pairs.Values];

    /// <summary>Subscribes to the instrument channel (snapshot first, then changes).</summary>
    public Task<SubscriptionResult> SubscribeAsync(CancellationToken cancellationToken = default) =>
        _session.SubscribeAsync(new SocketSubscription(KrakenChannel.Instrument, [], requestSnapshot: true), cancellationToken);

    private void OnMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header)
    {
        var update = InstrumentParser.Parse(utf8.Span, header.Type == KrakenMessageType.Snapshot, _session.Symbols);
        if (update.IsSnapshot)
        {
            // A snapshot is the whole list: pairs it no longer names are gone (delisted).
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in update.Pairs) named.Add(pair.Symbol);
            foreach (var symbol in _pairs.Keys)
                if (!named.Contains(symbol)) _pairs.TryRemove(symbol, out _);
            var assetIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var asset in update.Assets) assetIds.Add(asset.Id);
            foreach (var id in _assets.Keys)
                if (!assetIds.Contains(id)) _assets.TryRemove(id, out _);
        }
        foreach (var pair in update.Pairs) _pairs[pair.Symbol] = pair;
        foreach (var asset in update.Assets) _assets[asset.Id] = asset;
        HandlerInvoker.Raise(Updated, update, _logger, nameof(Updated));
    }
}
