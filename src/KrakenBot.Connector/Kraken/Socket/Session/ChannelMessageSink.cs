using KrakenBot.Connector.Kraken.Socket.Protocol;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// Receives every message of one channel, as raw UTF-8, with what the classifier learned about it.
/// <paramref name="utf8"/> is valid only during the call (it is a view of a pooled receive buffer).
/// </summary>
internal delegate void ChannelMessageSink(ReadOnlyMemory<byte> utf8, in MessageHeader header);
