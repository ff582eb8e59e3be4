namespace KrakenBot.Backtest.Recording;

/// <summary>One pair of a recording: its WebSocket v2 symbol and the precisions its book checksum needs.</summary>
/// <param name="Symbol">The v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="PricePrecision">Decimals of prices in the book.</param>
/// <param name="QuantityPrecision">Decimals of quantities in the book.</param>
public sealed record RecordedPair(string Symbol, int PricePrecision, int QuantityPrecision);
