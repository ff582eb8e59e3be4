namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>One <c>ticker</c> message entry: top of book and rolling 24 h statistics, exact decimals.</summary>
/// <param name="Symbol">v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="Bid">Best bid price.</param>
/// <param name="BidQuantity">Quantity at the best bid.</param>
/// <param name="Ask">Best ask price.</param>
/// <param name="AskQuantity">Quantity at the best ask.</param>
/// <param name="Last">Last trade price.</param>
/// <param name="Volume">24 h volume in base.</param>
/// <param name="Vwap">24 h volume-weighted average price.</param>
/// <param name="Low">24 h low.</param>
/// <param name="High">24 h high.</param>
/// <param name="Change">24 h price change.</param>
/// <param name="ChangePercent">24 h price change in percent.</param>
/// <param name="Timestamp">Time of the update, when Kraken sends it.</param>
/// <param name="IsSnapshot">True for the first message after subscribing.</param>
internal readonly record struct KrakenTicker(
    string Symbol,
    decimal Bid,
    decimal BidQuantity,
    decimal Ask,
    decimal AskQuantity,
    decimal Last,
    decimal Volume,
    decimal Vwap,
    decimal Low,
    decimal High,
    decimal Change,
    decimal ChangePercent,
    DateTimeOffset? Timestamp,
    bool IsSnapshot);
