namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// One side of a book: price levels in a sorted array with the best price at the end, so the
/// hot operations (touch the best level, add near the top, remove the best) are O(1) or a short
/// shift. Empty levels go back to a small pool instead of the garbage collector.
/// </summary>
internal sealed class BookSide
{
    private readonly bool _isBid;
    private PriceLevel[] _levels = new PriceLevel[64];
    private int _count;
    private readonly Stack<PriceLevel> _pool = new();

    public BookSide(bool isBid) => _isBid = isBid;

    public int LevelCount => _count;

    public PriceLevel? Best => _count == 0 ? null : _levels[_count - 1];

    /// <summary>The i-th level from the best (0 = best).</summary>
    public PriceLevel LevelFromBest(int i) => _levels[_count - 1 - i];

    /// <summary>True if <paramref name="a"/> is a better price than <paramref name="b"/> on this side.</summary>
    public bool IsBetter(decimal a, decimal b) => _isBid ? a > b : a < b;

    public PriceLevel GetOrAdd(decimal price)
    {
        var index = Find(price, out var found);
        if (found) return _levels[index];
        if (_count == _levels.Length) Array.Resize(ref _levels, _levels.Length * 2);
        if (index < _count) Array.Copy(_levels, index, _levels, index + 1, _count - index);
        var level = _pool.Count > 0 ? _pool.Pop() : new PriceLevel();
        level.Reset(price);
        _levels[index] = level;
        _count++;
        return level;
    }

    public PriceLevel? Get(decimal price)
    {
        var index = Find(price, out var found);
        return found ? _levels[index] : null;
    }

    public void Remove(PriceLevel level)
    {
        int index;
        if (_count > 0 && ReferenceEquals(_levels[_count - 1], level)) index = _count - 1;
        else
        {
            index = Find(level.Price, out var found);
            if (!found) return;
        }
        _count--;
        if (index < _count) Array.Copy(_levels, index + 1, _levels, index, _count - index);
        _levels[_count] = null!;
        if (_pool.Count < 1024) _pool.Push(level);
    }

    /// <summary>
    /// Binary search in "worse to better" order: bids ascending, asks descending.
    /// Returns the index of the level or the insertion point.
    /// </summary>
    private int Find(decimal price, out bool found)
    {
        int lo = 0, hi = _count - 1;
        // Fast path: most activity is at or next to the top of the book.
        if (_count > 0)
        {
            var best = _levels[_count - 1].Price;
            if (best == price) { found = true; return _count - 1; }
            if (IsBetter(price, best)) { found = false; return _count; }
        }
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var p = _levels[mid].Price;
            if (p == price) { found = true; return mid; }
            if (IsBetter(price, p)) lo = mid + 1; else hi = mid - 1;
        }
        found = false;
        return lo;
    }
}
