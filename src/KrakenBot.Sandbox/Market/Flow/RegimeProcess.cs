namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// The market-wide regime: a continuous-time Markov chain over <see cref="VolatilityRegime.All"/>. It starts in the
/// preset's heaviest regime, leaves the current one at rate 1/<see cref="VolatilityRegime.MeanDuration"/> and moves to
/// another in proportion to the preset's weights (a preset with one weight stays in that regime).
/// </summary>
internal sealed class RegimeProcess
{
    private readonly IReadOnlyList<double> _weights;
    private readonly FlowRandom _random;

    public RegimeProcess(IReadOnlyList<double> weights, FlowRandom random)
    {
        if (weights.Count != VolatilityRegime.All.Count || weights.Any(w => w < 0) || weights.Sum() <= 0)
            throw new ArgumentException($"A preset needs {VolatilityRegime.All.Count} non-negative regime weights, not all zero.", nameof(weights));
        _weights = weights;
        _random = random;
        var heaviest = 0;
        for (var i = 1; i < weights.Count; i++) if (weights[i] > weights[heaviest]) heaviest = i;
        Current = VolatilityRegime.All[heaviest];
    }

    public VolatilityRegime Current { get; private set; }

    /// <summary>Advances by <paramref name="seconds"/>; true when the regime changed.</summary>
    public bool Step(double seconds)
    {
        if (!_random.Chance(1 - Math.Exp(-seconds / Current.MeanDuration.TotalSeconds))) return false;
        var here = Index(Current);
        var total = 0.0;
        for (var i = 0; i < _weights.Count; i++) if (i != here) total += _weights[i];
        if (total <= 0) return false;
        var pick = _random.NextDouble() * total;
        for (var i = 0; i < _weights.Count; i++)
        {
            if (i == here) continue;
            pick -= _weights[i];
            if (pick < 0 || i == LastOther(here))
            {
                Current = VolatilityRegime.All[i];
                return true;
            }
        }
        return false;
    }

    private int LastOther(int here)
    {
        for (var i = _weights.Count - 1; i >= 0; i--) if (i != here && _weights[i] > 0) return i;
        return -1;
    }

    private static int Index(VolatilityRegime regime)
    {
        for (var i = 0; i < VolatilityRegime.All.Count; i++) if (ReferenceEquals(VolatilityRegime.All[i], regime)) return i;
        throw new ArgumentException($"Unknown regime {regime.Name}.", nameof(regime));
    }
}
