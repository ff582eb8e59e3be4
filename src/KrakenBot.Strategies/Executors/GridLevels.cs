using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Executors;

/// <summary>A grid level: its entry price and the quote it trades.</summary>
/// <param name="Number">1 = the lowest.</param>
/// <param name="Price">Entry price.</param>
/// <param name="AmountQuote">Quote it trades.</param>
/// <param name="TakeProfitPrice">Where its position is sold (buy grid) or bought back (sell grid).</param>
public sealed record GridLevel(int Number, decimal Price, decimal AmountQuote, decimal TakeProfitPrice);

/// <summary>How a grid's levels are laid out (Hummingbot's rule).</summary>
internal static class GridLevels
{
    /// <summary>
    /// Levels evenly spaced from start to end: as many as both the spacing (no closer than
    /// <see cref="GridExecutorConfig.MinSpreadBetweenOrders"/> × <paramref name="mid"/>) and the budget (no level under
    /// <see cref="GridExecutorConfig.MinOrderAmountQuote"/>, nor under the pair's minimum cost + 5 %) allow, at least one,
    /// the budget shared evenly. Prices on the tick (buys down, sells up).
    /// </summary>
    public static IReadOnlyList<GridLevel> Compute(GridExecutorConfig config, TradingRule rule, decimal mid)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(rule);
        decimal range = config.EndPrice - config.StartPrice;
        decimal minStep = mid * config.MinSpreadBetweenOrders;
        int bySpacing = range == 0 ? 1 : (int)decimal.Floor(range / minStep) + 1;
        decimal minQuote = Math.Max(config.MinOrderAmountQuote, (rule.MinCost ?? 0m) * 1.05m);
        int byBudget = (int)decimal.Floor(config.TotalAmountQuote / minQuote);
        int count = Math.Max(1, Math.Min(bySpacing, byBudget));
        decimal step = count == 1 ? range : range / (count - 1);
        decimal quote = config.TotalAmountQuote / count;
        var direction = config.Side == OrderSide.Buy ? RoundingDirection.Down : RoundingDirection.Up;
        var levels = new List<GridLevel>(count);
        for (int i = 0; i < count; i++)
        {
            decimal price = rule.QuantizePrice(config.StartPrice + step * i, direction);
            decimal gain = config.TakeProfit is { } tp ? price * tp : step == 0 ? price * config.MinSpreadBetweenOrders : step;
            decimal takeProfit = config.Side == OrderSide.Buy
                ? rule.QuantizePrice(price + gain, RoundingDirection.Up)
                : rule.QuantizePrice(price - gain, RoundingDirection.Down);
            levels.Add(new GridLevel(i + 1, price, quote, takeProfit));
        }

        return levels;
    }
}
