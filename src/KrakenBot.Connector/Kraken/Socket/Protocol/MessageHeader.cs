namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// What the classifier learned about one incoming frame, enough to route it. Built without allocating:
/// <see cref="Symbol"/> comes from a <see cref="SymbolCache"/>.
/// </summary>
internal readonly record struct MessageHeader(
    MessageKind Kind,
    KrakenChannel Channel,
    KrakenMessageType Type,
    string? Symbol)
{
    public static MessageHeader Unknown => new(MessageKind.Unknown, KrakenChannel.Unknown, KrakenMessageType.None, null);
}
