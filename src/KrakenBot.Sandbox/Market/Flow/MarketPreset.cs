namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// The parameters of one named market for the order-flow model, written for BTC/USD (relative to the fair price, in
/// basis points, and in USD notional); <see cref="PairProfile"/> scales them for every other pair.
/// </summary>
internal sealed record MarketPreset
{
    public required string Name { get; init; }
    public required string Description { get; init; }

    // Quotes: a ladder of limit orders per side around the fair price.
    /// <summary>Distance of the innermost quote from the fair price (half the spread), bps.</summary>
    public required double HalfSpreadBps { get; init; }
    /// <summary>Distance between consecutive ladder levels, bps.</summary>
    public required double LevelGapBps { get; init; }
    /// <summary>Ladder levels per side.</summary>
    public int Levels { get; init; } = 40;
    /// <summary>Median USD notional of the innermost level.</summary>
    public required double LevelUsd { get; init; }
    /// <summary>Each level further out quotes this fraction of the innermost size more.</summary>
    public double LevelGrowth { get; init; } = 0.1;
    /// <summary>Log-space standard deviation of level sizes around their median.</summary>
    public double LevelSizeSigma { get; init; } = 0.6;
    /// <summary>Rate at which an empty level is quoted again (per level, per second): the book's resilience.</summary>
    public double RefillPerSecond { get; init; } = 4.0;
    /// <summary>Rate at which a resting quote is withdrawn for no reason (per level, per second): book churn.</summary>
    public double ChurnPerSecond { get; init; } = 0.02;

    // The fair price: a random walk, weakly pulled back to where it started.
    /// <summary>Standard deviation of the fair price's log return, bps per square-root second (0.85 ≈ 2.5 % a day).</summary>
    public required double VolatilityBpsPerSqrtSecond { get; init; }

    // Takers: market orders arriving as a Poisson process, log-normal sizes.
    /// <summary>Market orders per second.</summary>
    public required double TakersPerSecond { get; init; }
    /// <summary>Median USD notional of a market order.</summary>
    public required double TakerMedianUsd { get; init; }
    /// <summary>Log-space standard deviation of market order sizes.</summary>
    public required double TakerSizeSigma { get; init; }
    /// <summary>How strongly takers follow the last fair move (0: coin flip; 0.5: always with it).</summary>
    public double Momentum { get; init; } = 0.15;

    // Sweeps: a market order that takes every level within a distance, moving the price for good.
    /// <summary>Sweeps per hour in the active regime.</summary>
    public required double SweepsPerHour { get; init; }
    /// <summary>Nearest distance a sweep clears, bps.</summary>
    public required double SweepMinBps { get; init; }
    /// <summary>Farthest distance a sweep clears, bps.</summary>
    public required double SweepMaxBps { get; init; }
    /// <summary>Fraction of the sweep's distance the fair price keeps afterwards.</summary>
    public double SweepImpact { get; init; } = 0.5;

    /// <summary>Weight of each of <see cref="VolatilityRegime.All"/> when the market changes regime.</summary>
    public required IReadOnlyList<double> RegimeWeights { get; init; }

    /// <summary>Days after which half of a drift away from the starting price is pulled back (keeps long runs in range).</summary>
    public double ReversionHalfLifeDays { get; init; } = 7;
}
