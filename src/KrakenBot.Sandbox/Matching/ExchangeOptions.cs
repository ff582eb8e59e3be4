namespace KrakenBot.Sandbox.Matching;

/// <summary>Engine settings that Kraken does not publish and the sandbox therefore chooses.</summary>
internal sealed record ExchangeOptions
{
    /// <summary>A market order never trades further than this percent from the best price at arrival (unless <c>nompp</c>).</summary>
    public decimal MarketPriceProtectionPercent { get; init; } = 1m;

    /// <summary>How often GTD orders are checked for expiry.</summary>
    public TimeSpan ExpirySweepPeriod { get; init; } = TimeSpan.FromSeconds(1);
}
