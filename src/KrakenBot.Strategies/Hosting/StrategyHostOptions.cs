using KrakenBot.Strategies.Risk;
using KrakenBot.Strategies.State;

namespace KrakenBot.Strategies.Hosting;

/// <summary>How the host runs one strategy.</summary>
public sealed record StrategyHostOptions
{
    /// <summary>Shortest tick the host accepts (Hummingbot's minimum).</summary>
    public static readonly TimeSpan MinimumTick = TimeSpan.FromMilliseconds(100);

    /// <summary>The strategy's id: names its persisted state and tags its orders (<see cref="StrategyIds"/>).</summary>
    public required string StrategyId { get; init; }

    /// <summary>Clock tick. Default 1 s, at least 0.1 s.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Kill switch on return since start and drawdown from peak; off by default.</summary>
    public KillSwitchOptions KillSwitch { get; init; } = new();

    /// <summary>
    /// Dead man's switch timeout, armed while the strategy runs on an exchange that has one (live Kraken): if the bot
    /// dies, Kraken cancels its orders after this long. Default 60 s; null leaves it off.
    /// </summary>
    public TimeSpan? DeadManSwitchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Begin a new run (new start balances, no hanging orders or counters) instead of resuming the stored one.</summary>
    public bool ResetState { get; init; }

    /// <summary>How long a finished order is still watched for late fills. Default 10 minutes.</summary>
    public TimeSpan FinishedOrderGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Least time between two saves caused only by the mark (peak equity); fills, orders and status changes are saved at
    /// once. Default 5 s.
    /// </summary>
    public TimeSpan MarkSaveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Book depth the host watches for each of the strategy's pairs. Default 10.</summary>
    public int BookDepth { get; init; } = 10;

    /// <summary>Throws naming the first bad value.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        StrategyIds.Check(StrategyId);
        if (TickInterval < MinimumTick)
        {
            throw new ArgumentOutOfRangeException(nameof(TickInterval), TickInterval, "The tick is at least 0.1 s.");
        }

        if (DeadManSwitchTimeout is { } dms && (dms < TimeSpan.FromSeconds(3) || dms >= TimeSpan.FromDays(1) || dms.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            throw new ArgumentOutOfRangeException(nameof(DeadManSwitchTimeout), dms, "The dead man's switch timeout is whole seconds from 3 to under 86400.");
        }

        if (FinishedOrderGrace < TimeSpan.Zero || MarkSaveInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(FinishedOrderGrace), "Durations cannot be negative.");
        }

        if (BookDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(BookDepth), BookDepth, "Watch at least one level.");
        }

        KillSwitch.Validate();
    }
}
