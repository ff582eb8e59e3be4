using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// Turns symbol bytes from the wire (<c>BTC/USD</c>) into one shared string per symbol, so that reading the
/// symbol of a message allocates only the first time that symbol is seen. A small table compared byte-wise
/// answers the common case without transcoding or hashing the text as chars.
/// </summary>
internal sealed class SymbolCache
{
    private const int MaxStackChars = 128;
    private const int SlotCount = 256;
    private readonly Entry?[] _slots = new Entry?[SlotCount];
    private readonly ConcurrentDictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SymbolCache() => _lookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The cached string for an unescaped UTF-8 symbol.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        int slot = Slot(utf8);
        var entry = Volatile.Read(ref _slots[slot]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
            return entry.Value;

        string value = GetSlow(utf8);
        // Fill empty slots only: two symbols sharing a slot never evict each other (no churn, no allocation).
        if (entry is null && utf8.Length <= MaxStackChars)
            Interlocked.CompareExchange(ref _slots[slot], new Entry(utf8.ToArray(), value), null);
        return value;
    }

    /// <summary>The cached string for the string token the reader stands on (escapes handled).</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            return Get(reader.ValueSpan);
        return reader.GetString() is { } s ? _symbols.GetOrAdd(s, s) : string.Empty;
    }

    private string GetSlow(ReadOnlySpan<byte> utf8)
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

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        // FNV-1a over the bytes: symbols are short, and this only picks a slot (equality is still checked).
        uint hash = 2166136261;
        foreach (byte b in utf8) hash = (hash ^ b) * 16777619;
        return (int)(hash & (SlotCount - 1));
    }

    private sealed class Entry(byte[] utf8, string value)
    {
        public byte[] Utf8 { get; } = utf8;
        public string Value { get; } = value;
    }
}
