namespace KrakenBot.Connector.Trading;

/// <summary>A volume-tiered fee schedule (percent of cost), ordered by ascending 30-day volume.</summary>
public sealed class FeeSchedule
{
    private readonly FeeStep[] _steps;

    /// <summary>Builds a schedule; steps are sorted by volume.</summary>
    /// <exception cref="ArgumentException">A volume or percent is negative, or two steps share a volume.</exception>
    public FeeSchedule(IEnumerable<FeeStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = [.. steps];
        Array.Sort(_steps, static (a, b) => a.FromVolume.CompareTo(b.FromVolume));
        for (int i = 0; i < _steps.Length; i++)
        {
            if (_steps[i].FromVolume < 0 || _steps[i].Percent < 0)
            {
                throw new ArgumentException($"Fee step {_steps[i]} has a negative volume or percent.", nameof(steps));
            }

            if (i > 0 && _steps[i].FromVolume == _steps[i - 1].FromVolume)
            {
                throw new ArgumentException($"Two fee steps start at volume {_steps[i].FromVolume}.", nameof(steps));
            }
        }
    }

    /// <summary>A schedule with no steps.</summary>
    public static FeeSchedule Empty { get; } = new([]);

    /// <summary>The steps, ascending by volume.</summary>
    public IReadOnlyList<FeeStep> Steps => _steps;

    /// <summary>True when the schedule has no steps.</summary>
    public bool IsEmpty => _steps.Length == 0;

    /// <summary>
    /// The fee percent for a 30-day volume: the step with the highest starting volume at or below it (the first step
    /// when the volume is below every step).
    /// </summary>
    /// <exception cref="InvalidOperationException">The schedule is empty.</exception>
    public decimal PercentFor(decimal thirtyDayVolume)
    {
        if (_steps.Length == 0)
        {
            throw new InvalidOperationException("The fee schedule is empty.");
        }

        decimal percent = _steps[0].Percent;
        foreach (var step in _steps)
        {
            if (step.FromVolume > thirtyDayVolume)
            {
                break;
            }

            percent = step.Percent;
        }

        return percent;
    }
}
