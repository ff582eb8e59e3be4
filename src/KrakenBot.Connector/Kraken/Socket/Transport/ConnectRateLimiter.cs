namespace KrakenBot.Connector.Kraken.Socket.Transport;

/// <summary>
/// Keeps connection attempts under a cap per sliding window (Kraken's edge allows about 150 per 10 minutes
/// per IP); an attempt over the cap waits instead of being made and refused.
/// </summary>
internal sealed class ConnectRateLimiter(int maxAttempts, TimeSpan window, TimeProvider time)
{
    private readonly Queue<long> _attempts = new();
    private readonly Lock _gate = new();

    /// <summary>How long until another attempt is allowed (zero when allowed now).</summary>
    public TimeSpan TimeUntilAllowed()
    {
        lock (_gate)
        {
            while (_attempts.Count > 0 && time.GetElapsedTime(_attempts.Peek()) >= window)
                _attempts.Dequeue();
            if (_attempts.Count < maxAttempts)
                return TimeSpan.Zero;
            return window - time.GetElapsedTime(_attempts.Peek());
        }
    }

    /// <summary>Counts an attempt made now.</summary>
    public void RecordAttempt()
    {
        lock (_gate)
            _attempts.Enqueue(time.GetTimestamp());
    }
}
