using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>
/// Prices a triangle cycle on the books: pure code, no exchange. Each leg takes liquidity level by level (an amount
/// the top of the book alone could not fill is priced on the levels below), pays its taker fee in the quote asset (a
/// buy spends cost × (1 + fee), a sell brings cost × (1 − fee), as Kraken charges by default), cuts its base amount
/// down to the lot decimals and must meet the market's minimum amount and cost. What one leg brings is what the next
/// one spends. The edge is what comes back in the start asset less what the first leg spent.
/// </summary>
/// <remarks>Kraken rounds each fee to the quote's decimals; the detector does not, so a realized edge can differ by
/// those roundings (a fraction of a cent per leg).</remarks>
internal static class CycleDetector
{
    /// <summary>Prices <paramref name="cycle"/> for <paramref name="startAmount"/> of its start asset.</summary>
    /// <param name="cycle">The cycle.</param>
    /// <param name="markets">The three markets, by pair.</param>
    /// <param name="startAmount">How much of the start asset the cycle may spend (fee included).</param>
    /// <exception cref="KeyNotFoundException">A leg's market is missing from <paramref name="markets"/>.</exception>
    public static CycleQuote Evaluate(TriangleCycle cycle, IReadOnlyDictionary<TradingPair, LegMarket> markets, decimal startAmount)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(markets);
        var legs = new List<LegPlan>(3);
        decimal input = startAmount;
        foreach (var leg in cycle.Legs)
        {
            var market = markets[leg.Pair];
            var (plan, problem) = PriceLeg(leg, market, input);
            if (plan is null)
            {
                return new CycleQuote(cycle, legs, legs.Count > 0 ? legs[0].Spend : 0m, 0m, $"{leg}: {problem}");
            }

            legs.Add(plan);
            input = plan.Receive;
        }

        return new CycleQuote(cycle, legs, legs[0].Spend, legs[^1].Receive, null);
    }

    /// <summary>Both directions priced, the better first (a cycle that can be fired before one that cannot).</summary>
    public static IReadOnlyList<CycleQuote> EvaluateAll(IEnumerable<TriangleCycle> cycles, IReadOnlyDictionary<TradingPair, LegMarket> markets,
        decimal startAmount)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        return [.. cycles.Select(c => Evaluate(c, markets, startAmount)).OrderByDescending(q => q.IsExecutable).ThenByDescending(q => q.EdgeBps)];
    }

    /// <summary>
    /// Prices one leg that may spend <paramref name="input"/> of its <see cref="CycleLeg.From"/> asset: a sell takes that
    /// amount (on the lot grid) from the bids; a buy spends at most that, fee included, on the asks.
    /// </summary>
    public static (LegPlan? Plan, string? Problem) PriceLeg(CycleLeg leg, LegMarket market, decimal input)
    {
        ArgumentNullException.ThrowIfNull(leg);
        ArgumentNullException.ThrowIfNull(market);
        if (!market.Tradable)
        {
            return (null, "the market takes no orders now (status or book not ready)");
        }

        Walk? walk;
        if (leg.Side == OrderSide.Buy)
        {
            walk = BookWalk.SpendQuote(market.Asks, input / (1m + market.TakerFee), market.AmountDecimals);
        }
        else
        {
            decimal amount = market.Quantize(input);
            walk = amount > 0 ? BookWalk.TakeBase(market.Bids, amount) : null;
        }

        if (walk is not { } w || w.Amount <= 0)
        {
            return (null, input <= 0 ? "nothing to spend" : "the visible depth is too thin for the amount");
        }

        if (w.Amount < market.MinAmount)
        {
            return (null, FormattableString.Invariant($"{w.Amount} {leg.Pair.Base} is under the minimum order of {market.MinAmount}"));
        }

        if (market.MinCost is { } minCost && w.Cost < minCost)
        {
            return (null, FormattableString.Invariant($"a cost of {w.Cost} {leg.Pair.Quote} is under the minimum of {minCost}"));
        }

        decimal fee = w.Cost * market.TakerFee;
        return leg.Side == OrderSide.Buy
            ? (new LegPlan(leg, w.Amount, w.WorstPrice, w.AveragePrice, w.Cost + fee, w.Amount), null)
            : (new LegPlan(leg, w.Amount, w.WorstPrice, w.AveragePrice, w.Amount, w.Cost - fee), null);
    }
}
