using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// A parsed answer to a request (<c>subscribe</c>, <c>unsubscribe</c>, <c>pong</c>, <c>add_order</c>, …).
/// Method responses are rare next to channel data, so this is an ordinary object.
/// </summary>
/// <param name="Method">The <c>method</c> echoed by Kraken.</param>
/// <param name="RequestId">The <c>req_id</c> echoed by Kraken, when the request carried one.</param>
/// <param name="Success"><c>success</c>; <see langword="null"/> when absent (e.g. <c>pong</c>).</param>
/// <param name="Error">Kraken's error string when <c>success</c> is false.</param>
/// <param name="Symbol">The symbol the answer is about (<c>result.symbol</c>, or top-level <c>symbol</c> on errors).</param>
/// <param name="Channel">The channel the answer is about (<c>result.channel</c>), when given.</param>
/// <param name="Result">The raw <c>result</c> value (UTF-8 JSON), empty when absent.</param>
/// <param name="Warnings">Kraken's <c>warnings</c>, if any.</param>
internal sealed record MethodResponse(
    string Method,
    long? RequestId,
    bool? Success,
    string? Error,
    string? Symbol,
    string? Channel,
    ReadOnlyMemory<byte> Result,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Parses a frame the classifier called <see cref="MessageKind.MethodResponse"/>.</summary>
    public static MethodResponse Parse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        string method = "";
        long? reqId = null;
        bool? success = null;
        string? error = null, topSymbol = null, resultSymbol = null, resultChannel = null;
        ReadOnlyMemory<byte> result = default;
        List<string>? warnings = null;

        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("method"u8)) { reader.Read(); method = reader.GetString() ?? ""; }
            else if (reader.ValueTextEquals("req_id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long id)) reqId = id;
            }
            else if (reader.ValueTextEquals("success"u8)) { reader.Read(); success = reader.TokenType == JsonTokenType.True; }
            else if (reader.ValueTextEquals("error"u8)) { reader.Read(); error = ReadErrorText(ref reader); }
            else if (reader.ValueTextEquals("symbol"u8))
            {
                reader.Read();
                topSymbol = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (reader.TokenType != JsonTokenType.String) reader.Skip();
            }
            else if (reader.ValueTextEquals("warnings"u8)) { reader.Read(); warnings = ReadStrings(ref reader, warnings); }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                int start = (int)reader.TokenStartIndex;
                if (reader.TokenType == JsonTokenType.StartObject)
                    ReadResultObject(ref reader, ref resultSymbol, ref resultChannel, ref warnings);
                else
                    reader.Skip();
                int end = (int)reader.BytesConsumed;
                result = utf8[start..end].ToArray();
            }
            else { reader.Read(); reader.Skip(); }
        }

        return new MethodResponse(method, reqId, success, error, resultSymbol ?? topSymbol, resultChannel, result,
            (IReadOnlyList<string>?)warnings ?? []);
    }

    private static void ReadResultObject(ref Utf8JsonReader reader, ref string? symbol, ref string? channel,
        ref List<string>? warnings)
    {
        int depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (reader.ValueTextEquals("symbol"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) symbol = reader.GetString(); else reader.Skip();
            }
            else if (reader.ValueTextEquals("channel"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String) channel = reader.GetString(); else reader.Skip();
            }
            else if (reader.ValueTextEquals("warnings"u8)) { reader.Read(); warnings = ReadStrings(ref reader, warnings); }
            else { reader.Read(); reader.Skip(); }
        }
    }

    private static string? ReadErrorText(ref Utf8JsonReader reader)
    {
        // v2 sends one string; tolerate an array of strings (v1/REST style) by joining them.
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var parts = ReadStrings(ref reader, null);
            return parts is { Count: > 0 } ? string.Join("; ", parts) : null;
        }
        reader.Skip();
        return null;
    }

    private static List<string>? ReadStrings(ref Utf8JsonReader reader, List<string>? into)
    {
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return into; }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String) (into ??= []).Add(reader.GetString()!);
            else reader.Skip();
        }
        return into;
    }
}
