using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Parses <c>ticker</c> channel messages.</summary>
internal static class TickerParser
{
    private const string Channel = "ticker";

    public static int Parse(ReadOnlySpan<byte> utf8, bool isSnapshot, SymbolCache symbols, Action<KrakenTicker> onTicker)
    {
        var reader = new Utf8JsonReader(utf8);
        ChannelData.MoveToData(ref reader, Channel);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new UnexpectedResponseException("Kraken 'ticker' message: 'data' is not an array.");
        int count = 0;
        while (ChannelData.NextObject(ref reader, Channel, "data"))
        {
            onTicker(ReadTicker(ref reader, isSnapshot, symbols));
            count++;
        }
        return count;
    }

    private static KrakenTicker ReadTicker(ref Utf8JsonReader reader, bool isSnapshot, SymbolCache symbols)
    {
        string? symbol = null;
        decimal bid = 0, bidQty = 0, ask = 0, askQty = 0, last = 0, volume = 0, vwap = 0, low = 0, high = 0, change = 0, changePct = 0;
        DateTimeOffset? timestamp = null;
        bool sawBid = false, sawAsk = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8)) { reader.Read(); symbol = symbols.Get(ref reader); }
            else if (reader.ValueTextEquals("bid"u8)) { reader.Read(); bid = JsonFields.ReadDecimal(ref reader, Channel, "bid"); sawBid = true; }
            else if (reader.ValueTextEquals("bid_qty"u8)) { reader.Read(); bidQty = JsonFields.ReadDecimal(ref reader, Channel, "bid_qty"); }
            else if (reader.ValueTextEquals("ask"u8)) { reader.Read(); ask = JsonFields.ReadDecimal(ref reader, Channel, "ask"); sawAsk = true; }
            else if (reader.ValueTextEquals("ask_qty"u8)) { reader.Read(); askQty = JsonFields.ReadDecimal(ref reader, Channel, "ask_qty"); }
            else if (reader.ValueTextEquals("last"u8)) { reader.Read(); last = JsonFields.ReadDecimal(ref reader, Channel, "last"); }
            else if (reader.ValueTextEquals("volume"u8)) { reader.Read(); volume = JsonFields.ReadDecimal(ref reader, Channel, "volume"); }
            else if (reader.ValueTextEquals("vwap"u8)) { reader.Read(); vwap = JsonFields.ReadDecimal(ref reader, Channel, "vwap"); }
            else if (reader.ValueTextEquals("low"u8)) { reader.Read(); low = JsonFields.ReadDecimal(ref reader, Channel, "low"); }
            else if (reader.ValueTextEquals("high"u8)) { reader.Read(); high = JsonFields.ReadDecimal(ref reader, Channel, "high"); }
            else if (reader.ValueTextEquals("change"u8)) { reader.Read(); change = JsonFields.ReadDecimal(ref reader, Channel, "change"); }
            else if (reader.ValueTextEquals("change_pct"u8)) { reader.Read(); changePct = JsonFields.ReadDecimal(ref reader, Channel, "change_pct"); }
            else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); timestamp = JsonFields.ReadTimestamp(ref reader, Channel, "timestamp"); }
            else { reader.Read(); reader.Skip(); }
        }

        ChannelData.Require(symbol is not null, Channel, "symbol");
        ChannelData.Require(sawBid, Channel, "bid");
        ChannelData.Require(sawAsk, Channel, "ask");
        return new KrakenTicker(symbol!, bid, bidQty, ask, askQty, last, volume, vwap, low, high, change, changePct,
            timestamp, isSnapshot);
    }
}
