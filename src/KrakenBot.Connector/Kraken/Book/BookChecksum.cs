using System.Buffers.Text;
using System.IO.Hashing;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>
/// Kraken's book checksum (API.md §6): CRC32 (IEEE) over the top 10 asks (best first) then the top 10 bids, each
/// level written as price then qty, each number formatted with the pair's precision with the '.' and leading zeros
/// removed. For a number kept as units of 10^-precision that token is simply the decimal digits of the units.
/// </summary>
/// <remarks>
/// The checksum is a function of the top 10 levels of each side only, and most messages change levels deeper than
/// that. So the text it covers is kept, asks then bids in one buffer with the byte offset where each level ends, and
/// every change to a side's top 10 is mirrored in it as it happens: an update rewrites that level's token, an insert
/// or a delete moves the tokens after it (and writes the one level that enters the top 10, or drops the one that
/// leaves it); only a cleared book (snapshot) writes all of them again. When neither side's top 10 changed the last
/// CRC is still the CRC of the current top 10 and is returned as is. Every frame's checksum is still compared with
/// the CRC of the book's current top 10; only rewriting identical tokens and recomputing identical input is avoided.
/// </remarks>
internal sealed class BookChecksum
{
    /// <summary>Levels per side that the checksum covers, whatever the subscribed depth.</summary>
    public const int Levels = 10;

    /// <summary>A positive long has at most 19 digits; price and qty per level.</summary>
    private const int MaxTokenBytesPerLevel = 2 * 19;

    private readonly byte[] _text = new byte[(2 * Levels + 1) * MaxTokenBytesPerLevel]; // a level more while an insert overflows
    private readonly SideTokens _asks = new();
    private readonly SideTokens _bids = new();
    private int _length;
    private bool _mirrors; // the text is that of the book's top 10s (false until rebuilt after a clear)
    private bool _current; // _checksum is the CRC of the text
    private uint _checksum;

    /// <summary>
    /// Mirrors one level change of a side (<paramref name="levels"/>, already changed) at <paramref name="position"/>
    /// (0 = best; -1 = nothing changed).
    /// </summary>
    public void Changed(bool bid, int position, LevelChange change, PriceLevels levels)
    {
        if ((uint)position >= Levels || !_mirrors)
        {
            return;
        }

        _current = false;
        SideTokens side = bid ? _bids : _asks;
        int origin = bid ? _asks.Length : 0;
        switch (change)
        {
            case LevelChange.Updated:
                Replace(side, origin, position, levels[position], bid);
                break;
            case LevelChange.Inserted:
                Insert(side, origin, position, levels[position], bid);
                if (side.Count > Levels)
                {
                    Splice(origin + side.Ends[Levels - 1], side.Ends[Levels] - side.Ends[Levels - 1], []);
                    side.Count = Levels;
                }
                break;
            case LevelChange.Removed:
                Remove(side, origin, position);
                if (levels.Count >= Levels)
                {
                    Insert(side, origin, Levels - 1, levels[Levels - 1], bid); // the level that moved up into the top 10
                }
                break;
        }
    }

    /// <summary>Marks both sides for rewriting (snapshot, clear).</summary>
    public void Invalidate()
    {
        _mirrors = false;
        _current = false;
    }

    /// <summary>The unsigned CRC32 of the current top 10 of both sides.</summary>
    public uint Compute(PriceLevels asks, PriceLevels bids)
    {
        if (!_mirrors)
        {
            Rebuild(asks, bids);
        }
        if (!_current)
        {
            _checksum = Crc32.HashToUInt32(_text.AsSpan(0, _length));
            _current = true;
        }
        return _checksum;
    }

    /// <summary>The exact text the checksum covers (asks then bids), written from scratch: for diagnostics and tests.</summary>
    public static string ToChecksumString(PriceLevels asks, PriceLevels bids)
    {
        var fresh = new BookChecksum();
        fresh.Rebuild(asks, bids);
        return System.Text.Encoding.ASCII.GetString(fresh._text, 0, fresh._length);
    }

    private void Rebuild(PriceLevels asks, PriceLevels bids)
    {
        _length = 0;
        _asks.Count = 0;
        _bids.Count = 0;
        for (int i = 0; i < Math.Min(asks.Count, Levels); i++)
        {
            Insert(_asks, 0, i, asks[i], bid: false);
        }
        for (int i = 0; i < Math.Min(bids.Count, Levels); i++)
        {
            Insert(_bids, _asks.Length, i, bids[i], bid: true);
        }
        _mirrors = true;
        _current = false;
    }

    private void Insert(SideTokens side, int origin, int position, in PriceLevel level, bool bid)
    {
        Span<byte> token = stackalloc byte[MaxTokenBytesPerLevel];
        int length = Token(level, bid, token);
        int start = side.Start(position);
        Splice(origin + start, 0, token[..length]);
        for (int i = side.Count; i > position; i--)
        {
            side.Ends[i] = side.Ends[i - 1] + length;
        }
        side.Ends[position] = start + length;
        side.Count++;
    }

    private void Replace(SideTokens side, int origin, int position, in PriceLevel level, bool bid)
    {
        Span<byte> token = stackalloc byte[MaxTokenBytesPerLevel];
        int length = Token(level, bid, token);
        int start = side.Start(position);
        int delta = length - (side.Ends[position] - start);
        Splice(origin + start, side.Ends[position] - start, token[..length]);
        for (int i = position; i < side.Count; i++)
        {
            side.Ends[i] += delta;
        }
    }

    private void Remove(SideTokens side, int origin, int position)
    {
        int start = side.Start(position);
        int length = side.Ends[position] - start;
        Splice(origin + start, length, []);
        for (int i = position; i < side.Count - 1; i++)
        {
            side.Ends[i] = side.Ends[i + 1] - length;
        }
        side.Count--;
    }

    // Replaces the removed bytes at start with the inserted ones, moving the rest of the text.
    private void Splice(int start, int removed, ReadOnlySpan<byte> inserted)
    {
        int tail = _length - start - removed;
        if (inserted.Length != removed)
        {
            _text.AsSpan(start + removed, tail).CopyTo(_text.AsSpan(start + inserted.Length));
        }
        inserted.CopyTo(_text.AsSpan(start));
        _length += inserted.Length - removed;
    }

    private static int Token(in PriceLevel level, bool bid, Span<byte> destination)
    {
        int written = WriteDigits(bid ? -level.Key : level.Key, destination);
        return written + WriteDigits(level.Qty, destination[written..]);
    }

    private static int WriteDigits(long units, Span<byte> destination)
    {
        // Units are positive: the digits carry no sign, no '.', no leading zero.
        Utf8Formatter.TryFormat((ulong)units, destination, out int written);
        return written;
    }

    /// <summary>Where each of a side's top levels ends in its part of the text (an extra slot while an insert overflows).</summary>
    private sealed class SideTokens
    {
        public readonly int[] Ends = new int[Levels + 1];

        public int Count;

        /// <summary>Bytes of the side's part of the text.</summary>
        public int Length => Count == 0 ? 0 : Ends[Count - 1];

        public int Start(int position) => position == 0 ? 0 : Ends[position - 1];
    }
}
