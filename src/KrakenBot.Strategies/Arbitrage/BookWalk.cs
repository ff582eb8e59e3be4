using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>What taking an amount from one side of a book costs: level by level, not just the top of the book.</summary>
/// <param name="Amount">Base amount taken.</param>
/// <param name="Cost">Quote value of what was taken (price × amount summed over the levels), before fees.</param>
/// <param name="WorstPrice">The last level reached: a limit at this price takes exactly this walk.</param>
internal readonly record struct Walk(decimal Amount, decimal Cost, decimal WorstPrice)
{
    /// <summary>Cost ÷ amount.</summary>
    public decimal AveragePrice => Amount == 0 ? 0 : Cost / Amount;
}

/// <summary>Depth walks over a side of a book (asks for a buy, bids for a sell), best level first.</summary>
internal static class BookWalk
{
    /// <summary>Takes <paramref name="amount"/> base from <paramref name="levels"/>; null when the visible depth is smaller.</summary>
    public static Walk? TakeBase(IReadOnlyList<BookLevel> levels, decimal amount)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (amount <= 0)
        {
            return null;
        }

        decimal left = amount, cost = 0m;
        foreach (var level in levels)
        {
            decimal take = Math.Min(left, level.Amount);
            cost += take * level.Price;
            left -= take;
            if (left == 0)
            {
                return new Walk(amount, cost, level.Price);
            }
        }

        return null;
    }

    /// <summary>
    /// The most base that <paramref name="quoteBudget"/> (fees excluded) buys from <paramref name="levels"/>, cut to
    /// <paramref name="amountDecimals"/>; null when the budget is not spent before the visible depth ends, or buys nothing.
    /// </summary>
    public static Walk? SpendQuote(IReadOnlyList<BookLevel> levels, decimal quoteBudget, int amountDecimals)
    {
        ArgumentNullException.ThrowIfNull(levels);
        decimal left = quoteBudget, amount = 0m;
        foreach (var level in levels)
        {
            decimal levelCost = level.Price * level.Amount;
            if (levelCost < left)
            {
                amount += level.Amount;
                left -= levelCost;
                continue;
            }

            amount += left / level.Price;
            amount = decimal.Round(amount, amountDecimals, MidpointRounding.ToZero);
            return amount > 0 ? TakeBase(levels, amount) : null;
        }

        return null;
    }
}
