namespace KrakenBot.Sandbox.Market;

/// <summary>A tiered fee schedule: percent by 30-day volume, as in AssetPairs <c>fees</c>/<c>fees_maker</c>.</summary>
internal sealed class FeeSchedule
{
    private readonly (decimal Volume, decimal Percent)[] _tiers;

    private readonly decimal[] _rates;

    public FeeSchedule((decimal Volume, decimal Percent)[] tiers)
    {
        _tiers = tiers;
        _rates = Array.ConvertAll(tiers, t => t.Percent / 100m);
    }

    public ReadOnlySpan<(decimal Volume, decimal Percent)> Tiers => _tiers;

    /// <summary>The percent that applies at the given 30-day volume.</summary>
    public decimal PercentFor(decimal volume)
    {
        var percent = _tiers[0].Percent;
        for (var i = 1; i < _tiers.Length; i++)
        {
            if (volume < _tiers[i].Volume) break;
            percent = _tiers[i].Percent;
        }
        return percent;
    }

    /// <summary>The fee as a fraction (percent / 100) at the given volume: a multiply on the hot path, no divide.</summary>
    public decimal RateFor(decimal volume)
    {
        if (volume < _tiers[1].Volume) return _rates[0];
        var rate = _rates[0];
        for (var i = 1; i < _tiers.Length; i++)
        {
            if (volume < _tiers[i].Volume) break;
            rate = _rates[i];
        }
        return rate;
    }

    /// <summary>The highest percent in the schedule (used to size holds).</summary>
    public decimal MaxPercent => _tiers[0].Percent;

    public static readonly FeeSchedule KrakenTaker = new([
        (0m, 0.26m), (50000m, 0.24m), (100000m, 0.22m), (250000m, 0.2m), (500000m, 0.18m),
        (1000000m, 0.16m), (2500000m, 0.14m), (5000000m, 0.12m), (10000000m, 0.1m)]);

    public static readonly FeeSchedule KrakenMaker = new([
        (0m, 0.16m), (50000m, 0.14m), (100000m, 0.12m), (250000m, 0.1m), (500000m, 0.08m),
        (1000000m, 0.06m), (2500000m, 0.04m), (5000000m, 0.02m), (10000000m, 0m)]);

    /// <summary>Kraken's stablecoin schedule (USDT/USD and similar).</summary>
    public static readonly FeeSchedule StableTaker = new([(0m, 0.2m), (50000m, 0.16m), (100000m, 0.12m), (250000m, 0.08m), (500000m, 0.04m), (1000000m, 0m)]);

    public static readonly FeeSchedule StableMaker = new([(0m, 0.2m), (50000m, 0.16m), (100000m, 0.12m), (250000m, 0.08m), (500000m, 0.04m), (1000000m, 0m)]);
}
