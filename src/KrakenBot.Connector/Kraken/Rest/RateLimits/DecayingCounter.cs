namespace KrakenBot.Connector.Kraken.Rest.RateLimits;

/// <summary>
/// A counter as Kraken keeps it (API.md §3): each call adds its cost, the level falls linearly by
/// <see cref="DecayPerSecond"/> down to zero, and a call that would take it above <see cref="Max"/> is refused by
/// Kraken. Here such a call waits instead.
/// </summary>
/// <remarks>
/// Calls are scheduled first come, first served: a call that does not fit gets the earliest send time at which it
/// fits after every call already scheduled, and its cost is booked at that time. Waiting is
/// <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/> on the injected clock. When Kraken proves the
/// model wrong (<see cref="Fill"/>) or asks for a pause (<see cref="BlockUntil"/>) the schedule is re-based and calls
/// still waiting are scheduled again when they wake. Bookings err on the safe side (a call scheduled again may be
/// counted twice), never on the side of tripping Kraken's limit.
/// </remarks>
internal sealed class DecayingCounter
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private decimal _level;    // level right after the latest booked call
    private long _levelAt;     // UTC ticks of that call; in the future while calls wait
    private long _blockedUntil; // UTC ticks; nothing is sent earlier
    private long _epoch;       // bumped when the schedule is re-based
    private long _sequence;    // bumped per booking

    public DecayingCounter(decimal max, decimal decayPerSecond, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decayPerSecond);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Max = max;
        DecayPerSecond = decayPerSecond;
        _timeProvider = timeProvider;
    }

    public decimal Max { get; }

    /// <summary>Told of every booking: how long the call waits, and the room left on the counter after it.</summary>
    public Action<TimeSpan, decimal>? Booked { get; init; }

    public decimal DecayPerSecond { get; }

    /// <summary>The modelled counter: now, or, while calls wait, right after the last waiting call is sent.</summary>
    public decimal Level
    {
        get
        {
            lock (_lock)
            {
                long now = _timeProvider.GetUtcNow().UtcTicks;
                return _levelAt >= now ? _level : Decay(_level, now - _levelAt);
            }
        }
    }

    /// <summary>
    /// Waits until a call of <paramref name="cost"/> fits, and books it. A call dearer than <see cref="Max"/> (Kraken
    /// accepts a batch cancel over the maximum) waits for an empty counter and is then booked in full.
    /// </summary>
    public ValueTask WaitAsync(decimal cost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        var booking = Book(cost);
        return booking.Delay <= TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(WaitBookedAsync(cost, booking, cancellationToken));
    }

    /// <summary>Adds <paramref name="cost"/> now without waiting (the level may pass <see cref="Max"/>).</summary>
    public void Charge(decimal cost)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cost);
        lock (_lock)
        {
            long now = _timeProvider.GetUtcNow().UtcTicks;
            if (_levelAt <= now)
            {
                _level = Decay(_level, now - _levelAt) + cost;
                _levelAt = now;
            }
            else
            {
                _level += cost; // calls are waiting: book after them
            }

            Booked?.Invoke(TimeSpan.Zero, Max - _level);
        }
    }

    /// <summary>Kraken says the limit is reached: the counter is full now.</summary>
    public void Fill()
    {
        lock (_lock)
        {
            long now = _timeProvider.GetUtcNow().UtcTicks;
            decimal sent = _levelAt <= now ? Decay(_level, now - _levelAt) : 0; // above Max after an oversized batch cancel
            _level = Math.Max(Max, sent);
            _levelAt = now;
            _epoch++;
        }
    }

    /// <summary>Nothing is sent before <paramref name="until"/>.</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        lock (_lock)
        {
            if (until.UtcTicks > _blockedUntil)
            {
                _blockedUntil = until.UtcTicks;
                _epoch++;
            }
        }
    }

    private async Task WaitBookedAsync(decimal cost, Booking booking, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(booking.Delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Unbook(booking);
                throw;
            }

            if (IsCurrent(booking))
            {
                return;
            }

            // The schedule was re-based while this call waited: its slot may no longer be safe. Book again.
            booking = Book(cost);
            if (booking.Delay <= TimeSpan.Zero)
            {
                return;
            }
        }
    }

    private Booking Book(decimal cost)
    {
        lock (_lock)
        {
            long now = _timeProvider.GetUtcNow().UtcTicks;
            long earliest = Math.Max(now, _blockedUntil);
            long at;
            decimal level;
            if (_levelAt <= earliest)
            {
                at = earliest;
                level = Decay(_level, earliest - _levelAt);
            }
            else
            {
                at = _levelAt;
                level = _level;
            }

            decimal excess = level + Math.Min(cost, Max) - Max;
            if (excess > 0)
            {
                // Round the wait up to a whole tick so the level has surely fallen far enough.
                long wait = (long)decimal.Ceiling(excess / DecayPerSecond * TimeSpan.TicksPerSecond);
                at += wait;
                level = Decay(level, wait);
            }

            var booking = new Booking(TimeSpan.FromTicks(at - now), _epoch, ++_sequence, _level, _levelAt);
            _level = level + cost;
            _levelAt = at;
            Booked?.Invoke(booking.Delay, Max - _level);
            return booking;
        }
    }

    private bool IsCurrent(Booking booking)
    {
        lock (_lock)
        {
            return _epoch == booking.Epoch;
        }
    }

    // A cancelled call gives its booking back when nothing was booked after it; otherwise the booking stays (safe side).
    private void Unbook(Booking booking)
    {
        lock (_lock)
        {
            if (_sequence == booking.Sequence && _epoch == booking.Epoch)
            {
                _level = booking.PreviousLevel;
                _levelAt = booking.PreviousLevelAt;
            }
        }
    }

    private decimal Decay(decimal level, long elapsedTicks)
    {
        decimal decayed = level - DecayPerSecond * elapsedTicks / TimeSpan.TicksPerSecond;
        return decayed > 0 ? decayed : 0;
    }

    private readonly record struct Booking(TimeSpan Delay, long Epoch, long Sequence, decimal PreviousLevel, long PreviousLevelAt);
}
