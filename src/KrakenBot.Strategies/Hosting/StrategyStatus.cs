namespace KrakenBot.Strategies.Hosting;

/// <summary>Where a strategy is in its life.</summary>
public enum StrategyStatus
{
    /// <summary>Built, not started.</summary>
    NotStarted,

    /// <summary>Receiving ticks and events and quoting.</summary>
    Running,

    /// <summary>Orders cancelled, no proposals; fills and balances are still followed. Resume to quote again.</summary>
    Paused,

    /// <summary>Stopped on request or by the kill switch.</summary>
    Stopped,

    /// <summary>Stopped because the strategy threw (orders cancelled); the reason holds the exception's message.</summary>
    Failed,
}
