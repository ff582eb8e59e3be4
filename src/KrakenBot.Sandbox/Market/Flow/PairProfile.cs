namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// How one pair's market differs from BTC/USD's, the pair the presets are written for: where it starts, what its base
/// asset is worth in USD, and how its spread, depth, activity and volatility scale.
/// </summary>
internal sealed record PairProfile
{
    /// <summary>Fair price at the start of a fresh sandbox, in the pair's quote.</summary>
    public required decimal StartPrice { get; init; }
    /// <summary>USD value of one unit of the base asset, for sizes written in USD.</summary>
    public required double BaseUsd { get; init; }
    public double Spread { get; init; } = 1;
    public double Depth { get; init; } = 1;
    public double Activity { get; init; } = 1;
    public double Volatility { get; init; } = 1;
    /// <summary>Overrides the preset's reversion (a stablecoin is pulled back to its peg within minutes).</summary>
    public TimeSpan? ReversionHalfLife { get; init; }
    /// <summary>A cross pair's fair price follows two other pairs' (ETH/BTC = ETH/USD ÷ BTC/USD): their REST ids.</summary>
    public (string Base, string Quote)? DerivedFrom { get; init; }

    /// <summary>The profiles of the sandbox's pairs, by REST id; a pair not listed trades like BTC/USD at its reference price.</summary>
    public static readonly IReadOnlyDictionary<string, PairProfile> Known = new Dictionary<string, PairProfile>(StringComparer.Ordinal)
    {
        ["XXBTZUSD"] = new() { StartPrice = 95_000m, BaseUsd = 95_000 },
        ["XETHZUSD"] = new() { StartPrice = 3_500m, BaseUsd = 3_500, Spread = 1.5, Depth = 0.6, Activity = 0.7, Volatility = 1.3 },
        ["XETHXXBT"] = new()
        {
            StartPrice = 0.03684m, BaseUsd = 3_500, Spread = 4, Depth = 0.15, Activity = 0.15, Volatility = 1.3, DerivedFrom = ("XETHZUSD", "XXBTZUSD"),
        },
        ["SOLUSD"] = new() { StartPrice = 180m, BaseUsd = 180, Spread = 3, Depth = 0.3, Activity = 0.5, Volatility = 1.8 },
        ["XDGUSD"] = new() { StartPrice = 0.18m, BaseUsd = 0.18, Spread = 5, Depth = 0.2, Activity = 0.4, Volatility = 2.2 },
        ["USDTZUSD"] = new()
        {
            StartPrice = 1.0002m, BaseUsd = 1, Spread = 0.5, Depth = 2, Activity = 0.3, Volatility = 0.02, ReversionHalfLife = TimeSpan.FromMinutes(15),
        },
    };

    public static PairProfile For(PairInfo pair) =>
        Known.TryGetValue(pair.Id, out var profile) ? profile : new PairProfile { StartPrice = pair.ReferencePrice, BaseUsd = (double)pair.ReferencePrice };
}
