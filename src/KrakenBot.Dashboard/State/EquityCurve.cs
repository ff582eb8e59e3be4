namespace KrakenBot.Dashboard.State;

/// <summary>
/// Equity samples for the chart, bounded: when full, every other sample is dropped, so a long run keeps its whole span
/// at half the resolution instead of forgetting its start.
/// </summary>
internal sealed class EquityCurve
{
    private readonly int _capacity;
    private readonly List<(DateTimeOffset Time, decimal Equity)> _points = [];

    public EquityCurve(int capacity = 2000) => _capacity = capacity;

    public IReadOnlyList<(DateTimeOffset Time, decimal Equity)> Points => _points;

    public DateTimeOffset? LastTime => _points.Count == 0 ? null : _points[^1].Time;

    public void Add(DateTimeOffset time, decimal equity)
    {
        if (_points.Count >= _capacity)
        {
            for (int i = 1, kept = 1; i < _points.Count; i += 2) _points[kept++] = _points[i];
            _points.RemoveRange((_points.Count + 1) / 2, _points.Count - (_points.Count + 1) / 2);
        }
        _points.Add((time, equity));
    }
}
