using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>Turns an AssetPairs entry into an exchange-agnostic <see cref="TradingRule"/>.</summary>
internal static class KrakenTradingRules
{
    internal static TradingRule From(KrakenPair source, TradingPair pair)
    {
        // Kraken documents tick_size as the price step; older entries lack it, and then pair_decimals sets the grid.
        decimal tick = source.TickSize is > 0 ? source.TickSize.Value : new decimal(1, 0, 0, false, (byte)source.PairDecimals);
        return new TradingRule(
            pair,
            tick,
            source.PairDecimals,
            source.LotDecimals,
            source.CostDecimals,
            source.OrderMin,
            source.CostMin,
            StatusOf(source.Status),
            ScheduleOf(source.TakerFees),
            ScheduleOf(source.MakerFees));
    }

    public static MarketStatus StatusOf(string status) => status?.ToLowerInvariant() switch
    {
        "online" => MarketStatus.Online,
        "cancel_only" => MarketStatus.CancelOnly,
        "post_only" => MarketStatus.PostOnly,
        "limit_only" => MarketStatus.LimitOnly,
        "reduce_only" => MarketStatus.ReduceOnly,
        _ => MarketStatus.Unknown,
    };

    private static FeeSchedule ScheduleOf(IReadOnlyList<FeeTier>? tiers)
    {
        if (tiers is null || tiers.Count == 0)
        {
            return FeeSchedule.Empty;
        }

        var steps = new FeeStep[tiers.Count];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = new FeeStep(tiers[i].Volume, tiers[i].Percent);
        }

        return new FeeSchedule(steps);
    }
}
