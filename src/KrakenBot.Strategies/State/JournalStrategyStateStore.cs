using KrakenBot.Connector.Storage;

namespace KrakenBot.Strategies.State;

/// <summary>
/// Strategy state in the connector's SQLite journal (its <see cref="TradingJournal.Documents"/>, scope
/// <c>strategy:&lt;id&gt;</c>): the same file, and the same durability (WAL, synchronous FULL), as the orders the state
/// refers to. Use the journal the exchange uses (<c>KrakenSpotExchange.Journal</c>, or the one the paper account is in).
/// </summary>
public sealed class JournalStrategyStateStore : IStrategyStateStore
{
    private const string ScopePrefix = "strategy:";
    private readonly JournalDocuments _documents;

    /// <summary>Keeps state in <paramref name="journal"/>.</summary>
    public JournalStrategyStateStore(TradingJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _documents = journal.Documents;
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, string>> LoadAsync(string strategyId, CancellationToken cancellationToken = default) =>
        _documents.GetAllAsync(Scope(strategyId), cancellationToken);

    /// <inheritdoc />
    public Task SaveAsync(string strategyId, IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default) =>
        _documents.SaveAsync(Scope(strategyId), changes, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var scopes = await _documents.ListScopesAsync(ScopePrefix, cancellationToken).ConfigureAwait(false);
        return scopes.Select(s => s[ScopePrefix.Length..]).ToList();
    }

    /// <inheritdoc />
    public Task DeleteAsync(string strategyId, CancellationToken cancellationToken = default) =>
        _documents.DeleteScopeAsync(Scope(strategyId), cancellationToken);

    private static string Scope(string strategyId)
    {
        StrategyIds.Check(strategyId);
        return ScopePrefix + strategyId;
    }
}
