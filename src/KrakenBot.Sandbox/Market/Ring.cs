namespace KrakenBot.Sandbox.Market;

/// <summary>A fixed-capacity ring that keeps the newest items; index 0 is the oldest kept.</summary>
internal sealed class Ring<T>
{
    private readonly T[] _items;
    private int _start;

    public Ring(int capacity) => _items = new T[capacity];

    public int Count { get; private set; }

    public ref T this[int index] => ref _items[(_start + index) % _items.Length];

    public ref T Last => ref this[Count - 1];

    public void Add(T item)
    {
        if (Count < _items.Length) { _items[(_start + Count) % _items.Length] = item; Count++; return; }
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }
}
