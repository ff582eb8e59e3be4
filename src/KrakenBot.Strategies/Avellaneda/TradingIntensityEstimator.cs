namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// Order-arrival intensity λ(δ) = α·e^(−κδ) as Hummingbot estimates it: each public trade is bucketed with the mid price
/// of the last tick before it, at depth δ = |price − that mid|; each tick that saw trades closes one bucket; volumes are
/// summed per depth over the last N buckets and fitted (see <see cref="IntensityFit"/>), warm-started from the last fit.
/// Ready once N buckets with trades were seen.
/// </summary>
public sealed class TradingIntensityEstimator
{
    private readonly Dictionary<double, double>[] _buckets;
    private Dictionary<double, double> _open = [];
    private int _count;
    private int _next;
    private double? _lastMid;
    private (double Alpha, double Kappa)? _fit;
    private bool _dirty;

    /// <summary>An estimator over the last <paramref name="bufferSize"/> ticks with trades (1 to 10,000).</summary>
    public TradingIntensityEstimator(int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bufferSize, 10_000);
        _buckets = new Dictionary<double, double>[bufferSize];
    }

    /// <summary>True once the buffer is full.</summary>
    public bool IsReady => _count == _buckets.Length;

    /// <summary>Ticks with trades collected so far (capped at the buffer size).</summary>
    public int Samples => _count;

    /// <summary>Takes a public trade; ignored before the first tick (no mid to measure its depth from).</summary>
    public void AddTrade(double price, double volume)
    {
        if (_lastMid is not { } mid || volume <= 0) return;
        double depth = Math.Abs(price - mid);
        _open[depth] = _open.GetValueOrDefault(depth) + volume;
    }

    /// <summary>Closes the tick: its trades (if any) become one bucket; <paramref name="mid"/> measures the next ones.</summary>
    public void Tick(double mid)
    {
        if (_open.Count > 0)
        {
            _buckets[_next] = _open;
            _next = (_next + 1) % _buckets.Length;
            if (_count < _buckets.Length) _count++;
            _open = [];
            _dirty = true;
        }
        _lastMid = mid;
    }

    /// <summary>The current (α, κ), fitted again when new buckets came in; null until a fit is possible.</summary>
    public (double Alpha, double Kappa)? Estimate()
    {
        if (!_dirty) return _fit;
        var totals = new SortedDictionary<double, double>();
        for (int i = 0; i < _count; i++)
            foreach (var (depth, volume) in _buckets[i])
                totals[depth] = totals.GetValueOrDefault(depth) + volume;
        var depths = new double[totals.Count];
        var volumes = new double[totals.Count];
        int k = 0;
        foreach (var (depth, volume) in totals) { depths[k] = depth; volumes[k] = volume; k++; }
        _fit = IntensityFit.Fit(depths, volumes, _fit) ?? _fit;
        _dirty = false;
        return _fit;
    }
}
