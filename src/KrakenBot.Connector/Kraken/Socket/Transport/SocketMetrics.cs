using System.Diagnostics.Metrics;
using KrakenBot.Connector.Diagnostics;

namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Socket counters on the connector's meter (<see cref="ConnectorMeter.Name"/>), tagged with the endpoint name
/// (<c>public</c>/<c>private</c>).
/// </summary>
internal sealed class SocketMetrics : IDisposable
{
    public const string MeterName = ConnectorMeter.Name;

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _endpoint;
    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _livenessTimeouts;
    private readonly Counter<long> _connectThrottles;
    private readonly Counter<long> _requestTimeouts;
    private readonly Counter<long> _resubscribes;
    private readonly Counter<long> _badMessages;

    public SocketMetrics(string endpoint, IMeterFactory? meterFactory = null)
    {
        _meter = ConnectorMetrics.MeterFor(meterFactory);
        _endpoint = new KeyValuePair<string, object?>("endpoint", endpoint);
        _reconnects = _meter.CreateCounter<long>("krakenbot.socket.reconnects", description: "Connections lost and re-established.");
        _messages = _meter.CreateCounter<long>("krakenbot.socket.messages", description: "Complete messages received.");
        _bytes = _meter.CreateCounter<long>("krakenbot.socket.bytes", unit: "By", description: "Message bytes received.");
        _livenessTimeouts = _meter.CreateCounter<long>("krakenbot.socket.liveness_timeouts", description: "Connections dropped because nothing arrived in time.");
        _connectThrottles = _meter.CreateCounter<long>("krakenbot.socket.connect_throttled", description: "Connection attempts delayed by the connect-rate cap.");
        _requestTimeouts = _meter.CreateCounter<long>("krakenbot.socket.request_timeouts", description: "Requests whose answer did not come in time.");
        _resubscribes = _meter.CreateCounter<long>("krakenbot.socket.silence_resubscribes", description: "Subscriptions renewed after going silent.");
        _badMessages = _meter.CreateCounter<long>("krakenbot.socket.unreadable_messages", description: "Messages that could not be read and were skipped.");
    }

    public void Reconnect() => _reconnects.Add(1, _endpoint);

    public void MessageReceived(int bytes)
    {
        _messages.Add(1, _endpoint);
        _bytes.Add(bytes, _endpoint);
    }

    public void LivenessTimeout() => _livenessTimeouts.Add(1, _endpoint);
    public void ConnectThrottled() => _connectThrottles.Add(1, _endpoint);
    public void RequestTimeout() => _requestTimeouts.Add(1, _endpoint);
    public void SilenceResubscribe() => _resubscribes.Add(1, _endpoint);
    public void UnreadableMessage() => _badMessages.Add(1, _endpoint);

    // The meter is shared (process-wide, or the factory's): it outlives this session.
    public void Dispose()
    {
    }
}
