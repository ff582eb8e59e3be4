using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>What <see cref="PaperMatcher"/> reads from the exchange around it: rules, exact books, arrival order, expiry timers.</summary>
internal interface IPaperVenue
{
    /// <summary>The pair's trading rule, or null when the pair is not traded.</summary>
    TradingRule? TryGetRule(TradingPair pair);

    /// <summary>The pair's book when it is being watched and exact now; otherwise null.</summary>
    IOrderBookView? ReadyBook(TradingPair pair);

    /// <summary>The next arrival number: lower is older and fills first among our orders at one price.</summary>
    long NextPriority();

    /// <summary>Expires a good-till-date order at <paramref name="expiry"/> (on the work loop).</summary>
    void ArmExpiry(string clientOrderId, DateTimeOffset expiry);
}
