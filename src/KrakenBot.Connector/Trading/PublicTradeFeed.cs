using KrakenBot.Connector.PaperTrade;

namespace KrakenBot.Connector.Trading;

/// <summary>
/// An exchange that passes on the public trade tape of the pairs a caller watches (a strategy's "last price").
/// Implemented by the live connector and by paper trading.
/// </summary>
public interface IPublicTradeFeed
{
    /// <summary>Starts (or joins) the public trades of <paramref name="pair"/>; prints arrive through <see cref="TradePrinted"/>.</summary>
    Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default);

    /// <summary>A public trade on a watched pair (raised on the feed's thread: keep handlers short).</summary>
    event EventHandler<PublicTrade>? TradePrinted;
}
