namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Durable home of a <see cref="NonceSource"/>'s high-water mark: a value at or above every nonce ever handed out
/// for one API key. Saves must be durable before they return: a nonce is only handed out once a mark at or above it
/// was saved.
/// </summary>
public interface INonceStore
{
    /// <summary>The saved mark, or 0 when nothing was ever saved.</summary>
    long Load();

    /// <summary>Saves a new mark (always higher than the previous one).</summary>
    void Save(long highWaterMark);
}
