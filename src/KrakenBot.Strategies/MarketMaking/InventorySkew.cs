namespace KrakenBot.Strategies.MarketMaking;

/// <summary>Bid and ask size factors from inventory skew, each in [0, 2] and summing to 2.</summary>
/// <param name="BidRatio">Multiplier of every buy size.</param>
/// <param name="AskRatio">Multiplier of every sell size.</param>
internal readonly record struct InventorySkewRatios(decimal BidRatio, decimal AskRatio);

/// <summary>
/// Hummingbot's inventory skew (<c>inventory_skew_calculator.pyx</c>, research §1.3), in exact decimals: with portfolio
/// value V = base × price + quote, base value B = base × price, target T = V × target, range value
/// R = min(range × price, V / 2), low = max(T − R, 0), high = T + R: below target the bid factor goes linearly from 2 (B
/// ≤ low) to 1 (B = T); above it from 1 (B = T) to 0 (B ≥ high); the ask factor is 2 − bid factor.
/// </summary>
internal static class InventorySkew
{
    /// <summary>Total size of all levels on both sides: 2 × (L × amount + L(L−1)/2 × level amount).</summary>
    public static decimal TotalOrderSize(decimal orderAmount, decimal orderLevelAmount, int orderLevels) =>
        2m * (orderLevels * orderAmount + orderLevels * (orderLevels - 1) / 2m * orderLevelAmount);

    /// <summary>The factors for <paramref name="baseAmount"/> and <paramref name="quoteAmount"/> at <paramref name="price"/>.</summary>
    /// <param name="targetBaseRatio">Target share of value in base (0.5 = 50 %).</param>
    /// <param name="baseRange">Tolerated range in base units (total order size × range multiplier).</param>
    public static InventorySkewRatios Ratios(decimal baseAmount, decimal quoteAmount, decimal price, decimal targetBaseRatio, decimal baseRange)
    {
        decimal total = baseAmount * price + quoteAmount;
        if (total <= 0 || baseRange <= 0)
        {
            return new InventorySkewRatios(0m, 0m);
        }

        decimal baseValue = baseAmount * price;
        decimal rangeValue = Math.Min(baseRange * price, total * 0.5m);
        decimal target = total * targetBaseRatio;
        decimal low = Math.Max(target - rangeValue, 0m);
        decimal high = target + rangeValue;
        decimal bid;
        if (baseValue < target)
        {
            // np.interp(B, [low, T], [0, 0.5]) then np.interp(that, [0, 0.5], [2, 1]): 2 at low, 1 at target.
            decimal left = Interpolate(baseValue, low, target, 0m, 0.5m);
            bid = Interpolate(left, 0m, 0.5m, 2m, 1m);
        }
        else
        {
            decimal right = Interpolate(baseValue, target, high, 0.5m, 1m);
            bid = Interpolate(right, 0.5m, 1m, 1m, 0m);
        }

        return new InventorySkewRatios(bid, 2m - bid);
    }

    /// <summary>numpy's <c>interp</c> for two points: clamped to the end values outside [x0, x1].</summary>
    private static decimal Interpolate(decimal x, decimal x0, decimal x1, decimal y0, decimal y1)
    {
        if (x <= x0)
        {
            return y0;
        }

        if (x >= x1)
        {
            return y1;
        }

        return y0 + (x - x0) * (y1 - y0) / (x1 - x0);
    }
}
