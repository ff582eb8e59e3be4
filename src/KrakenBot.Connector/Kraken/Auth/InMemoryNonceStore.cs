namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// A nonce store that lives as long as the process: for tests and throw-away keys. After a restart nonces start again
/// from the clock, so a clock that stepped back would make Kraken refuse them; use <see cref="FileNonceStore"/> for
/// a real key.
/// </summary>
internal sealed class InMemoryNonceStore : INonceStore
{
    private long _mark;
    private int _saveCount;

    /// <summary>Creates a store holding <paramref name="initialMark"/>.</summary>
    public InMemoryNonceStore(long initialMark = 0) => _mark = initialMark;

    /// <summary>How many times <see cref="Save"/> was called.</summary>
    public int SaveCount => Volatile.Read(ref _saveCount);

    /// <inheritdoc />
    public long Load() => Interlocked.Read(ref _mark);

    /// <inheritdoc />
    /// <inheritdoc />
    public void SaveLastIssued(long lastIssued, long reservedMark) =>
        Interlocked.CompareExchange(ref _mark, lastIssued, reservedMark);

    public void Save(long highWaterMark)
    {
        Interlocked.Exchange(ref _mark, highWaterMark);
        Interlocked.Increment(ref _saveCount);
    }
}
