namespace UserStrategies.Pricing;

/// <summary>Prices a bid some basis points under a reference; the strategy's own dependency.</summary>
public static class BidPricer
{
    public const string Kind = "priced_by_dependency";

    public static decimal Below(decimal reference, decimal bps) => reference * (1 - bps / 10_000m);
}
