namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// A market-wide state of the order-flow model: how much faster prices move, traders arrive and quotes widen than in
/// the preset's baseline, and how long the state lasts on average before the market moves to another.
/// </summary>
/// <param name="Name">e.g. <c>quiet</c>, <c>active</c>, <c>turbulent</c>.</param>
/// <param name="Volatility">Multiplies the fair price's volatility.</param>
/// <param name="Activity">Multiplies taker arrivals and sweeps.</param>
/// <param name="Spread">Multiplies the quotes' distance from the fair price (spread and level gaps).</param>
/// <param name="Depth">Multiplies the size quoted at each level.</param>
/// <param name="MeanDuration">Average time spent in the regime (exponentially distributed).</param>
internal sealed record VolatilityRegime(string Name, double Volatility, double Activity, double Spread, double Depth, TimeSpan MeanDuration)
{
    public static readonly VolatilityRegime Quiet = new("quiet", Volatility: 0.5, Activity: 0.6, Spread: 0.8, Depth: 1.2, TimeSpan.FromMinutes(40));
    public static readonly VolatilityRegime Active = new("active", Volatility: 1.0, Activity: 1.0, Spread: 1.0, Depth: 1.0, TimeSpan.FromMinutes(30));
    public static readonly VolatilityRegime Turbulent = new("turbulent", Volatility: 2.2, Activity: 2.0, Spread: 1.8, Depth: 0.7, TimeSpan.FromMinutes(10));

    /// <summary>Every regime, in the order presets give their weights.</summary>
    public static readonly IReadOnlyList<VolatilityRegime> All = [Quiet, Active, Turbulent];
}
