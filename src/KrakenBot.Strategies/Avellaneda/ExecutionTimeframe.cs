namespace KrakenBot.Strategies.Avellaneda;

/// <summary>When the strategy trades, and how much of its horizon is left (the model's T − t as a fraction).</summary>
public abstract record ExecutionTimeframe
{
    /// <summary>Always trading; the horizon fraction is 1 (Hummingbot's <c>infinite</c>).</summary>
    public static ExecutionTimeframe Infinite { get; } = new InfiniteTimeframe();

    /// <summary>True when quoting is allowed at <paramref name="now"/>.</summary>
    public abstract bool IsActive(DateTimeOffset now);

    /// <summary>(T − now) / (T − start) within the current window, in [0, 1]; 1 for <see cref="Infinite"/>.</summary>
    public abstract double TimeLeftFraction(DateTimeOffset now);

    private sealed record InfiniteTimeframe : ExecutionTimeframe
    {
        public override bool IsActive(DateTimeOffset now) => true;
        public override double TimeLeftFraction(DateTimeOffset now) => 1.0;
    }
}

/// <summary>Trading between two instants (<c>from_date_to_date</c>).</summary>
public sealed record FromDateToDate : ExecutionTimeframe
{
    /// <summary>Trading from <paramref name="start"/> until <paramref name="end"/>.</summary>
    public FromDateToDate(DateTimeOffset start, DateTimeOffset end)
    {
        if (end <= start) throw new ArgumentException($"The end {end:O} must be after the start {start:O}.", nameof(end));
        Start = start;
        End = end;
    }

    /// <summary>When trading starts.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>When trading ends.</summary>
    public DateTimeOffset End { get; }

    /// <inheritdoc />
    public override bool IsActive(DateTimeOffset now) => now >= Start && now < End;

    /// <inheritdoc />
    public override double TimeLeftFraction(DateTimeOffset now) =>
        Math.Clamp((End - now).TotalSeconds / (End - Start).TotalSeconds, 0, 1);
}

/// <summary>Trading every day between two times of day, UTC (<c>daily_between_times</c>).</summary>
public sealed record DailyBetweenTimes : ExecutionTimeframe
{
    /// <summary>Trading every day from <paramref name="start"/> to <paramref name="end"/> (UTC); a window may cross midnight.</summary>
    public DailyBetweenTimes(TimeOnly start, TimeOnly end)
    {
        if (start == end) throw new ArgumentException("The daily window is empty: start and end are the same time.", nameof(end));
        Start = start;
        End = end;
    }

    /// <summary>Daily start (UTC).</summary>
    public TimeOnly Start { get; }

    /// <summary>Daily end (UTC).</summary>
    public TimeOnly End { get; }

    /// <inheritdoc />
    public override bool IsActive(DateTimeOffset now) => Window(now) is not null;

    /// <inheritdoc />
    public override double TimeLeftFraction(DateTimeOffset now) =>
        Window(now) is var (from, to) ? Math.Clamp((to - now).TotalSeconds / (to - from).TotalSeconds, 0, 1) : 0;

    // The window containing now, if any (one starting today, or one that started yesterday and crosses midnight).
    private (DateTimeOffset From, DateTimeOffset To)? Window(DateTimeOffset now)
    {
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        foreach (var startDay in (DateTimeOffset[])[day, day.AddDays(-1)])
        {
            var from = startDay + Start.ToTimeSpan();
            var to = startDay + End.ToTimeSpan();
            if (to <= from) to = to.AddDays(1);
            if (now >= from && now < to) return (from, to);
        }
        return null;
    }
}
