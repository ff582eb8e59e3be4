using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Asset names read from frames, one shared string per name: an account sees a handful of fee assets, so a fill need
/// not allocate its own copy of "USD". Bounded, so a stream of odd names cannot grow it without limit.
/// </summary>
internal static class AssetNames
{
    private const int MaxNames = 256;
    private const int MaxLength = 32;
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        Names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string value the reader stands on, pooled when short and plain (unescaped, in one segment).</summary>
    public static string Read(ref Utf8JsonReader reader, string channel, string field)
    {
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > MaxLength)
            return JsonFields.ReadString(ref reader, channel, field);

        Span<char> chars = stackalloc char[MaxLength];
        int length = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
        if (ByChars.TryGetValue(chars[..length], out var name)) return name;
        name = new string(chars[..length]);
        if (Names.Count < MaxNames) Names.TryAdd(name, name);
        return name;
    }
}
