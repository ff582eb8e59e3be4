namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Runs requests after the configured latency on the injected clock, in the order they were made (the latency is the
/// same for all, so first in is first due). One timer for the whole queue.
/// </summary>
internal sealed class LatencyQueue : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _latency;
    private readonly Action<PaperWork> _post;
    private readonly Queue<(DateTimeOffset Due, PaperWork Work)> _queue = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;

    public LatencyQueue(TimeProvider time, TimeSpan latency, Action<PaperWork> post)
    {
        _time = time;
        _latency = latency;
        _post = post;
        _timer = time.CreateTimer(static state => ((LatencyQueue)state!).OnTimer(), this, Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }

    /// <summary>Requests scheduled so far (read by the replay bench to tell records with an order action apart).</summary>
    public long Scheduled => Volatile.Read(ref _scheduled);

    private long _scheduled;

    /// <summary>Hands <paramref name="work"/> to the engine once the latency has passed.</summary>
    public void Schedule(PaperWork work)
    {
        Interlocked.Increment(ref _scheduled);
        if (_latency == TimeSpan.Zero)
        {
            _post(work);
            return;
        }

        lock (_gate)
        {
            _queue.Enqueue((_time.GetUtcNow() + _latency, work));
            if (_queue.Count == 1)
            {
                _timer.Change(_latency, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            while (_queue.TryPeek(out var head) && head.Due <= now)
            {
                _post(_queue.Dequeue().Work);
            }

            if (_queue.TryPeek(out var next))
            {
                _timer.Change(next.Due - now, Timeout.InfiniteTimeSpan);
            }
        }
    }

    public void Dispose() => _timer.Dispose();
}
