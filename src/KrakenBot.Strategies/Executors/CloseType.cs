namespace KrakenBot.Strategies.Executors;

/// <summary>Why an executor ended (Hummingbot's close types, those that apply to spot).</summary>
public enum CloseType
{
    /// <summary>The take-profit barrier was reached (or a grid left its range on the profitable side).</summary>
    TakeProfit,

    /// <summary>The stop-loss barrier was reached (or a grid's limit price was crossed).</summary>
    StopLoss,

    /// <summary>The time limit ran out.</summary>
    TimeLimit,

    /// <summary>The trailing stop fired: the P&amp;L fell the trailing delta below its peak after activation.</summary>
    TrailingStop,

    /// <summary>The executor did all it was asked (all TWAP slices filled, the order filled).</summary>
    Completed,

    /// <summary>Stopped from outside before it ended on its own.</summary>
    EarlyStop,

    /// <summary>An order was refused or could not be closed after its retries.</summary>
    Failed,

    /// <summary>The account did not hold the budget at start: nothing was placed.</summary>
    InsufficientBalance,
}

/// <summary>Where an executor is in its life.</summary>
public enum ExecutorStatus
{
    /// <summary>Built, not started.</summary>
    NotStarted,

    /// <summary>Placing and following its orders.</summary>
    Running,

    /// <summary>A close type is decided; its orders are being cancelled and its position closed.</summary>
    ShuttingDown,

    /// <summary>Ended: <see cref="Executor.ClosedAs"/> says why.</summary>
    Terminated,
}

/// <summary>Names of close types as written in configs and status (snake_case, like Hummingbot's).</summary>
public static class CloseTypes
{
    /// <summary>The snake_case name, e.g. <c>take_profit</c>.</summary>
    public static string ToName(this CloseType type) => type switch
    {
        CloseType.TakeProfit => "take_profit",
        CloseType.StopLoss => "stop_loss",
        CloseType.TimeLimit => "time_limit",
        CloseType.TrailingStop => "trailing_stop",
        CloseType.Completed => "completed",
        CloseType.EarlyStop => "early_stop",
        CloseType.Failed => "failed",
        CloseType.InsufficientBalance => "insufficient_balance",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
