namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// σ of the mid price in absolute price units: sqrt(Σ(Δmid)²/N) over the last N tick-to-tick changes (Hummingbot's
/// instant volatility). Ready once N changes were seen.
/// </summary>
public sealed class VolatilityEstimator
{
    private readonly double[] _changes;
    private int _count;
    private int _next;
    private double? _lastMid;
    private double _sumOfSquares;

    /// <summary>An estimator over the last <paramref name="bufferSize"/> changes (1 to 10,000).</summary>
    public VolatilityEstimator(int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bufferSize, 10_000);
        _changes = new double[bufferSize];
    }

    /// <summary>True once the buffer is full.</summary>
    public bool IsReady => _count == _changes.Length;

    /// <summary>Samples taken so far (capped at the buffer size).</summary>
    public int Samples => _count;

    /// <summary>The current σ; 0 until the first change.</summary>
    public double Sigma => _count == 0 ? 0 : Math.Sqrt(Math.Max(_sumOfSquares, 0) / _count);

    /// <summary>Takes the mid price of one tick.</summary>
    public void Add(double mid)
    {
        if (_lastMid is { } last)
        {
            double change = mid - last;
            double square = change * change;
            if (_count == _changes.Length) _sumOfSquares -= _changes[_next];
            else _count++;
            _changes[_next] = square;
            _sumOfSquares += square;
            _next = (_next + 1) % _changes.Length;
            // A running sum of doubles drifts: recomputed exactly once per lap of the buffer.
            if (_next == 0) _sumOfSquares = Sum(_changes, _count);
        }
        _lastMid = mid;
    }

    private static double Sum(double[] values, int count)
    {
        double sum = 0;
        for (int i = 0; i < count; i++) sum += values[i];
        return sum;
    }
}
