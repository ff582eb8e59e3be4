using System.Buffers.Text;
using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Reads typed values from the token a <see cref="Utf8JsonReader"/> stands on, straight from the raw bytes.
/// Numbers become <see cref="decimal"/> exactly as sent (never through <see cref="double"/>), whether Kraken sent
/// them as JSON numbers (<c>0.10000000</c>, <c>1e-08</c>) or as strings.
/// </summary>
internal static class JsonFields
{
    public static decimal ReadDecimal(ref Utf8JsonReader reader, string channel, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out decimal number))
            return number;
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && TryParseDecimalText(reader.ValueSpan, out decimal fromText))
            return fromText;
        throw Malformed(channel, field, "a decimal number", reader.TokenType);
    }

    public static decimal? ReadOptionalDecimal(ref Utf8JsonReader reader, string channel, string field) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDecimal(ref reader, channel, field);

    public static long ReadInt64(ref Utf8JsonReader reader, string channel, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long value))
            return value;
        // Some counters come as "12.0"-style numbers; accept them only when integral.
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out decimal d) && d == decimal.Truncate(d)
            && d is >= long.MinValue and <= long.MaxValue)
            return (long)d;
        throw Malformed(channel, field, "an integer", reader.TokenType);
    }

    public static ulong ReadUInt64(ref Utf8JsonReader reader, string channel, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out ulong value))
            return value;
        throw Malformed(channel, field, "an unsigned integer", reader.TokenType);
    }

    public static int ReadInt32(ref Utf8JsonReader reader, string channel, string field)
    {
        long value = ReadInt64(ref reader, channel, field);
        if (value is < int.MinValue or > int.MaxValue)
            throw new UnexpectedResponseException($"Kraken '{channel}' message: field '{field}' is out of range ({value}).");
        return (int)value;
    }

    public static bool ReadBoolean(ref Utf8JsonReader reader, string channel, string field) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Malformed(channel, field, "true or false", reader.TokenType),
    };

    public static DateTimeOffset ReadTimestamp(ref Utf8JsonReader reader, string channel, string field)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value))
            return value;
        throw Malformed(channel, field, "an RFC 3339 timestamp", reader.TokenType);
    }

    public static string ReadString(ref Utf8JsonReader reader, string channel, string field) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw Malformed(channel, field, "a string", reader.TokenType);

    /// <summary>Moves to the value of the property the reader stands on.</summary>
    public static void MoveToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new UnexpectedResponseException("Kraken message ended in the middle of a property.");
    }

    private static bool TryParseDecimalText(ReadOnlySpan<byte> text, out decimal value) =>
        Utf8Parser.TryParse(text, out value, out int consumed, 'E') && consumed == text.Length
        || Utf8Parser.TryParse(text, out value, out consumed) && consumed == text.Length;

    private static UnexpectedResponseException Malformed(string channel, string field, string expected, JsonTokenType got) =>
        new($"Kraken '{channel}' message: field '{field}' should be {expected} but is a JSON {got}. " +
            "The message was skipped; if this repeats, Kraken may have changed the format.");
}
