using KrakenBot.Strategies.Executors;

namespace KrakenBot.Strategies.Controllers;

/// <summary>What an <see cref="ExecutorController"/> runs and when it stops them.</summary>
public sealed record ExecutorControllerConfig
{
    /// <summary>The executors, each with its own id (it labels its orders) and budget; all in one quote asset.</summary>
    public required IReadOnlyList<Executor> Executors { get; init; }

    /// <summary>Stop an executor (closing its position) when its net P&amp;L fell this far below its peak; null: never.</summary>
    public decimal? MaxExecutorDrawdownQuote { get; init; }

    /// <summary>Stop every executor when their summed net P&amp;L fell this far below its peak; null: never.</summary>
    public decimal? MaxGlobalDrawdownQuote { get; init; }
}
