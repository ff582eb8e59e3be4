using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// The market a paper account trades against: books, public trades and trading rules. The live adapter reads Kraken's
/// public feeds (or the sandbox's); tests script them. No credentials are involved.
/// </summary>
internal interface IPaperMarketData
{
    /// <summary>Trading rules of every tradable pair, kept current (the same rules the live connector validates with).</summary>
    IReadOnlyList<TradingRule> TradingRules { get; }

    /// <summary>Starts (or joins) the book of a pair and returns its live view.</summary>
    Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth, CancellationToken cancellationToken = default);

    /// <summary>Starts (or joins) the public trade stream of a pair; prints arrive through <see cref="TradePrinted"/>.</summary>
    Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default);

    /// <summary>A public trade on a watched pair (raised on the feed's thread: handlers must be short).</summary>
    event EventHandler<PublicTrade>? TradePrinted;
}

/// <summary>One trade printed on the public tape.</summary>
/// <param name="Pair">The market.</param>
/// <param name="Price">Execution price in the quote asset.</param>
/// <param name="Amount">Executed base amount.</param>
/// <param name="TakerSide">The side of the order that took liquidity (a <c>Sell</c> hit the bids).</param>
/// <param name="Time">When the exchange executed it.</param>
/// <param name="TradeId">The exchange's trade id.</param>
public sealed record PublicTrade(TradingPair Pair, decimal Price, decimal Amount, OrderSide TakerSide, DateTimeOffset Time,
    string TradeId);
