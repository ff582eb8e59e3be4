using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Classifies an incoming WebSocket v2 frame from its UTF-8 bytes with <see cref="Utf8JsonReader"/>: method
/// response or channel message, which channel, snapshot or update, and the symbol of the first data entry.
/// Kraken sends <c>channel</c>, <c>type</c>, then <c>data</c>, so the scan usually stops inside the first data
/// entry; keys in another order still classify correctly (the rest of the object is then skipped token-wise).
/// </summary>
internal static class MessageClassifier
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    public static MessageHeader Classify(ReadOnlySpan<byte> utf8, SymbolCache symbols)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        try
        {
            return ClassifyCore(ref reader, symbols);
        }
        catch (JsonException)
        {
            return MessageHeader.Unknown;
        }
    }

    private static MessageHeader ClassifyCore(ref Utf8JsonReader reader, SymbolCache symbols)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return MessageHeader.Unknown;

        var channel = KrakenChannel.Unknown;
        bool sawChannel = false;
        var type = KrakenMessageType.None;
        bool sawType = false;
        string? symbol = null;
        bool sawData = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("method"u8))
                return new MessageHeader(MessageKind.MethodResponse, KrakenChannel.Unknown, KrakenMessageType.None, null);

            if (reader.ValueTextEquals("channel"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                    return MessageHeader.Unknown;
                channel = reader.ValueIsEscaped ? KrakenChannel.Unknown : ChannelNames.Parse(reader.ValueSpan);
                sawChannel = true;
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.ValueTextEquals("snapshot"u8)) type = KrakenMessageType.Snapshot;
                else if (reader.ValueTextEquals("update"u8)) type = KrakenMessageType.Update;
                sawType = true;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (sawChannel && sawType)
                {
                    // Everything else is known: stop at the symbol instead of walking a book of 1000 levels.
                    symbol = PeekFirstSymbol(ref reader, symbols);
                    break;
                }
                symbol = ReadFirstSymbol(ref reader, symbols);
                sawData = true;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }

            if (sawChannel && sawType && sawData)
                break;
        }

        return sawChannel
            ? new MessageHeader(MessageKind.ChannelMessage, channel, type, symbol)
            : MessageHeader.Unknown;
    }

    /// <summary>Reads <c>data[0].symbol</c>, leaving the reader wherever it found it (the caller stops reading).</summary>
    private static string? PeekFirstSymbol(ref Utf8JsonReader reader, SymbolCache symbols)
    {
        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isSymbol = reader.ValueTextEquals("symbol"u8);
            reader.Read();
            if (isSymbol)
                return reader.TokenType == JsonTokenType.String ? symbols.Get(ref reader) : null;
            reader.Skip();
        }
        return null;
    }

    /// <summary>
    /// Reads <c>data[0].symbol</c> and leaves the reader past the whole <c>data</c> value
    /// (the rest is skipped token by token: no allocation).
    /// </summary>
    private static string? ReadFirstSymbol(ref Utf8JsonReader reader, SymbolCache symbols)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        string? symbol = null;
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isSymbol = reader.ValueTextEquals("symbol"u8);
                reader.Read();
                if (isSymbol && reader.TokenType == JsonTokenType.String)
                {
                    symbol = symbols.Get(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            // reader now on EndObject of data[0]
        }
        else
        {
            reader.Skip();
        }

        // Skip the remaining entries up to the end of the array.
        while (reader.TokenType != JsonTokenType.EndArray && reader.Read())
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                reader.Skip();
        }
        return symbol;
    }
}
