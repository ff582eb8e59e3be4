using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Storage;

/// <summary>
/// One account's orders. Record every change of a <see cref="TrackedOrder"/>, one at a time and in order, passing the
/// order as it is after the change; the journal keeps an append-only event per change plus the current state, and
/// gives back exactly the same <see cref="TrackedOrder"/> on reload. Each record method is durable when it returns
/// and returns false (changing nothing) when that change was already recorded.
/// </summary>
internal sealed class OrderJournal
{
    private readonly AccountJournal _account;

    internal OrderJournal(AccountJournal account) => _account = account;

    /// <summary>
    /// Records a new order (the intent): call it before the order is sent, so that a crash after sending still leaves
    /// a record to reconcile by client order id. The order must be <see cref="OrderState.PendingCreate"/> without fills.
    /// </summary>
    /// <exception cref="JournalConflictException">The client order id is already used by a different order.</exception>
    public Task<bool> RecordCreatedAsync(TrackedOrder order, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction => transaction.RecordCreated(order), cancellationToken);

    /// <summary>Records the exchange's order id (after <see cref="TrackedOrder.WithExchangeOrderId"/>).</summary>
    /// <exception cref="JournalConflictException">Another id is recorded, the id belongs to another order, or a change is missing.</exception>
    public Task<bool> RecordExchangeOrderIdAsync(TrackedOrder order, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction => transaction.RecordExchangeOrderId(order), cancellationToken);

    /// <summary>Records a state change (after <see cref="TrackedOrder.TransitionTo"/>).</summary>
    /// <exception cref="JournalConflictException">The move is not legal from the journaled state, or a change is missing.</exception>
    public Task<bool> RecordStateChangeAsync(TrackedOrder order, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction => transaction.RecordStateChange(order), cancellationToken);

    /// <summary>
    /// Records a fill of this order (after <see cref="TrackedOrder.ApplyFill"/>): the fill row (once per trade id),
    /// the event and the new state, together. False when this trade was already recorded for the order.
    /// </summary>
    /// <exception cref="JournalConflictException">The trade is recorded with other figures or for another order, or a change is missing.</exception>
    public Task<bool> RecordFillAsync(TrackedOrder order, Fill fill, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction => transaction.RecordOrderFill(order, fill), cancellationToken);

    /// <summary>
    /// Records an amend (after <see cref="TrackedOrder.WithAmendment"/>): the new amount and price, in place, with the
    /// same ids. False when this amend was already recorded.
    /// </summary>
    /// <exception cref="JournalConflictException">The amend is not legal from the journaled order, or a change is missing.</exception>
    public Task<bool> RecordAmendedAsync(TrackedOrder order, CancellationToken cancellationToken = default) =>
        _account.WriteAsync(transaction => transaction.RecordAmended(order), cancellationToken);

    /// <summary>The order with this client order id, or null.</summary>
    public Task<TrackedOrder?> GetByClientIdAsync(string clientOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        return _account.ReadAsync((connection, transaction, id) =>
            OrderReads.Find(connection, transaction, id, "client_order_id", clientOrderId), cancellationToken);
    }

    /// <summary>The order with this exchange order id, or null.</summary>
    public Task<TrackedOrder?> GetByExchangeIdAsync(string exchangeOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(exchangeOrderId);
        return _account.ReadAsync((connection, transaction, id) =>
            OrderReads.Find(connection, transaction, id, "exchange_order_id", exchangeOrderId), cancellationToken);
    }

    /// <summary>Every order not yet filled, cancelled, expired or failed (pending ones included), oldest first.</summary>
    public Task<IReadOnlyList<TrackedOrder>> GetOpenAsync(CancellationToken cancellationToken = default) =>
        _account.ReadAsync(OrderReads.Open, cancellationToken);

    /// <summary>Orders (with their fills) newest first by creation time, one page at a time.</summary>
    public Task<JournalPage<TrackedOrder>> GetHistoryAsync(HistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        PageToken.Parse(query.PageToken); // a bad token fails here, with its own message
        return _account.ReadAsync((connection, transaction, id) => OrderReads.History(connection, transaction, id, query), cancellationToken);
    }
}
