namespace KrakenBot.Strategies.State;

/// <summary>
/// Where a strategy's state lives across restarts: per strategy id, a set of named JSON documents (the run record, P&amp;L,
/// the strategy's own orders, the strategy's own values such as hanging orders or ping-pong counters). A save writes
/// all of its changes atomically and is durable when it returns. Implemented over the connector's SQLite journal
/// (<see cref="JournalStrategyStateStore"/>), in memory for tests and backtests (<see cref="InMemoryStrategyStateStore"/>);
/// a PostgreSQL store implements the same contract.
/// </summary>
public interface IStrategyStateStore
{
    /// <summary>Every document of <paramref name="strategyId"/> by name; empty when the strategy has never run.</summary>
    Task<IReadOnlyDictionary<string, string>> LoadAsync(string strategyId, CancellationToken cancellationToken = default);

    /// <summary>Sets each document in <paramref name="changes"/> (null removes it), all or none.</summary>
    Task SaveAsync(string strategyId, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default);

    /// <summary>The ids of every strategy with stored state, in order.</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets a strategy's state (a fresh start of the same config).</summary>
    Task DeleteAsync(string strategyId, CancellationToken cancellationToken = default);
}
