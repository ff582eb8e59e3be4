using System.Text.Json;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Positions a reader on the <c>data</c> value of a channel message.</summary>
internal static class ChannelData
{
    /// <summary>Leaves the reader on the first token of <c>data</c> (StartArray or StartObject).</summary>
    public static void MoveToData(ref Utf8JsonReader reader, string channel)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new UnexpectedResponseException($"Kraken '{channel}' message is not a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                return;
            }
            reader.Read();
            reader.Skip();
        }
        throw new UnexpectedResponseException($"Kraken '{channel}' message has no 'data'.");
    }

    /// <summary>
    /// Moves to the next item of an array of objects: true on an object, false at the end of the array. Any other item
    /// is an error, because stopping there silently would drop every entry after it (a fill, a fee, a trade).
    /// </summary>
    public static bool NextObject(ref Utf8JsonReader reader, string channel, string field)
    {
        if (!reader.Read()) throw new UnexpectedResponseException($"Kraken '{channel}' message ends inside '{field}'. The message was skipped.");
        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.EndArray => false,
            _ => throw new UnexpectedResponseException(
                $"Kraken '{channel}' message: '{field}' holds a {reader.TokenType} where an object was expected. The message was skipped."),
        };
    }

    /// <summary>Throws a clear error when a required field was not in an entry.</summary>
    public static void Require(bool present, string channel, string field)
    {
        if (!present)
            throw new UnexpectedResponseException(
                $"Kraken '{channel}' message: an entry has no '{field}'. The message was skipped.");
    }
}
