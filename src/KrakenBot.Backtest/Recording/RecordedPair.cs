using System.Text.Json.Serialization;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Backtest.Recording;

/// <summary>One pair of a recording: its WebSocket v2 symbol, the precisions its book checksum needs, and its trading rule.</summary>
/// <param name="Symbol">The v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="PricePrecision">Decimals of prices in the book.</param>
/// <param name="QuantityPrecision">Decimals of quantities in the book.</param>
public sealed record RecordedPair(string Symbol, int PricePrecision, int QuantityPrecision)
{
    /// <summary>The pair's trading rule when recorded (so a replay validates orders as Kraken did then); null in recordings without it.</summary>
    [JsonPropertyName("rule")]
    public RecordedRule? Rule { get; init; }
}

/// <summary>A pair's trading rule as recorded (fees are the backtest's choice, not part of the recording).</summary>
/// <param name="Pair">KrakenBot's name of the pair, e.g. <c>BTC-USD</c>.</param>
/// <param name="TickSize">Smallest price step.</param>
/// <param name="PriceDecimals">Decimals of prices.</param>
/// <param name="AmountDecimals">Decimals of amounts.</param>
/// <param name="CostDecimals">Decimals of costs.</param>
/// <param name="MinAmount">Smallest order amount.</param>
/// <param name="MinCost">Smallest order cost, if any.</param>
public sealed record RecordedRule(string Pair, decimal TickSize, int PriceDecimals, int AmountDecimals, int CostDecimals, decimal MinAmount,
    decimal? MinCost)
{
    /// <summary>The rule as recorded.</summary>
    public static RecordedRule From(TradingRule rule) =>
        new(rule.Pair.ToString(), rule.TickSize, rule.PriceDecimals, rule.AmountDecimals, rule.CostDecimals, rule.MinAmount, rule.MinCost);

    /// <summary>A trading rule with these figures and flat maker/taker fees (percent).</summary>
    public TradingRule ToTradingRule(decimal makerFeePercent, decimal takerFeePercent) =>
        new(TradingPair.Parse(Pair), TickSize, PriceDecimals, AmountDecimals, CostDecimals, MinAmount, MinCost, MarketStatus.Online,
            new FeeSchedule([new FeeStep(0m, takerFeePercent)]), new FeeSchedule([new FeeStep(0m, makerFeePercent)]));
}
