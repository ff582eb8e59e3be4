using System.Collections.Concurrent;
using System.Text;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Turns symbol bytes from the wire (<c>BTC/USD</c>) into one shared string per symbol, so that reading the
/// symbol of a message allocates only the first time that symbol is seen.
/// </summary>
internal sealed class SymbolCache
{
    private const int MaxStackChars = 128;
    private readonly ConcurrentDictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SymbolCache() => _lookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The cached string for an unescaped UTF-8 symbol.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxStackChars)
            return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[MaxStackChars];
        int count = Encoding.UTF8.GetChars(utf8, chars);
        ReadOnlySpan<char> symbol = chars[..count];
        if (_lookup.TryGetValue(symbol, out var cached))
            return cached;
        var created = new string(symbol);
        return _symbols.GetOrAdd(created, created);
    }

    /// <summary>The cached string for the string token the reader stands on (escapes handled).</summary>
    public string Get(ref System.Text.Json.Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            return Get(reader.ValueSpan);
        return reader.GetString() is { } s ? _symbols.GetOrAdd(s, s) : string.Empty;
    }
}
