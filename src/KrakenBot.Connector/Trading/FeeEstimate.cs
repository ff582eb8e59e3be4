namespace KrakenBot.Connector.Trading;

/// <summary>The fees the account pays on a pair now, in percent of the trade's cost.</summary>
/// <param name="ThirtyDayVolume">The account's 30-day volume the tier was read from.</param>
public sealed record FeeEstimate(TradingPair Pair, decimal MakerPercent, decimal TakerPercent, decimal ThirtyDayVolume);
