namespace KrakenBot.Strategies.Risk;

/// <summary>What the kill switch does when it fires.</summary>
public enum KillSwitchAction
{
    /// <summary>Stop the strategy (orders cancelled).</summary>
    Stop,

    /// <summary>Pause it (orders cancelled; resume by hand).</summary>
    Pause,
}

/// <summary>
/// When to stop a strategy on its P&amp;L, checked after every input (every fill, book change and tick), not every 10 s.
/// Values are fractions (0.05 = 5 %); configs in percent are converted once, in the config layer.
/// </summary>
public sealed record KillSwitchOptions
{
    /// <summary>
    /// Return since start (equity now vs start equity) at which to act: a positive value takes profit when the return
    /// reaches it, a negative one stops a loss when the return falls to it (Hummingbot's <c>kill_switch_rate</c>). Null: off.
    /// </summary>
    public decimal? Return { get; init; }

    /// <summary>Fall from the highest equity seen at which to act (0.1 = 10 % below the peak). Null: off.</summary>
    public decimal? Drawdown { get; init; }

    /// <summary>Stop or pause.</summary>
    public KillSwitchAction Action { get; init; } = KillSwitchAction.Stop;

    /// <summary>Throws naming the first bad value.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Return is 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(Return), Return, "The kill switch return cannot be 0: use a positive fraction to take profit, a negative one to stop a loss, or null.");
        }

        if (Drawdown is { } d && (d <= 0 || d >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Drawdown), Drawdown, "The kill switch drawdown is a fraction above 0 and below 1 (0.1 = 10 %).");
        }
    }
}
