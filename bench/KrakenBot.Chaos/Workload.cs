using KrakenBot.Connector.Trading;

namespace KrakenBot.Chaos;

/// <summary>One step of the trading workload, chosen from the seed and the step's index alone.</summary>
internal enum StepKind { RestingLimit, CrossingLimit, PostOnly, Ioc, Market }

/// <summary>
/// The seeded trading workload: step <c>i</c> is the same in every process for the same seed, so a restarted worker
/// continues where the killed one stopped. Mixes resting and crossing limits, post-only (some would cross and are
/// rejected), IOC and market orders across four pairs, plus cancels and amends of earlier orders.
/// </summary>
internal static class Workload
{
    public static readonly TradingPair[] Pairs = [new("BTC", "USD"), new("ETH", "USD"), new("SOL", "USD"), new("ETH", "BTC")];

    /// <summary>Amount range per pair, in the base asset: small against the trader's balances.</summary>
    private static readonly (decimal Min, decimal Max)[] Amounts = [(0.001m, 0.01m), (0.01m, 0.2m), (0.1m, 2m), (0.02m, 0.2m)];

    /// <summary>Where the books start; used while a live book is not ready.</summary>
    public static readonly decimal[] ReferencePrices = [60000m, 3000m, 150m, 0.05m];

    public static Random RandomFor(int seed, int step) => new(unchecked(seed * 1_000_003 + step));

    /// <summary>The order of step <paramref name="step"/>, priced around <paramref name="mid"/>.</summary>
    public static (StepKind Kind, OrderRequest Request) Order(Random random, int pairIndex, decimal mid, TradingRule rule)
    {
        var pair = Pairs[pairIndex];
        var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
        var (min, max) = Amounts[pairIndex];
        decimal amount = rule.QuantizeAmount(min + (max - min) * (decimal)random.NextDouble());
        // Away from the mid on the passive side (rests), or through it (takes).
        decimal Passive() => mid * (side == OrderSide.Buy ? 1m - Offset(random) : 1m + Offset(random));
        decimal Through() => mid * (side == OrderSide.Buy ? 1.01m : 0.99m);
        decimal Price(decimal p) => rule.QuantizePrice(p, side == OrderSide.Buy ? RoundingDirection.Down : RoundingDirection.Up);

        int roll = random.Next(100);
        return roll switch
        {
            < 40 => (StepKind.RestingLimit, OrderRequest.Limit(pair, side, amount, Price(Passive()))),
            < 55 => (StepKind.CrossingLimit, OrderRequest.Limit(pair, side, amount, Price(Through()))),
            // Post-only: mostly passive, one in four would cross and must be rejected as post-only.
            < 75 => (StepKind.PostOnly, OrderRequest.LimitMaker(pair, side, amount, Price(random.Next(4) == 0 ? Through() : Passive()))),
            < 88 => (StepKind.Ioc, OrderRequest.Limit(pair, side, amount, Price(random.Next(2) == 0 ? Through() : Passive()), TimeInForce.Ioc)),
            _ => (StepKind.Market, OrderRequest.Market(pair, side, amount)),
        };
    }

    private static decimal Offset(Random random) => 0.0002m + 0.004m * (decimal)random.NextDouble();
}
