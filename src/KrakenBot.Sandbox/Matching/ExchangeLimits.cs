using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Sandbox.Matching;

/// <summary>Fixed limits of the exchange (Kraken's published numbers where there are any).</summary>
internal static class ExchangeLimits
{
    /// <summary>Closed orders kept in memory per account (older ones live on in SQLite).</summary>
    public const int RetainedClosedOrders = 20_000;

    /// <summary>Trades kept in memory per account.</summary>
    public const int RetainedTrades = 20_000;

    /// <summary>Kraken's open-order limit per pair by tier (support article 209090607).</summary>
    public static int OpenOrdersPerPair(AccountTier tier) => tier switch
    {
        AccountTier.Starter => 60,
        AccountTier.Intermediate => 80,
        _ => 225,
    };
}
