using System.Runtime.CompilerServices;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>One price level in scaled-integer form (see <see cref="ScaledDecimal"/>).</summary>
/// <param name="Key">The price for asks, minus the price for bids: both sides then sort ascending, best first.</param>
/// <param name="Qty">Quantity in units of 10^-qty precision; never zero inside a book.</param>
internal readonly record struct PriceLevel(long Key, long Qty);

/// <summary>
/// One side of a book: levels sorted by <see cref="PriceLevel.Key"/> ascending (best first), found by binary search.
/// The live levels sit in the middle of a larger array with free room at both ends, so an insert or delete shifts
/// whichever part is shorter: changes near the touch (most of them) move a few levels, and dropping the worst levels
/// when truncating to depth moves nothing. Single writer; readers go through <see cref="OrderBook"/>'s sequence lock.
/// </summary>
internal sealed class PriceLevels
{
    private PriceLevel[] _levels;
    private int _start;
    private int _count;

    public PriceLevels(int depth)
    {
        int room = Math.Max(depth, 32);
        _levels = new PriceLevel[depth + 2 * room];
        _start = room;
    }

    public int Count => _count;

    /// <summary>The backing array and live range, for readers that copy under the sequence lock.</summary>
    public PriceLevel[] Array => _levels;

    public int Start => _start;

    public ref readonly PriceLevel this[int index] => ref _levels[_start + index];

    public void Clear()
    {
        _count = 0;
        _start = (_levels.Length - _count) / 2;
    }

    /// <summary>Sets, inserts or (when <paramref name="qty"/> is 0) deletes the level at <paramref name="key"/>.</summary>
    /// <param name="key">The level's key.</param>
    /// <param name="qty">The new quantity; 0 deletes.</param>
    /// <param name="change">What happened at the returned position.</param>
    /// <returns>The position (0 = best) the change happened at, or -1 when a delete found no such level.</returns>
    public int Set(long key, long qty, out LevelChange change)
    {
        int index = Find(key, out bool found);
        if (found)
        {
            if (qty == 0)
            {
                RemoveAt(index);
                change = LevelChange.Removed;
            }
            else
            {
                _levels[_start + index] = new PriceLevel(key, qty);
                change = LevelChange.Updated;
            }
            return index;
        }
        if (qty == 0)
        {
            change = LevelChange.None;
            return -1;
        }
        InsertAt(index, new PriceLevel(key, qty));
        change = LevelChange.Inserted;
        return index;
    }

    /// <summary>Drops the worst levels beyond <paramref name="depth"/> (Kraken sends no deletes for them).</summary>
    public void Truncate(int depth)
    {
        if (_count > depth)
        {
            _count = depth;
        }
    }

    /// <summary>Position of <paramref name="key"/>, or where it would be inserted.</summary>
    /// <remarks>
    /// Branch-free halving (the comparison selects the next start with a conditional move): changes fall anywhere in the
    /// book, so the branches of a classic binary search were mispredicted about every other step.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Find(long key, out bool found)
    {
        PriceLevel[] levels = _levels;
        int end = _start + _count;
        int lo = _start;
        int length = _count;
        while (length > 1)
        {
            int half = length >> 1;
            lo = levels[lo + half - 1].Key < key ? lo + half : lo;
            length -= half;
        }
        if (length == 1 && levels[lo].Key < key)
        {
            lo++;
        }
        found = lo < end && levels[lo].Key == key;
        return lo - _start;
    }

    private void InsertAt(int index, PriceLevel level)
    {
        int before = index;
        int after = _count - index;
        if (_count + 2 > _levels.Length)
        {
            Grow();
        }
        if (before <= after ? _start == 0 : _start + _count == _levels.Length)
        {
            Recenter();
        }
        Span<PriceLevel> levels = _levels;
        if (before <= after)
        {
            levels.Slice(_start, before).CopyTo(levels.Slice(_start - 1, before));
            _start--;
        }
        else
        {
            levels.Slice(_start + index, after).CopyTo(levels.Slice(_start + index + 1, after));
        }
        levels[_start + index] = level;
        _count++;
    }

    private void RemoveAt(int index)
    {
        int before = index;
        int after = _count - index - 1;
        Span<PriceLevel> levels = _levels;
        if (before <= after)
        {
            levels.Slice(_start, before).CopyTo(levels.Slice(_start + 1, before));
            _start++;
        }
        else
        {
            levels.Slice(_start + index + 1, after).CopyTo(levels.Slice(_start + index, after));
        }
        _count--;
    }

    /// <summary>Moves the live levels back to the middle so both ends have room again (amortised: rare).</summary>
    private void Recenter()
    {
        int newStart = (_levels.Length - _count) / 2;
        _levels.AsSpan(_start, _count).CopyTo(_levels.AsSpan(newStart, _count));
        _start = newStart;
    }

    /// <summary>
    /// Only when one message inserts far more levels than the depth before truncation: allocation here is not steady state.
    /// </summary>
    private void Grow()
    {
        var larger = new PriceLevel[_levels.Length * 2];
        int newStart = (larger.Length - _count) / 2;
        _levels.AsSpan(_start, _count).CopyTo(larger.AsSpan(newStart, _count));
        _levels = larger;
        _start = newStart;
    }
}
