namespace KrakenBot.Connector.Streams;

/// <summary>
/// One entry of a market-data stream (<c>ReadAllAsync</c> of the trade, ticker and candle feeds): an item, or the
/// overflow signal of a reader that fell too far behind.
/// </summary>
/// <remarks>
/// Every reader has its own buffer of a configured size (<c>SocketSessionOptions.FeedCapacityPerReader</c>). A reader
/// that falls further behind misses items, and is told so in-band: one entry with <see cref="IsOverflow"/> set and
/// <see cref="Missed"/> saying how many, exactly where they were; the items after it are the ones published since.
/// Recover by re-reading state (the latest ticker, recent trades or candles over REST), then keep reading. Nothing is
/// dropped silently, and a slow reader never slows the feed or other readers.
/// </remarks>
/// <typeparam name="T">The feed's item type.</typeparam>
internal readonly struct FeedItem<T> : IEquatable<FeedItem<T>>
{
    private readonly T _value;

    private FeedItem(T value, long missed)
    {
        _value = value;
        Missed = missed;
    }

    /// <summary>How many items this reader missed here; 0 for an ordinary item.</summary>
    public long Missed { get; }

    /// <summary>True when this entry is the overflow signal rather than an item.</summary>
    public bool IsOverflow => Missed > 0;

    /// <summary>The item.</summary>
    /// <exception cref="InvalidOperationException">This entry is the overflow signal (check <see cref="IsOverflow"/> first).</exception>
    public T Value => IsOverflow
        ? throw new InvalidOperationException($"This feed entry is an overflow signal ({Missed} items missed), not an item: check IsOverflow first.")
        : _value;

    /// <summary>An ordinary item.</summary>
    public static FeedItem<T> Of(T value) => new(value, 0);

    /// <summary>The signal that <paramref name="missed"/> items were missed.</summary>
    public static FeedItem<T> Overflow(long missed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(missed);
        return new FeedItem<T>(default!, missed);
    }

    /// <inheritdoc />
    public bool Equals(FeedItem<T> other) => Missed == other.Missed && EqualityComparer<T>.Default.Equals(_value, other._value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FeedItem<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_value, Missed);

    /// <inheritdoc />
    public override string ToString() => IsOverflow ? $"overflow: {Missed} missed" : $"{_value}";

    /// <summary>Equal entries.</summary>
    public static bool operator ==(FeedItem<T> left, FeedItem<T> right) => left.Equals(right);

    /// <summary>Different entries.</summary>
    public static bool operator !=(FeedItem<T> left, FeedItem<T> right) => !left.Equals(right);
}
