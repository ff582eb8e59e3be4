namespace KrakenBot.Connector.Kraken.Auth;

/// <summary>
/// Nonces for one API key: Unix time in microseconds, strictly increasing across threads, clock steps and restarts.
/// </summary>
/// <remarks>
/// <para>One key = one <see cref="NonceSource"/> = one store. Two sources (or two processes) using the same key would
/// hand out values in no common order and Kraken would refuse some as <c>EAPI:Invalid nonce</c>.</para>
/// <para>Each value is max(last + 1, now in µs), taken with a compare-and-swap so concurrent callers never get the
/// same value. If the clock steps back the values keep counting up from the last one.</para>
/// <para>Restarts: before handing out a value the source makes sure a high-water mark at or above it is saved in the
/// <see cref="INonceStore"/>. It saves ahead, by a reservation window (default 10 s of microseconds), and saves again
/// only when values come within half a window of the mark, so the store is written about every 5 s under steady use,
/// not on every call. After a restart the source starts above the saved mark, so above anything handed out before,
/// even if the clock now reads earlier.</para>
/// <para>A clean stop (<see cref="Dispose"/>) brings the saved mark down to the last value really handed out, so the
/// next process starts at the clock again instead of at the reservation: a script of many short commands never pushes
/// the key's nonce ahead of the clock, and another program on the key with a clock nonce keeps working. Only a crash
/// (kill -9) leaves the reservation, up to one window ahead.</para>
/// </remarks>
internal sealed class NonceSource : INonceSource, IDisposable
{
    // _last after Dispose: every Next sees it and refuses, so no value can leave after the mark came down.
    private const long Closed = long.MaxValue;

    /// <summary>Default distance the saved mark is kept ahead of the last value.</summary>
    public static readonly TimeSpan DefaultReservation = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _timeProvider;
    private readonly INonceStore _store;
    private readonly long _reservation;
    private readonly long _refillMargin;
    private readonly Lock _reserveLock = new();
    private long _last;
    private long _reserved;

    /// <summary>Creates a source that starts above the mark saved in <paramref name="store"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="store">Where the high-water mark lives.</param>
    /// <param name="reservation">How far ahead of the last value the saved mark is kept (at least 2 µs; default 10 s).</param>
    public NonceSource(TimeProvider timeProvider, INonceStore store, TimeSpan? reservation = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(store);
        _timeProvider = timeProvider;
        _store = store;
        _reservation = ToMicros(reservation ?? DefaultReservation);
        ArgumentOutOfRangeException.ThrowIfLessThan(_reservation, 2, nameof(reservation));
        _refillMargin = _reservation / 2;

        long saved = store.Load();
        ArgumentOutOfRangeException.ThrowIfNegative(saved, nameof(store));
        _last = saved;
        _reserved = saved;
    }

    /// <summary>The last value handed out (or the saved mark right after start).</summary>
    public long Last => Interlocked.Read(ref _last) is var last && last == Closed ? _closedAt : last;

    private long _closedAt;

    /// <inheritdoc />
    public long Next()
    {
        while (true)
        {
            long last = Interlocked.Read(ref _last);
            ObjectDisposedException.ThrowIf(last == Closed, this);
            long next = Math.Max(last + 1, NowMicros());
            if (next > Interlocked.Read(ref _reserved) - _refillMargin)
            {
                Reserve(next);
            }

            // Only values covered by a saved mark may leave; Reserve guarantees it for `next`.
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>
    /// Stops handing out values and saves the last one handed out as the mark (see remarks). Calls to
    /// <see cref="Next"/> afterwards throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        long last;
        do
        {
            last = Interlocked.Read(ref _last);
            if (last == Closed) return;
        }
        while (Interlocked.CompareExchange(ref _last, Closed, last) != last);

        lock (_reserveLock)
        {
            _closedAt = last;
            if (Interlocked.Read(ref _reserved) > last) _store.SaveLastIssued(last, Interlocked.Read(ref _reserved));
        }
    }

    private void Reserve(long next)
    {
        lock (_reserveLock)
        {
            if (next <= Interlocked.Read(ref _reserved) - _refillMargin)
            {
                return; // another caller reserved far enough meanwhile
            }

            long mark = next + _reservation;
            _store.Save(mark); // durable first: a crash after this cannot lead to reuse
            Interlocked.Exchange(ref _reserved, mark);
        }
    }

    private long NowMicros() => (_timeProvider.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static long ToMicros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;
}
