namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Whether a <c>book</c> message replaces the book or changes it.</summary>
internal enum BookMessageType
{
    Snapshot,
    Update,
}

/// <summary>A JSON number exactly as sent: <see cref="Mantissa"/> × 10^-<see cref="Decimals"/>, never negative.</summary>
internal readonly record struct BookNumber(long Mantissa, int Decimals);

/// <summary>One <c>{"price":…,"qty":…}</c> entry of a book message; qty 0 means delete.</summary>
internal readonly record struct BookWireLevel(BookNumber Price, BookNumber Qty);

/// <summary>One element of a book message's <c>data</c> array: the changes for one symbol.</summary>
internal struct BookEntry
{
    public int SymbolStart;
    public int SymbolLength;
    public int BidStart;
    public int BidCount;
    public int AskStart;
    public int AskCount;
    public uint Checksum;
    public bool HasChecksum;
}

/// <summary>
/// A parsed v2 <c>book</c> message, reused frame after frame: its buffers grow to the largest message seen (the
/// first snapshot) and are then never reallocated, so parsing allocates nothing in steady state. Symbols stay UTF-8
/// bytes; numbers stay integers with their decimal count until the pair's precision is known.
/// </summary>
internal sealed class BookMessage
{
    private BookEntry[] _entries = new BookEntry[4];
    private BookWireLevel[] _levels;
    private byte[] _symbols = new byte[64];
    private int _levelCount;
    private int _symbolBytes;

    public BookMessage(int levelCapacity = 64)
    {
        _levels = new BookWireLevel[Math.Max(levelCapacity, 4)];
    }

    public BookMessageType Type { get; internal set; }

    public int EntryCount { get; private set; }

    public ref readonly BookEntry Entry(int index) => ref _entries[index];

    public ReadOnlySpan<byte> Symbol(in BookEntry entry) => _symbols.AsSpan(entry.SymbolStart, entry.SymbolLength);

    public ReadOnlySpan<BookWireLevel> Bids(in BookEntry entry) => _levels.AsSpan(entry.BidStart, entry.BidCount);

    public ReadOnlySpan<BookWireLevel> Asks(in BookEntry entry) => _levels.AsSpan(entry.AskStart, entry.AskCount);

    /// <summary>Takes a larger, empty level buffer allocated elsewhere, so the next big snapshot allocates nothing here.</summary>
    public void AdoptLevelBuffer(BookWireLevel[] levels)
    {
        if (levels.Length > _levels.Length)
        {
            _levels = levels;
        }
    }

    internal void Reset()
    {
        EntryCount = 0;
        _levelCount = 0;
        _symbolBytes = 0;
    }

    internal ref BookEntry AddEntry()
    {
        if (EntryCount == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }
        ref BookEntry entry = ref _entries[EntryCount++];
        entry = default;
        return ref entry;
    }

    internal int LevelCount => _levelCount;

    internal void AddLevel(BookWireLevel level)
    {
        if (_levelCount == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }
        _levels[_levelCount++] = level;
    }

    /// <summary>Room for <paramref name="maxBytes"/> more symbol bytes; call <see cref="CommitSymbol"/> with the count used.</summary>
    internal Span<byte> SymbolSpace(int maxBytes)
    {
        if (_symbols.Length - _symbolBytes < maxBytes)
        {
            Array.Resize(ref _symbols, Math.Max(_symbols.Length * 2, _symbolBytes + maxBytes));
        }
        return _symbols.AsSpan(_symbolBytes, maxBytes);
    }

    internal int CommitSymbol(int length)
    {
        int start = _symbolBytes;
        _symbolBytes += length;
        return start;
    }
}
