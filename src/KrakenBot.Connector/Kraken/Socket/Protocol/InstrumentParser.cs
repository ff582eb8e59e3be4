using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Parses <c>instrument</c> messages (<c>data</c> is an object with <c>assets</c> and <c>pairs</c>). Rare and
/// large (the snapshot lists every pair), so lists are fine here; numbers are still exact decimals
/// (<c>1e-08</c> → 0.00000001).
/// </summary>
internal static class InstrumentParser
{
    private const string Channel = "instrument";

    public static KrakenInstrumentUpdate Parse(ReadOnlySpan<byte> utf8, bool isSnapshot, SymbolCache symbols)
    {
        var reader = new Utf8JsonReader(utf8);
        ChannelData.MoveToData(ref reader, Channel);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new UnexpectedResponseException("Kraken 'instrument' message: 'data' is not an object.");

        var assets = new List<KrakenInstrumentAsset>();
        var pairs = new List<KrakenInstrumentPair>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("assets"u8))
            {
                reader.Read();
                RequireArray(ref reader, "assets");
                while (ChannelData.NextObject(ref reader, Channel, "assets"))
                    assets.Add(ReadAsset(ref reader));
            }
            else if (reader.ValueTextEquals("pairs"u8))
            {
                reader.Read();
                RequireArray(ref reader, "pairs");
                while (ChannelData.NextObject(ref reader, Channel, "pairs"))
                    pairs.Add(ReadPair(ref reader, symbols));
            }
            else { reader.Read(); reader.Skip(); }
        }
        return new KrakenInstrumentUpdate(isSnapshot, assets, pairs);
    }

    private static KrakenInstrumentAsset ReadAsset(ref Utf8JsonReader reader)
    {
        string? id = null, status = null;
        int precision = 0, precisionDisplay = 0;
        bool borrowable = false;
        decimal? collateral = null, marginRate = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = JsonFields.ReadString(ref reader, Channel, "id"); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = JsonFields.ReadString(ref reader, Channel, "status"); }
            else if (reader.ValueTextEquals("precision"u8)) { reader.Read(); precision = JsonFields.ReadInt32(ref reader, Channel, "precision"); }
            else if (reader.ValueTextEquals("precision_display"u8)) { reader.Read(); precisionDisplay = JsonFields.ReadInt32(ref reader, Channel, "precision_display"); }
            else if (reader.ValueTextEquals("borrowable"u8)) { reader.Read(); borrowable = JsonFields.ReadBoolean(ref reader, Channel, "borrowable"); }
            else if (reader.ValueTextEquals("collateral_value"u8)) { reader.Read(); collateral = JsonFields.ReadOptionalDecimal(ref reader, Channel, "collateral_value"); }
            else if (reader.ValueTextEquals("margin_rate"u8)) { reader.Read(); marginRate = JsonFields.ReadOptionalDecimal(ref reader, Channel, "margin_rate"); }
            else { reader.Read(); reader.Skip(); }
        }
        ChannelData.Require(id is not null, Channel, "assets[].id");
        return new KrakenInstrumentAsset(id!, status ?? "", precision, precisionDisplay, borrowable, collateral, marginRate);
    }

    private static KrakenInstrumentPair ReadPair(ref Utf8JsonReader reader, SymbolCache symbols)
    {
        string? symbol = null, baseAsset = null, quote = null, status = null;
        int? pricePrecision = null, qtyPrecision = null, costPrecision = null;
        decimal? priceIncrement = null, qtyIncrement = null, qtyMin = null, costMin = null, tickSize = null;
        bool marginable = false, hasIndex = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8)) { reader.Read(); symbol = symbols.Get(ref reader); }
            else if (reader.ValueTextEquals("base"u8)) { reader.Read(); baseAsset = JsonFields.ReadString(ref reader, Channel, "base"); }
            else if (reader.ValueTextEquals("quote"u8)) { reader.Read(); quote = JsonFields.ReadString(ref reader, Channel, "quote"); }
            else if (reader.ValueTextEquals("status"u8)) { reader.Read(); status = JsonFields.ReadString(ref reader, Channel, "status"); }
            else if (reader.ValueTextEquals("price_precision"u8)) { reader.Read(); pricePrecision = JsonFields.ReadInt32(ref reader, Channel, "price_precision"); }
            else if (reader.ValueTextEquals("qty_precision"u8)) { reader.Read(); qtyPrecision = JsonFields.ReadInt32(ref reader, Channel, "qty_precision"); }
            else if (reader.ValueTextEquals("cost_precision"u8)) { reader.Read(); costPrecision = JsonFields.ReadInt32(ref reader, Channel, "cost_precision"); }
            else if (reader.ValueTextEquals("price_increment"u8)) { reader.Read(); priceIncrement = JsonFields.ReadDecimal(ref reader, Channel, "price_increment"); }
            else if (reader.ValueTextEquals("tick_size"u8)) { reader.Read(); tickSize = JsonFields.ReadOptionalDecimal(ref reader, Channel, "tick_size"); }
            else if (reader.ValueTextEquals("qty_increment"u8)) { reader.Read(); qtyIncrement = JsonFields.ReadDecimal(ref reader, Channel, "qty_increment"); }
            else if (reader.ValueTextEquals("qty_min"u8)) { reader.Read(); qtyMin = JsonFields.ReadOptionalDecimal(ref reader, Channel, "qty_min"); }
            else if (reader.ValueTextEquals("cost_min"u8)) { reader.Read(); costMin = JsonFields.ReadOptionalDecimal(ref reader, Channel, "cost_min"); }
            else if (reader.ValueTextEquals("marginable"u8)) { reader.Read(); marginable = JsonFields.ReadBoolean(ref reader, Channel, "marginable"); }
            else if (reader.ValueTextEquals("has_index"u8)) { reader.Read(); hasIndex = JsonFields.ReadBoolean(ref reader, Channel, "has_index"); }
            else { reader.Read(); reader.Skip(); }
        }

        ChannelData.Require(symbol is not null, Channel, "pairs[].symbol");
        ChannelData.Require(pricePrecision is not null, Channel, "pairs[].price_precision");
        ChannelData.Require(qtyPrecision is not null, Channel, "pairs[].qty_precision");
        // price_increment replaced the deprecated tick_size; accept either, else one unit of the last price decimal.
        decimal priceStep = priceIncrement ?? tickSize ?? Pow10Negative(pricePrecision!.Value);
        decimal qtyStep = qtyIncrement ?? Pow10Negative(qtyPrecision!.Value);
        return new KrakenInstrumentPair(symbol!, baseAsset ?? "", quote ?? "", status ?? "", pricePrecision!.Value,
            priceStep, qtyPrecision!.Value, qtyStep, qtyMin, costPrecision, costMin, marginable, hasIndex);
    }

    private static decimal Pow10Negative(int decimals) => new(1, 0, 0, false, (byte)Math.Clamp(decimals, 0, 28));

    private static void RequireArray(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new UnexpectedResponseException($"Kraken '{Channel}' message: '{field}' is not an array. The message was skipped.");
    }
}
