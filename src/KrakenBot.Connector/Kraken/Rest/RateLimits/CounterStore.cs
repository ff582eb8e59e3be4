namespace KrakenBot.Connector.Kraken.Rest.RateLimits;

/// <summary>
/// A rate counter's schedule: the level right after the latest booked call and when that call is sent, when sending may
/// resume, and two numbers that tell a waiting call whether the schedule changed under it.
/// </summary>
internal readonly record struct CounterState(decimal Level, long LevelAt, long BlockedUntil, long Epoch, long Sequence);

/// <summary>
/// Where a <see cref="DecayingCounter"/> keeps its schedule: in this process (<see cref="LocalCounterStore"/>), or in the
/// shared journal so that every process on the key books on one counter (<c>PostgresCounterStore</c>).
/// </summary>
internal abstract class CounterStore
{
    /// <summary>Reads the schedule and replaces it with <paramref name="change"/>'s, atomically for every user of the store.</summary>
    /// <param name="argument">Passed to <paramref name="change"/>, so that a change needs no closure (a booking is made for
    /// every order sent).</param>
    /// <param name="change">The new schedule and the result, from the current schedule and <paramref name="argument"/>.</param>
    public abstract T Update<TArgument, T>(TArgument argument, Func<CounterState, TArgument, (CounterState Next, T Result)> change);

    /// <summary>The schedule as it is now.</summary>
    public abstract CounterState Read();
}

/// <summary>The schedule in this process only, under a lock.</summary>
internal sealed class LocalCounterStore : CounterStore
{
    private readonly Lock _lock = new();
    private CounterState _state;

    public override T Update<TArgument, T>(TArgument argument, Func<CounterState, TArgument, (CounterState Next, T Result)> change)
    {
        lock (_lock)
        {
            (_state, T result) = change(_state, argument);
            return result;
        }
    }

    public override CounterState Read()
    {
        lock (_lock)
        {
            return _state;
        }
    }
}
