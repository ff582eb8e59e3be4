using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>
/// The connector's one string-interning cache: turns names from the wire (symbols such as <c>BTC/USD</c>, asset codes
/// such as <c>USD</c>) into one shared string per name, so that reading a name allocates only the first time it is
/// seen. A small table compared byte-wise answers the common case without transcoding or hashing the text as chars.
/// Bounded: past <see cref="Capacity"/> names (or for a name longer than <see cref="MaxCachedLength"/>), a name is
/// returned as a string of its own and not kept, so a stream of odd names cannot grow it without limit.
/// </summary>
internal sealed class SymbolCache
{
    /// <summary>Longest name kept, in UTF-8 bytes (Kraken's symbols and asset codes are far shorter).</summary>
    public const int MaxCachedLength = 128;

    /// <summary>Names kept by default: every pair and asset Kraken lists, with room to spare.</summary>
    public const int DefaultCapacity = 4096;

    private const int SlotCount = 256;
    private readonly Entry?[] _slots = new Entry?[SlotCount];
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private int _count;

    public SymbolCache(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The most names kept.</summary>
    public int Capacity { get; }

    /// <summary>Names kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The cached string for an unescaped UTF-8 name.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        int slot = Slot(utf8);
        var entry = Volatile.Read(ref _slots[slot]);
        if (entry is not null && utf8.SequenceEqual(entry.Utf8))
            return entry.Value;

        string value = GetSlow(utf8);
        // Fill empty slots only: two names sharing a slot never evict each other (no churn, no allocation). The
        // table has a fixed size, so it stays within the bound too.
        if (entry is null && utf8.Length <= MaxCachedLength)
            Interlocked.CompareExchange(ref _slots[slot], new Entry(utf8.ToArray(), value), null);
        return value;
    }

    /// <summary>The cached string for the string token the reader stands on (escapes handled).</summary>
    public string Get(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
            return Get(reader.ValueSpan);
        return reader.GetString() is { } name ? Keep(name) : string.Empty;
    }

    /// <summary>The cached string for a field that must be a string; anything else is a malformed message.</summary>
    /// <exception cref="Trading.Errors.UnexpectedResponseException">The value is not a string.</exception>
    public string Read(ref Utf8JsonReader reader, string channel, string field) =>
        reader.TokenType == JsonTokenType.String ? Get(ref reader) : JsonFields.ReadString(ref reader, channel, field);

    private string GetSlow(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedLength)
            return Encoding.UTF8.GetString(utf8);
        Span<char> chars = stackalloc char[MaxCachedLength];
        int count = Encoding.UTF8.GetChars(utf8, chars);
        ReadOnlySpan<char> name = chars[..count];
        return _lookup.TryGetValue(name, out var cached) ? cached : Keep(new string(name));
    }

    // The shared string for a name; a full cache keeps nothing more. A place is reserved before the add, so racing
    // readers never pass the bound.
    private string Keep(string name)
    {
        if (name.Length > MaxCachedLength) return name;
        if (_names.TryGetValue(name, out var cached)) return cached;
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            Interlocked.Decrement(ref _count);
            return name;
        }
        if (_names.TryAdd(name, name)) return name;
        Interlocked.Decrement(ref _count); // another reader added it first
        return _names[name];
    }

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        // FNV-1a over the bytes: names are short, and this only picks a slot (equality is still checked).
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
