using KrakenBot.Sandbox.Market.Flow;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market;

/// <summary>
/// The named markets the sandbox can run (<see cref="SandboxOptions.Market"/>, <c>--market</c>). <c>classic</c> is the
/// original simple market (a thin ladder around a random walk near 60,000 USD); the others run the seeded order-flow
/// model at today's prices, from a quiet to a turbulent BTC/USD market.
/// </summary>
public static class MarketPresets
{
    /// <summary>The original market: five 0.01 BTC levels a side, 20-50 USD spread, small market orders.</summary>
    public const string Classic = "classic";
    /// <summary>A quiet market: tight spread, deep book, few takers, rare small sweeps.</summary>
    public const string Calm = "calm";
    /// <summary>A typical BTC/USD day: a dollar or two of spread, several BTC within 0.1 %, a sweep every few minutes.</summary>
    public const string Normal = "normal";
    /// <summary>A turbulent market: wider spread, thinner book, busy takers, frequent large sweeps.</summary>
    public const string Volatile = "volatile";

    private static readonly IReadOnlyList<MarketPreset> FlowPresets =
    [
        new MarketPreset
        {
            Name = Calm,
            Description = "quiet: ~1 USD BTC spread, deep book, 0.3 takers/s, ~1.2 %/day volatility, a small sweep every ~20 min",
            HalfSpreadBps = 0.05, LevelGapBps = 0.25, LevelUsd = 8_000, VolatilityBpsPerSqrtSecond = 0.4,
            TakersPerSecond = 0.3, TakerMedianUsd = 400, TakerSizeSigma = 1.1,
            SweepsPerHour = 3, SweepMinBps = 4, SweepMaxBps = 10,
            RegimeWeights = [0.6, 0.38, 0.02],
        },
        new MarketPreset
        {
            Name = Normal,
            Description = "typical: ~1-3 USD BTC spread, several BTC within 0.1 %, 0.7 takers/s, ~2.5 %/day volatility, a sweep every ~5 min",
            HalfSpreadBps = 0.08, LevelGapBps = 0.35, LevelUsd = 9_000, VolatilityBpsPerSqrtSecond = 0.85,
            TakersPerSecond = 0.7, TakerMedianUsd = 600, TakerSizeSigma = 1.3,
            SweepsPerHour = 12, SweepMinBps = 6, SweepMaxBps = 20,
            RegimeWeights = [0.3, 0.55, 0.15],
        },
        new MarketPreset
        {
            Name = Volatile,
            Description = "turbulent: ~4-9 USD BTC spread, thinner book, 1.8 takers/s, ~6 %/day volatility, a large sweep every minute",
            HalfSpreadBps = 0.25, LevelGapBps = 0.8, LevelUsd = 6_000, LevelGrowth = 0.12, VolatilityBpsPerSqrtSecond = 2.0,
            TakersPerSecond = 1.8, TakerMedianUsd = 900, TakerSizeSigma = 1.5,
            SweepsPerHour = 60, SweepMinBps = 10, SweepMaxBps = 30,
            RegimeWeights = [0.1, 0.4, 0.5],
        },
    ];

    /// <summary>Every preset name, <c>classic</c> first.</summary>
    public static IReadOnlyList<string> Names { get; } = [Classic, .. FlowPresets.Select(p => p.Name)];

    /// <summary>One line describing <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static string Describe(string name) => name == Classic
        ? "the original market: five 0.01 BTC levels a side around ~60,000 USD, 20-50 USD spread"
        : Find(name).Description;

    internal static bool IsKnown(string? name) => name is not null && Names.Contains(name, StringComparer.Ordinal);

    internal static MarketPreset Find(string name) =>
        FlowPresets.FirstOrDefault(p => p.Name == name)
        ?? throw new ArgumentException($"Unknown market preset '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The market simulation for <paramref name="name"/>, not started yet.</summary>
    internal static IMarketSimulation Create(string name, ExchangeEngine exchange, int seed, long run, TimeProvider time, TimeSpan interval) =>
        name == Classic
            ? new SyntheticMarket(exchange, seed, time, interval)
            : new OrderFlowMarket(exchange, Find(name), new FlowRandomSource(seed, run), time, interval);
}
