namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Wire names of channels, both ways, without allocating on the read side.</summary>
internal static class ChannelNames
{
    public static KrakenChannel Parse(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("book"u8) => KrakenChannel.Book,
        _ when name.SequenceEqual("heartbeat"u8) => KrakenChannel.Heartbeat,
        _ when name.SequenceEqual("trade"u8) => KrakenChannel.Trade,
        _ when name.SequenceEqual("ticker"u8) => KrakenChannel.Ticker,
        _ when name.SequenceEqual("ohlc"u8) => KrakenChannel.Ohlc,
        _ when name.SequenceEqual("status"u8) => KrakenChannel.Status,
        _ when name.SequenceEqual("instrument"u8) => KrakenChannel.Instrument,
        _ when name.SequenceEqual("executions"u8) => KrakenChannel.Executions,
        _ when name.SequenceEqual("balances"u8) => KrakenChannel.Balances,
        _ when name.SequenceEqual("level3"u8) => KrakenChannel.Level3,
        _ => KrakenChannel.Unknown,
    };

    public static string ToWireName(KrakenChannel channel) => channel switch
    {
        KrakenChannel.Book => "book",
        KrakenChannel.Heartbeat => "heartbeat",
        KrakenChannel.Trade => "trade",
        KrakenChannel.Ticker => "ticker",
        KrakenChannel.Ohlc => "ohlc",
        KrakenChannel.Status => "status",
        KrakenChannel.Instrument => "instrument",
        KrakenChannel.Executions => "executions",
        KrakenChannel.Balances => "balances",
        KrakenChannel.Level3 => "level3",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "This channel has no wire name."),
    };
}
