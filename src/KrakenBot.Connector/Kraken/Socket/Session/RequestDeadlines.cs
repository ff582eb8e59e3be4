namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// Times out requests that got no answer with one timer for all of them, armed for the earliest deadline: a request
/// sent while the timer is already armed for an earlier one (every request but the first of a burst, since deadlines
/// follow sending order) arms nothing, so the send path neither creates a timer nor takes the timer queue's lock.
/// When the timer fires, every request past its deadline times out and the timer is armed for the next one.
/// </summary>
internal sealed class RequestDeadlines : IDisposable
{
    private const long Disarmed = long.MaxValue;
    private readonly TimeProvider _time;
    private readonly Func<IEnumerable<PendingRequest>> _pending;
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private long _armedFor = Disarmed; // the timestamp the timer fires at; Disarmed when it is not armed

    /// <param name="time">The clock of the deadlines (its timestamps) and of the timer.</param>
    /// <param name="pending">The requests awaiting an answer, read when the timer fires.</param>
    public RequestDeadlines(TimeProvider time, Func<IEnumerable<PendingRequest>> pending)
    {
        _time = time;
        _pending = pending;
        _timer = time.CreateTimer(static s => ((RequestDeadlines)s!).Expire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Makes sure the timer fires by <paramref name="deadline"/> (a <see cref="TimeProvider.GetTimestamp"/> value).</summary>
    public void Watch(long deadline)
    {
        if (deadline >= Volatile.Read(ref _armedFor)) return; // an earlier deadline is armed: it re-arms for this one
        lock (_gate)
        {
            if (deadline >= _armedFor) return;
            _armedFor = deadline;
            _timer.Change(Until(deadline), Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose() => _timer.Dispose();

    private TimeSpan Until(long deadline)
    {
        long now = _time.GetTimestamp();
        return deadline <= now ? TimeSpan.Zero : _time.GetElapsedTime(now, deadline);
    }

    private void Expire()
    {
        lock (_gate) _armedFor = Disarmed;
        long now = _time.GetTimestamp();
        long next = Disarmed;
        foreach (var pending in _pending())
        {
            if (pending.Deadline is not { } deadline) continue;
            if (deadline <= now) pending.TimeOut();
            else if (deadline < next) next = deadline;
        }

        if (next != Disarmed) Watch(next);
    }
}
