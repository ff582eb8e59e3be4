namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Durable home of a <see cref="NonceSource"/>'s high-water mark: a value at or above every nonce ever handed out
/// for one API key. Saves must be durable before they return: a nonce is only handed out once a mark at or above it
/// was saved.
/// </summary>
internal interface INonceStore
{
    /// <summary>The saved mark, or 0 when nothing was ever saved.</summary>
    long Load();

    /// <summary>Saves a new mark (always higher than the previous one).</summary>
    void Save(long highWaterMark);

    /// <summary>
    /// A clean stop: nothing above <paramref name="lastIssued"/> was handed out, so the mark may come down from the
    /// reservation <paramref name="reservedMark"/> to it, and the next process starts from the real last value instead
    /// of one in the future (which would lock other programs on the key out until the clock caught up). Only lowers a
    /// mark that is still <paramref name="reservedMark"/>: one raised meanwhile by another source stays.
    /// The default keeps the reservation (always safe).
    /// </summary>
    void SaveLastIssued(long lastIssued, long reservedMark)
    {
    }
}
