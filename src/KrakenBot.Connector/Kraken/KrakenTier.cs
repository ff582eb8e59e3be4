namespace KrakenBot.Connector.Kraken;

/// <summary>
/// Kraken account verification tier. It sets the size and decay of the REST call counter and the trading
/// counter (API.md §3), so the connector must be told the real one.
/// </summary>
public enum KrakenTier
{
    /// <summary>Starter: the smallest counters.</summary>
    Starter,
    /// <summary>Intermediate.</summary>
    Intermediate,
    /// <summary>Pro: the largest counters.</summary>
    Pro,
}
