namespace KrakenBot.Sandbox.Accounts;

/// <summary>
/// An append-only list that keeps the most recent <c>capacity</c> items in memory, so a
/// long-running sandbox (or a benchmark) does not grow without bound. Older items stay in SQLite
/// when persistence is on.
/// </summary>
internal sealed class RetainedList<T>
{
    private readonly List<T> _items = [];
    private readonly int _capacity;

    public RetainedList(int capacity) => _capacity = capacity;

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    /// <summary>Adds an item; returns the items dropped to stay within capacity (usually none).</summary>
    public void Add(T item, Action<T>? onDropped = null)
    {
        _items.Add(item);
        if (_items.Count <= _capacity) return;
        // Drop the oldest quarter in one go: amortised O(1) per add.
        var drop = Math.Max(1, _capacity / 4);
        if (onDropped is not null)
            for (var i = 0; i < drop; i++) onDropped(_items[i]);
        _items.RemoveRange(0, drop);
    }
}
