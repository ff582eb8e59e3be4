using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Parses <c>trade</c> channel messages; each trade is handed to a callback (no list per message).</summary>
internal static class TradeParser
{
    private const string Channel = "trade";

    /// <returns>The number of trades delivered.</returns>
    public static int Parse(ReadOnlySpan<byte> utf8, bool isSnapshot, SymbolCache symbols, Action<KrakenTrade> onTrade)
    {
        var reader = new Utf8JsonReader(utf8);
        ChannelData.MoveToData(ref reader, Channel);
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new UnexpectedResponseException("Kraken 'trade' message: 'data' is not an array.");

        int count = 0;
        while (ChannelData.NextObject(ref reader, Channel, "data"))
        {
            onTrade(ReadTrade(ref reader, isSnapshot, symbols));
            count++;
        }
        return count;
    }

    private static KrakenTrade ReadTrade(ref Utf8JsonReader reader, bool isSnapshot, SymbolCache symbols)
    {
        string? symbol = null;
        TradeSide? side = null;
        decimal? price = null, qty = null;
        var orderType = TradeOrderType.Unknown;
        long? tradeId = null;
        DateTimeOffset? timestamp = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8)) { reader.Read(); symbol = symbols.Get(ref reader); }
            else if (reader.ValueTextEquals("side"u8))
            {
                reader.Read();
                side = reader.ValueTextEquals("buy"u8) ? TradeSide.Buy
                    : reader.ValueTextEquals("sell"u8) ? TradeSide.Sell
                    : throw new UnexpectedResponseException("Kraken 'trade' message: 'side' is neither buy nor sell.");
            }
            else if (reader.ValueTextEquals("price"u8)) { reader.Read(); price = JsonFields.ReadDecimal(ref reader, Channel, "price"); }
            else if (reader.ValueTextEquals("qty"u8)) { reader.Read(); qty = JsonFields.ReadDecimal(ref reader, Channel, "qty"); }
            else if (reader.ValueTextEquals("ord_type"u8))
            {
                reader.Read();
                orderType = reader.ValueTextEquals("limit"u8) ? TradeOrderType.Limit
                    : reader.ValueTextEquals("market"u8) ? TradeOrderType.Market
                    : TradeOrderType.Unknown;
            }
            else if (reader.ValueTextEquals("trade_id"u8)) { reader.Read(); tradeId = JsonFields.ReadInt64(ref reader, Channel, "trade_id"); }
            else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); timestamp = JsonFields.ReadTimestamp(ref reader, Channel, "timestamp"); }
            else { reader.Read(); reader.Skip(); }
        }

        ChannelData.Require(symbol is not null, Channel, "symbol");
        ChannelData.Require(side is not null, Channel, "side");
        ChannelData.Require(price is not null, Channel, "price");
        ChannelData.Require(qty is not null, Channel, "qty");
        ChannelData.Require(tradeId is not null, Channel, "trade_id");
        ChannelData.Require(timestamp is not null, Channel, "timestamp");
        return new KrakenTrade(symbol!, side!.Value, price!.Value, qty!.Value, orderType, tradeId!.Value,
            timestamp!.Value, isSnapshot);
    }
}
