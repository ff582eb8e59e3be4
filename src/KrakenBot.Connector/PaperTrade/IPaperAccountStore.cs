using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Where a paper account keeps its balances, orders and fills across restarts. Each <see cref="PaperAccountChange"/>
/// must be stored atomically (all of it or none) and be durable when <see cref="SaveAsync"/> returns: the engine only
/// shows a change (events, balances) after it is stored.
/// </summary>
internal interface IPaperAccountStore
{
    /// <summary>
    /// False when the store cannot record <see cref="PaperOrderStepKind.Amended"/> steps: the engine then refuses an
    /// amend up front instead of failing to store it.
    /// </summary>
    bool CanRecordAmendments { get; }

    /// <summary>The stored account, or null when none was ever initialized.</summary>
    Task<PaperAccountSnapshot?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores one change: its order steps in order, and the new totals of the assets it touched.</summary>
    Task SaveAsync(PaperAccountChange change, CancellationToken cancellationToken = default);

    /// <summary>Replaces every balance with <paramref name="totals"/> (orders and fills are history and are kept).</summary>
    Task ResetAsync(IReadOnlyList<Balance> totals, CancellationToken cancellationToken = default);

    /// <summary>The most recent fills, newest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Fill>> GetRecentFillsAsync(int max, CancellationToken cancellationToken = default);
}

/// <summary>A stored paper account: totals per asset and every order not yet terminal.</summary>
/// <param name="Totals">Total per asset (holds are recomputed from the open orders, so only totals matter).</param>
/// <param name="OpenOrders">Orders not yet filled, cancelled, expired or failed, oldest first.</param>
internal sealed record PaperAccountSnapshot(IReadOnlyList<Balance> Totals, IReadOnlyList<TrackedOrder> OpenOrders);

/// <summary>One atomic change of a paper account.</summary>
/// <param name="Steps">Order changes, each one step from the previous version of its order, in the order they happened.</param>
/// <param name="Balances">The balances (total, with holds) of every asset the change touched.</param>
internal sealed record PaperAccountChange(IReadOnlyList<PaperOrderStep> Steps, IReadOnlyList<Balance> Balances);

/// <summary>One change of one order, with the order as it is after the change.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Order">The order after the change.</param>
/// <param name="Fill">The fill, for <see cref="PaperOrderStepKind.Filled"/>.</param>
internal sealed record PaperOrderStep(PaperOrderStepKind Kind, TrackedOrder Order, Fill? Fill = null);

/// <summary>What an order step records.</summary>
internal enum PaperOrderStepKind
{
    /// <summary>A new order (pending), before the simulated exchange sees it.</summary>
    Created,

    /// <summary>The simulated exchange's order id was assigned.</summary>
    ExchangeOrderIdAssigned,

    /// <summary>The state moved.</summary>
    StateChanged,

    /// <summary>A fill was applied.</summary>
    Filled,

    /// <summary>Price and/or amount changed in place.</summary>
    Amended,
}
