using System.Text.Json;
using KrakenBot.Strategies.Pnl;

namespace KrakenBot.Strategies.State;

/// <summary>
/// A strategy's persisted state as another process reads it, e.g. <c>krakenbot fleet status</c> over the PostgreSQL
/// journal a fleet of bots shares: the run record, P&amp;L figures and the orders it owns, as last saved.
/// </summary>
/// <param name="StrategyId">The strategy's id.</param>
/// <param name="Run">Its run record; null when none was saved yet.</param>
/// <param name="Pnl">Its P&amp;L figures; null when none were saved yet.</param>
/// <param name="Orders">The orders it owns (finished ones until forgotten).</param>
/// <param name="OrdersSavedAt">When <paramref name="Orders"/> was saved.</param>
public sealed record StoredStrategy(string StrategyId, StrategyRunRecord? Run, PnlState? Pnl, IReadOnlyList<OwnedOrderRecord> Orders,
    DateTimeOffset? OrdersSavedAt)
{
    /// <summary>The owned orders not finished when last saved.</summary>
    public IEnumerable<OwnedOrderRecord> OpenOrders => Orders.Where(order => order.FinishedAt is null);

    /// <summary>Every strategy in <paramref name="store"/>, by id.</summary>
    public static async Task<IReadOnlyList<StoredStrategy>> ReadAllAsync(IStrategyStateStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var all = new List<StoredStrategy>();
        foreach (string id in (await store.ListAsync(cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            var documents = await store.LoadAsync(id, cancellationToken).ConfigureAwait(false);
            all.Add(new StoredStrategy(id, Read<StrategyRunRecord>(documents, StrategyDocuments.Run), Read<PnlState>(documents, StrategyDocuments.Pnl),
                Read<List<OwnedOrderRecord>>(documents, StrategyDocuments.Orders) ?? [], Read<DateTimeOffset?>(documents, StrategyDocuments.OrdersSavedAt)));
        }

        return all;
    }

    /// <summary>
    /// Records that a bot which ended without stopping (killed, crashed) had its orders settled from outside, by the
    /// fleet's explicit cancel: its run is stopped with <paramref name="reason"/>, and every order it listed as open is
    /// marked finished at <paramref name="at"/>. Starting the bot again begins from this state.
    /// </summary>
    public static async Task RecordEndedAsync(IStrategyStateStore store, string strategyId, string reason, DateTimeOffset at,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var documents = await store.LoadAsync(strategyId, cancellationToken).ConfigureAwait(false);
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (Read<StrategyRunRecord>(documents, StrategyDocuments.Run) is { } run)
        {
            changes[StrategyDocuments.Run] = JsonSerializer.Serialize(
                run with { Status = Hosting.StrategyStatus.Stopped, Reason = reason, StoppedAt = at }, StateJson.Options);
        }

        var orders = Read<List<OwnedOrderRecord>>(documents, StrategyDocuments.Orders) ?? [];
        changes[StrategyDocuments.Orders] = JsonSerializer.Serialize(
            orders.Select(order => order.FinishedAt is null ? order with { FinishedAt = at } : order).ToList(), StateJson.Options);
        await store.SaveAsync(strategyId, changes, cancellationToken).ConfigureAwait(false);
    }

    private static T? Read<T>(IReadOnlyDictionary<string, string> documents, string key) =>
        documents.TryGetValue(key, out var json) ? JsonSerializer.Deserialize<T>(json, StateJson.Options) : default;
}
