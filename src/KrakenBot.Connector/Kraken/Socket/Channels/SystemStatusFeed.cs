using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Socket.Channels;

/// <summary>
/// Kraken's system status (<c>online</c>, <c>maintenance</c>, <c>cancel_only</c>, <c>post_only</c>). Kraken pushes
/// it on every connect and on every change; no subscription is needed.
/// </summary>
internal sealed class SystemStatusFeed
{
    private readonly ILogger _logger;
    private KrakenSystemStatus? _current;

    internal SystemStatusFeed(SocketSession session, ILogger logger)
    {
        _logger = logger;
        session.SetSink(KrakenChannel.Status, OnMessage);
    }

    /// <summary>The last status received; null before the first connection.</summary>
    public KrakenSystemStatus? Current => Volatile.Read(ref _current);

    /// <summary>Raised for every status message (on connect and whenever Kraken's state changes).</summary>
    public event Action<KrakenSystemStatus>? StatusReceived;

    private void OnMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header)
    {
        var status = StatusParser.Parse(utf8.Span);
        var previous = Interlocked.Exchange(ref _current, status);
        if (previous?.State != status.State)
            _logger.LogInformation("Kraken system status: {State} ({Raw})", status.State, status.RawSystem);
        HandlerInvoker.Raise(StatusReceived, status, _logger, nameof(StatusReceived));
    }
}
