using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>Fees, holds and book arithmetic of the simulated exchange. Exact decimal arithmetic, no rounding of fees.</summary>
internal static class PaperPricing
{
    /// <summary>The fee percent on the pair for the configured 30-day volume; 0 when the rule carries no schedule.</summary>
    public static decimal FeePercent(TradingRule rule, decimal thirtyDayVolume, bool isMaker) =>
        rule.TakerFees.IsEmpty && rule.MakerFees.IsEmpty ? 0m : rule.FeePercent(thirtyDayVolume, isMaker);

    /// <summary>The fee in the quote asset for a fill of <paramref name="cost"/>.</summary>
    public static decimal Fee(decimal cost, decimal percent) => cost * percent / 100m;

    /// <summary>
    /// What an open order holds: a sell holds its unfilled base amount; a limit buy holds the unfilled amount at its
    /// limit price plus the highest fee it can pay (maker for post-only, else the larger of maker and taker); a market
    /// buy holds <paramref name="marketBuyCost"/> plus the taker fee.
    /// </summary>
    public static PaperHold HoldFor(TrackedOrder order, TradingRule rule, decimal thirtyDayVolume, decimal? marketBuyCost = null)
    {
        var request = order.Request;
        if (order.IsTerminal)
        {
            return new PaperHold(request.Side == OrderSide.Buy ? request.Pair.Quote : request.Pair.Base, 0m);
        }

        if (request.Side == OrderSide.Sell)
        {
            return new PaperHold(request.Pair.Base, order.RemainingAmount);
        }

        decimal maker = FeePercent(rule, thirtyDayVolume, isMaker: true);
        decimal taker = FeePercent(rule, thirtyDayVolume, isMaker: false);
        if (request.Price is not { } price)
        {
            decimal cost = marketBuyCost ?? 0m;
            return new PaperHold(request.Pair.Quote, cost + Fee(cost, taker));
        }

        decimal percent = request.Type == OrderType.LimitMaker ? maker : Math.Max(maker, taker);
        decimal limitCost = order.RemainingAmount * price;
        return new PaperHold(request.Pair.Quote, limitCost + Fee(limitCost, percent));
    }

    /// <summary>
    /// Cost of taking <paramref name="amount"/> from <paramref name="levels"/> (best first); what the visible levels do
    /// not cover is priced at the last one. Null when there are no levels.
    /// </summary>
    public static decimal? EstimateTakeCost(IReadOnlyList<BookLevel> levels, decimal amount)
    {
        if (levels.Count == 0)
        {
            return null;
        }

        decimal cost = 0m;
        decimal left = amount;
        foreach (var level in levels)
        {
            decimal take = Math.Min(left, level.Amount);
            cost += take * level.Price;
            left -= take;
            if (left == 0)
            {
                return cost;
            }
        }

        return cost + left * levels[^1].Price;
    }

    /// <summary>The visible amount resting at exactly <paramref name="price"/>, 0 when no level has that price.</summary>
    public static decimal VolumeAt(IReadOnlyList<BookLevel> levels, decimal price)
    {
        for (int i = 0; i < levels.Count; i++) // indexed: an interface's enumerator would be allocated per call
        {
            if (levels[i].Price == price)
            {
                return levels[i].Amount;
            }
        }

        return 0m;
    }

    /// <summary>True when an order on <paramref name="side"/> at <paramref name="price"/> would trade with <paramref name="level"/> of the other side.</summary>
    public static bool Crosses(OrderSide side, decimal price, BookLevel level) =>
        side == OrderSide.Buy ? level.Price <= price : level.Price >= price;
}
