using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Tests.Catalog;
using KrakenBot.Connector.Trading;
using Xunit;

namespace KrakenBot.Connector.Tests.MarketData;

public sealed class InstrumentRulesTests
{
    private static readonly TradingRule AssetPairsRule = KrakenExampleMarkets.Catalog().GetPair("XBTUSD").Rule;

    [Fact]
    public void Instrument_values_replace_the_AssetPairs_ones_and_fees_are_kept()
    {
        var instrument = new KrakenInstrumentPair("BTC/USD", "BTC", "USD", "limit_only", 2, 0.05m, 6, 0.000001m, 0.001m, 4, 2m, true, true);

        TradingRule rule = InstrumentRules.Apply(AssetPairsRule, instrument);

        Assert.Equal((0.05m, 2, 6, 4, 0.001m, 2m, MarketStatus.LimitOnly),
            (rule.TickSize, rule.PriceDecimals, rule.AmountDecimals, rule.CostDecimals, rule.MinAmount, rule.MinCost, rule.Status));
        Assert.Same(AssetPairsRule.TakerFees, rule.TakerFees);
        Assert.Same(AssetPairsRule.MakerFees, rule.MakerFees);
        Assert.True(InstrumentRules.Differs(AssetPairsRule, rule));
    }

    [Fact]
    public void What_the_instrument_omits_is_kept_and_an_unchanged_rule_does_not_differ()
    {
        var instrument = new KrakenInstrumentPair("BTC/USD", "BTC", "USD", "online", AssetPairsRule.PriceDecimals, AssetPairsRule.TickSize,
            AssetPairsRule.AmountDecimals, 0.00000001m, null, null, null, true, true);

        TradingRule rule = InstrumentRules.Apply(AssetPairsRule, instrument);

        Assert.Equal(AssetPairsRule.MinAmount, rule.MinAmount);
        Assert.Equal(AssetPairsRule.MinCost, rule.MinCost);
        Assert.Equal(AssetPairsRule.CostDecimals, rule.CostDecimals);
        Assert.False(InstrumentRules.Differs(AssetPairsRule, rule));
    }

    [Fact]
    public void Statuses_a_spot_trader_cannot_use_become_unknown()
    {
        var instrument = new KrakenInstrumentPair("BTC/USD", "BTC", "USD", "maintenance", 1, 0.1m, 8, 0.00000001m, null, null, null, true, true);
        Assert.Equal(MarketStatus.Unknown, InstrumentRules.Apply(AssetPairsRule, instrument).Status);
    }
}
