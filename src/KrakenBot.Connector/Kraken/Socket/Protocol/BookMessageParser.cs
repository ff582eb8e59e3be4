using System.Text;
using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Reads a WebSocket v2 <c>book</c> channel message
/// (<c>{"channel":"book","type":"snapshot"|"update","data":[{"symbol":…,"bids":[{"price":…,"qty":…}],"asks":[…],"checksum":…,"timestamp":…}]}</c>)
/// straight from its UTF-8 bytes with <see cref="Utf8JsonReader"/>, into a reused <see cref="BookMessage"/>.
/// Numbers are taken from their raw digits, never through <see cref="double"/>: a number in exponent notation,
/// a negative one, one too long for 64 bits, or a value that is not a number is a protocol error.
/// Unknown fields are skipped. Frames in the exact compact shape Kraken sends take the faster
/// <see cref="BookCanonicalFrameParser"/>, which yields the same message.
/// </summary>
internal static class BookMessageParser
{
    /// <summary>Significant digits that always fit in a long.</summary>
    private const int MaxSignificantDigits = 18;

    /// <exception cref="UnexpectedResponseException">The frame is not a readable book message.</exception>
    public static void Parse(ReadOnlySpan<byte> utf8Frame, BookMessage message)
    {
        if (!BookCanonicalFrameParser.TryParse(utf8Frame, message))
        {
            ParseWithReader(utf8Frame, message);
        }
    }

    /// <summary>The general path: any JSON layout, and the clear error for anything that is not a book message.</summary>
    /// <exception cref="UnexpectedResponseException">The frame is not a readable book message.</exception>
    public static void ParseWithReader(ReadOnlySpan<byte> utf8Frame, BookMessage message)
    {
        message.Reset();
        var reader = new Utf8JsonReader(utf8Frame);
        try
        {
            ParseMessage(ref reader, message);
        }
        catch (JsonException ex)
        {
            throw new UnexpectedResponseException(
                $"Kraken book message is not valid JSON ({ex.Message}). The frame was not applied; the book needs a fresh snapshot.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            throw new UnexpectedResponseException(
                $"Kraken book message has unreadable text ({ex.Message}). The frame was not applied; the book needs a fresh snapshot.", ex);
        }
    }

    private static void ParseMessage(ref Utf8JsonReader reader, BookMessage message)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the message");
        bool sawType = false;
        bool sawData = false;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            if (TextIs(ref reader, "data"u8))
            {
                Next(ref reader);
                ParseData(ref reader, message);
                sawData = true;
            }
            else if (TextIs(ref reader, "type"u8))
            {
                Expect(ref reader, JsonTokenType.String, "type");
                message.Type = TextIs(ref reader, "update"u8) ? BookMessageType.Update
                    : TextIs(ref reader, "snapshot"u8) ? BookMessageType.Snapshot
                    : throw Error($"has type {Raw(ref reader)}; expected \"snapshot\" or \"update\"");
                sawType = true;
            }
            else if (TextIs(ref reader, "channel"u8))
            {
                Expect(ref reader, JsonTokenType.String, "channel");
                if (!TextIs(ref reader, "book"u8))
                {
                    throw Error($"is on channel {Raw(ref reader)}, not \"book\"");
                }
            }
            else
            {
                reader.Skip();
            }
        }
        if (!sawType || !sawData)
        {
            throw Error(sawType ? "has no \"data\" array" : "has no \"type\" (snapshot or update)");
        }
    }

    private static void ParseData(ref Utf8JsonReader reader, BookMessage message)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error($"has \"data\" as {Describe(reader.TokenType)}; expected an array");
        }
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error($"has a \"data\" element that is {Describe(reader.TokenType)}; expected an object");
            }
            ParseEntry(ref reader, message);
        }
    }

    private static void ParseEntry(ref Utf8JsonReader reader, BookMessage message)
    {
        ref BookEntry entry = ref message.AddEntry();
        entry.SymbolLength = -1;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            if (TextIs(ref reader, "bids"u8))
            {
                Next(ref reader);
                entry.BidStart = message.LevelCount;
                entry.BidCount = ParseLevels(ref reader, message, "bids");
            }
            else if (TextIs(ref reader, "asks"u8))
            {
                Next(ref reader);
                entry.AskStart = message.LevelCount;
                entry.AskCount = ParseLevels(ref reader, message, "asks");
            }
            else if (TextIs(ref reader, "checksum"u8))
            {
                Next(ref reader);
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt32(out entry.Checksum))
                {
                    throw Error($"has checksum {Raw(ref reader)}; expected an unsigned 32-bit integer");
                }
                entry.HasChecksum = true;
            }
            else if (TextIs(ref reader, "symbol"u8))
            {
                Expect(ref reader, JsonTokenType.String, "symbol");
                Span<byte> space = message.SymbolSpace(reader.ValueSpan.Length);
                int length = reader.ValueIsEscaped ? reader.CopyString(space) : CopyRaw(reader.ValueSpan, space);
                entry.SymbolStart = message.CommitSymbol(length);
                entry.SymbolLength = length;
            }
            else
            {
                reader.Skip();
            }
        }
        if (entry.SymbolLength < 0)
        {
            throw Error("has a \"data\" element without \"symbol\"");
        }
    }

    private static int CopyRaw(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }

    private static int ParseLevels(ref Utf8JsonReader reader, BookMessage message, string side)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Error($"has \"{side}\" as {Describe(reader.TokenType)}; expected an array of {{\"price\",\"qty\"}} objects");
        }
        int count = 0;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Error($"has a \"{side}\" level that is {Describe(reader.TokenType)}; expected {{\"price\":…,\"qty\":…}}");
            }
            BookNumber price = default;
            BookNumber qty = default;
            bool hasPrice = false;
            bool hasQty = false;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                if (TextIs(ref reader, "price"u8))
                {
                    Next(ref reader);
                    price = ReadNumber(ref reader, side, "price");
                    hasPrice = true;
                }
                else if (TextIs(ref reader, "qty"u8))
                {
                    Next(ref reader);
                    qty = ReadNumber(ref reader, side, "qty");
                    hasQty = true;
                }
                else
                {
                    reader.Skip();
                }
            }
            if (!hasPrice || !hasQty)
            {
                throw Error($"has a \"{side}\" level without {(hasPrice ? "\"qty\"" : "\"price\"")}");
            }
            message.AddLevel(new BookWireLevel(price, qty));
            count++;
        }
        return count;
    }

    /// <summary>Reads the current Number token digit by digit: exact, and strict about what Kraken may send.</summary>
    private static BookNumber ReadNumber(ref Utf8JsonReader reader, string side, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw Error($"has a \"{side}\" {field} that is {Describe(reader.TokenType)} {Raw(ref reader)}; expected a JSON number");
        }
        // Utf8JsonReader has validated the JSON number grammar: -?digits(.digits)?([eE][+-]?digits)?
        ReadOnlySpan<byte> text = reader.ValueSpan;
        long mantissa = 0;
        int significant = 0;
        int decimals = 0;
        bool fraction = false;
        for (int i = 0; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit <= 9)
            {
                if (mantissa != 0 || digit != 0)
                {
                    if (++significant > MaxSignificantDigits)
                    {
                        throw NumberError(text, side, field, "has more significant digits than a 64-bit integer holds");
                    }
                    mantissa = mantissa * 10 + digit;
                }
                if (fraction)
                {
                    decimals++;
                }
            }
            else if (text[i] == (byte)'.')
            {
                fraction = true;
            }
            else if (text[i] == (byte)'-')
            {
                throw NumberError(text, side, field, "is negative");
            }
            else
            {
                throw NumberError(text, side, field, "uses exponent notation, which could hide rounding");
            }
        }
        return new BookNumber(mantissa, decimals);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Error("ends early (truncated frame)");
        }
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (Next(ref reader) != type)
        {
            throw Error($"has {what} as {Describe(reader.TokenType)}; expected {Describe(type)}");
        }
    }

    /// <summary>The current property name or string equals <paramref name="text"/> (unescaping only when needed).</summary>
    private static bool TextIs(ref Utf8JsonReader reader, ReadOnlySpan<byte> text) =>
        reader.ValueIsEscaped ? reader.ValueTextEquals(text) : reader.ValueSpan.SequenceEqual(text);

    private static string Raw(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null =>
            Encoding.UTF8.GetString(reader.ValueSpan),
        // Raw bytes, never GetString: the text may be invalid UTF-8 and an error message must not throw.
        JsonTokenType.String => $"\"{Encoding.UTF8.GetString(reader.ValueSpan)}\"",
        _ => string.Empty,
    };

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    private static UnexpectedResponseException NumberError(ReadOnlySpan<byte> text, string side, string field, string problem) =>
        Error($"has a \"{side}\" {field} {Encoding.UTF8.GetString(text)} that {problem}; book numbers must be plain decimals");

    private static UnexpectedResponseException Error(string problem) =>
        new($"Kraken book message {problem}. The frame was not applied; the book needs a fresh snapshot.");
}
