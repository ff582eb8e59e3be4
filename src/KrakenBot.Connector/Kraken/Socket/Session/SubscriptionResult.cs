using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>Outcome of a subscribe call, per symbol: some may be live while others were refused.</summary>
internal sealed class SubscriptionResult
{
    internal SubscriptionResult(IReadOnlyList<string> subscribed, IReadOnlyDictionary<string, ExchangeException> failed)
    {
        Subscribed = subscribed;
        Failed = failed;
    }

    /// <summary>Symbols Kraken confirmed (for channels without symbols: one empty string).</summary>
    public IReadOnlyList<string> Subscribed { get; }

    /// <summary>Symbols that are not subscribed, with the reason (refused by Kraken, or no answer in time).</summary>
    public IReadOnlyDictionary<string, ExchangeException> Failed { get; }

    /// <summary>True when every symbol is subscribed.</summary>
    public bool IsSuccess => Failed.Count == 0;

    /// <summary>Throws the first failure, if any (for callers that want all-or-nothing).</summary>
    public void ThrowIfAnyFailed()
    {
        foreach (var failure in Failed.Values)
            throw failure;
    }
}
