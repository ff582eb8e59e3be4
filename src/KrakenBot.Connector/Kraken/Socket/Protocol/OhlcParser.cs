using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Parses <c>ohlc</c> channel messages.</summary>
internal static class OhlcParser
{
    private const string Channel = "ohlc";

    public static int Parse(ReadOnlySpan<byte> utf8, bool isSnapshot, SymbolCache symbols, Action<KrakenCandle> onCandle)
    {
        var reader = new Utf8JsonReader(utf8);
        ChannelData.MoveToData(ref reader, Channel);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new UnexpectedResponseException("Kraken 'ohlc' message: 'data' is not an array.");
        int count = 0;
        while (ChannelData.NextObject(ref reader, Channel, "data"))
        {
            onCandle(ReadCandle(ref reader, isSnapshot, symbols));
            count++;
        }
        return count;
    }

    private static KrakenCandle ReadCandle(ref Utf8JsonReader reader, bool isSnapshot, SymbolCache symbols)
    {
        string? symbol = null;
        decimal? open = null, high = null, low = null, close = null;
        decimal vwap = 0, volume = 0;
        long trades = 0;
        int? interval = null;
        DateTimeOffset? begin = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8)) { reader.Read(); symbol = symbols.Get(ref reader); }
            else if (reader.ValueTextEquals("open"u8)) { reader.Read(); open = JsonFields.ReadDecimal(ref reader, Channel, "open"); }
            else if (reader.ValueTextEquals("high"u8)) { reader.Read(); high = JsonFields.ReadDecimal(ref reader, Channel, "high"); }
            else if (reader.ValueTextEquals("low"u8)) { reader.Read(); low = JsonFields.ReadDecimal(ref reader, Channel, "low"); }
            else if (reader.ValueTextEquals("close"u8)) { reader.Read(); close = JsonFields.ReadDecimal(ref reader, Channel, "close"); }
            else if (reader.ValueTextEquals("vwap"u8)) { reader.Read(); vwap = JsonFields.ReadDecimal(ref reader, Channel, "vwap"); }
            else if (reader.ValueTextEquals("volume"u8)) { reader.Read(); volume = JsonFields.ReadDecimal(ref reader, Channel, "volume"); }
            else if (reader.ValueTextEquals("trades"u8)) { reader.Read(); trades = JsonFields.ReadInt64(ref reader, Channel, "trades"); }
            else if (reader.ValueTextEquals("interval"u8)) { reader.Read(); interval = JsonFields.ReadInt32(ref reader, Channel, "interval"); }
            else if (reader.ValueTextEquals("interval_begin"u8)) { reader.Read(); begin = JsonFields.ReadTimestamp(ref reader, Channel, "interval_begin"); }
            else { reader.Read(); reader.Skip(); }
        }

        ChannelData.Require(symbol is not null, Channel, "symbol");
        ChannelData.Require(open is not null, Channel, "open");
        ChannelData.Require(high is not null, Channel, "high");
        ChannelData.Require(low is not null, Channel, "low");
        ChannelData.Require(close is not null, Channel, "close");
        ChannelData.Require(interval is > 0, Channel, "interval");
        ChannelData.Require(begin is not null, Channel, "interval_begin");
        return new KrakenCandle(symbol!, interval!.Value, begin!.Value, open!.Value, high!.Value, low!.Value,
            close!.Value, vwap, volume, trades, isSnapshot);
    }
}
