namespace KrakenBot.Connector.Storage;

/// <summary>
/// The last trade seen on the exchange: reconciliation asks the exchange for trades after it. Only moves forward in
/// time (<see cref="AccountJournal.AdvanceTradeCursorAsync"/> ignores an older one).
/// </summary>
/// <param name="TradeId">The exchange's trade id.</param>
/// <param name="Time">When that trade executed.</param>
internal sealed record TradeCursor(string TradeId, DateTimeOffset Time);
