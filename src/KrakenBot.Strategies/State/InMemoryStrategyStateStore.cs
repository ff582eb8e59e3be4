using System.Collections.Concurrent;

namespace KrakenBot.Strategies.State;

/// <summary>State kept in this process only: for tests and backtests.</summary>
public sealed class InMemoryStrategyStateStore : IStrategyStateStore
{
    private readonly ConcurrentDictionary<string, Dictionary<string, string>> _strategies = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>How many saves were made (tests check that state is written when it changes).</summary>
    public int Saves { get; private set; }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> LoadAsync(string strategyId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyDictionary<string, string> copy = _strategies.TryGetValue(strategyId, out var documents)
                ? new Dictionary<string, string>(documents, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            return Task.FromResult(copy);
        }
    }

    /// <inheritdoc />
    public Task SaveAsync(string strategyId, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var documents = _strategies.GetOrAdd(strategyId, static _ => new Dictionary<string, string>(StringComparer.Ordinal));
            if (changes is Dictionary<string, string?> dictionary)
            {
                foreach (var (key, value) in dictionary) // the struct enumerator: the driver saves after most order changes
                {
                    Set(documents, key, value);
                }
            }
            else
            {
                foreach (var (key, value) in changes)
                {
                    Set(documents, key, value);
                }
            }

            Saves++;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var ids = _strategies.Where(p => p.Value.Count > 0).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult<IReadOnlyList<string>>(ids);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string strategyId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _strategies.TryRemove(strategyId, out _);
        }

        return Task.CompletedTask;
    }

    private static void Set(Dictionary<string, string> documents, string key, string? value)
    {
        if (value is null)
        {
            documents.Remove(key);
        }
        else
        {
            documents[key] = value;
        }
    }
}
