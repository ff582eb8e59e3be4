using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>Applies an <c>instrument</c> channel pair to the trading rule it updates.</summary>
internal static class InstrumentRules
{
    /// <summary>
    /// The rule with the instrument's tick, precisions, minimums and status; what the instrument does not carry (fees,
    /// and cost decimals or minimums it omits) is kept from <paramref name="current"/>.
    /// </summary>
    public static TradingRule Apply(TradingRule current, KrakenInstrumentPair instrument) => new(
        current.Pair,
        instrument.PriceIncrement > 0 ? instrument.PriceIncrement : current.TickSize,
        instrument.PricePrecision,
        instrument.QuantityPrecision,
        instrument.CostPrecision ?? current.CostDecimals,
        instrument.QuantityMin ?? current.MinAmount,
        instrument.CostMin ?? current.MinCost,
        KrakenTradingRules.StatusOf(instrument.Status),
        current.TakerFees,
        current.MakerFees);

    /// <summary>True when a user of the rule would see a difference.</summary>
    public static bool Differs(TradingRule a, TradingRule b) =>
        a.TickSize != b.TickSize || a.PriceDecimals != b.PriceDecimals || a.AmountDecimals != b.AmountDecimals
        || a.CostDecimals != b.CostDecimals || a.MinAmount != b.MinAmount || a.MinCost != b.MinCost || a.Status != b.Status;
}
