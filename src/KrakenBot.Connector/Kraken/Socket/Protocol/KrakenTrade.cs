namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>Side of the taker in a public trade.</summary>
internal enum TradeSide
{
    /// <summary>The taker bought.</summary>
    Buy,
    /// <summary>The taker sold.</summary>
    Sell,
}

/// <summary>Order type of the taker in a public trade.</summary>
internal enum TradeOrderType
{
    /// <summary>Not sent or not recognised.</summary>
    Unknown,
    /// <summary>A limit order took liquidity.</summary>
    Limit,
    /// <summary>A market order took liquidity.</summary>
    Market,
}

/// <summary>One public trade from the <c>trade</c> channel.</summary>
/// <param name="Symbol">v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="Side">Taker side.</param>
/// <param name="Price">Price exactly as sent.</param>
/// <param name="Quantity">Base quantity exactly as sent.</param>
/// <param name="OrderType">Taker order type.</param>
/// <param name="TradeId">Kraken's trade id: a sequence per book, so gaps and repeats can be detected.</param>
/// <param name="Timestamp">Match time.</param>
/// <param name="IsSnapshot">True for the recent trades sent right after subscribing, false for live trades.</param>
internal readonly record struct KrakenTrade(
    string Symbol,
    TradeSide Side,
    decimal Price,
    decimal Quantity,
    TradeOrderType OrderType,
    long TradeId,
    DateTimeOffset Timestamp,
    bool IsSnapshot);
