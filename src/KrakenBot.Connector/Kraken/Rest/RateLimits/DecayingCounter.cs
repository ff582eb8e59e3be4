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
/// counted twice), never on the side of tripping Kraken's limit. The schedule lives in a <see cref="CounterStore"/>: this
/// process's memory, or the shared journal, where several processes on one key book on the same counter.
/// </remarks>
internal sealed class DecayingCounter
{
    private readonly TimeProvider _timeProvider;
    private readonly CounterStore _store;

    public DecayingCounter(decimal max, decimal decayPerSecond, TimeProvider timeProvider, CounterStore? store = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decayPerSecond);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Max = max;
        DecayPerSecond = decayPerSecond;
        _timeProvider = timeProvider;
        _store = store ?? new LocalCounterStore();
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
            var state = _store.Read();
            long now = Now;
            return state.LevelAt >= now ? state.Level : Decay(state.Level, now - state.LevelAt);
        }
    }

    private long Now => _timeProvider.GetUtcNow().UtcTicks;

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
        long now = Now;
        decimal level = _store.Update((Counter: this, Now: now, Cost: cost), static (state, call) =>
        {
            // While calls are waiting the cost is booked after them.
            var next = state.LevelAt <= call.Now
                ? state with { Level = call.Counter.Decay(state.Level, call.Now - state.LevelAt) + call.Cost, LevelAt = call.Now }
                : state with { Level = state.Level + call.Cost };
            return (next, next.Level);
        });
        Booked?.Invoke(TimeSpan.Zero, Max - level);
    }

    /// <summary>Kraken says the limit is reached: the counter is full now.</summary>
    public void Fill()
    {
        long now = Now;
        _store.Update((Counter: this, Now: now), static (state, call) =>
        {
            // above Max after an oversized batch cancel
            decimal sent = state.LevelAt <= call.Now ? call.Counter.Decay(state.Level, call.Now - state.LevelAt) : 0;
            return (state with { Level = Math.Max(call.Counter.Max, sent), LevelAt = call.Now, Epoch = state.Epoch + 1 }, true);
        });
    }

    /// <summary>
    /// The latest booked call was answered only now: its cost counts from now, not from its booked send time. Kraken
    /// charged it on arrival, after the booking; without this the model would credit decay Kraken never gave, a little
    /// more with every call in a row. Only ever raises the modelled level.
    /// </summary>
    public void Settle()
    {
        long now = Now;
        _store.Update(now, static (state, now) => state.LevelAt < now ? (state with { LevelAt = now }, true) : (state, false));
    }

    /// <summary>Nothing is sent before <paramref name="until"/>.</summary>
    public void BlockUntil(DateTimeOffset until)
    {
        _store.Update(until.UtcTicks, static (state, until) => until > state.BlockedUntil
            ? (state with { BlockedUntil = until, Epoch = state.Epoch + 1 }, true)
            : (state, false));
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

            if (_store.Read().Epoch == booking.Epoch)
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
        long now = Now;
        var (booking, level) = _store.Update((Counter: this, Now: now, Cost: cost), static (state, call) =>
        {
            var (counter, now, cost) = call;
            long earliest = Math.Max(now, state.BlockedUntil);
            long at;
            decimal level;
            if (state.LevelAt <= earliest)
            {
                at = earliest;
                level = counter.Decay(state.Level, earliest - state.LevelAt);
            }
            else
            {
                at = state.LevelAt;
                level = state.Level;
            }

            decimal excess = level + Math.Min(cost, counter.Max) - counter.Max;
            if (excess > 0)
            {
                // Round the wait up to a whole tick so the level has surely fallen far enough.
                long wait = (long)decimal.Ceiling(excess / counter.DecayPerSecond * TimeSpan.TicksPerSecond);
                at += wait;
                level = counter.Decay(level, wait);
            }

            var next = state with { Level = level + cost, LevelAt = at, Sequence = state.Sequence + 1 };
            return (next, (new Booking(TimeSpan.FromTicks(at - now), state.Epoch, next.Sequence, state.Level, state.LevelAt), next.Level));
        });
        Booked?.Invoke(booking.Delay, Max - level);
        return booking;
    }

    // A cancelled call gives its booking back when nothing was booked after it; otherwise the booking stays (safe side).
    private void Unbook(Booking booking)
    {
        _store.Update(booking, static (state, booking) => state.Sequence == booking.Sequence && state.Epoch == booking.Epoch
            ? (state with { Level = booking.PreviousLevel, LevelAt = booking.PreviousLevelAt }, true)
            : (state, false));
    }

    private decimal Decay(decimal level, long elapsedTicks)
    {
        decimal decayed = level - DecayPerSecond * elapsedTicks / TimeSpan.TicksPerSecond;
        return decayed > 0 ? decayed : 0;
    }

    private readonly record struct Booking(TimeSpan Delay, long Epoch, long Sequence, decimal PreviousLevel, long PreviousLevelAt);
}
