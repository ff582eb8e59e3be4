namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Nonces for one API key: every value is strictly greater than every value handed out before, across
/// threads and process restarts. Call <see cref="Next"/> once per attempt: a retry gets a fresh nonce.
/// </summary>
internal interface INonceSource
{
    long Next();
}
