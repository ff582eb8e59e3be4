namespace KrakenBot.Connector.Trading;

/// <summary>The fees the account pays on a pair now, in percent of the trade's cost.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="MakerPercent">Fee of an order that rests on the book, in percent.</param>
/// <param name="TakerPercent">Fee of an order that takes liquidity, in percent.</param>
/// <param name="ThirtyDayVolume">The account's 30-day volume the tier was read from.</param>
public sealed record FeeEstimate(TradingPair Pair, decimal MakerPercent, decimal TakerPercent, decimal ThirtyDayVolume);
