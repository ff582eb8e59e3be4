using System.Collections.Concurrent;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>What became of a fill handed to <see cref="OrderTracker.ApplyFill"/>.</summary>
internal enum FillOutcome
{
    /// <summary>New: recorded, journaled and reported.</summary>
    Applied,
    /// <summary>This trade id was already recorded for the order: nothing changed.</summary>
    Duplicate,
    /// <summary>No tracked order matches the fill's ids.</summary>
    UnknownOrder,
    /// <summary>The fill contradicts the order (overfill, wrong side or pair): not applied, reconciliation needed.</summary>
    Rejected,
}

/// <summary>
/// Every order we placed, one <see cref="TrackedOrder"/> state machine each. Each change is checked by the order
/// itself (legal transition, a trade counted once, never overfilled), written to the journal before it is visible,
/// and reported as one event, all under one lock so that events come out in the order of changes. Reading one order
/// (<see cref="Get"/>, <see cref="Find"/>) takes no lock: it sees the order as last made visible, and never waits for a
/// journal write under way (a strategy reading its orders on the socket's thread before it requotes).
/// </summary>
internal sealed class OrderTracker
{
    private readonly Lock _gate = new();
    // Written under _gate only; read without it by Get and Find.
    private readonly ConcurrentDictionary<string, TrackedOrder> _byClientId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _clientIdByExchangeId = new(StringComparer.Ordinal);
    private long _changes;
    private readonly AccountJournal? _journal;
    private readonly ExchangeEventHub _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OrderTracker(AccountJournal? journal, ExchangeEventHub events, TimeProvider time, ILogger logger)
    {
        _journal = journal;
        _events = events;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Raised (under the tracker's lock) for any change of an order, journaled and not yet visible to readers: the balance
    /// keeper recomputes holds.
    /// </summary>
    public event Action<TrackedOrder>? OrderChanged;

    /// <summary>
    /// Raised (under the tracker's lock, before the fill is reported as an event) once per fill applied, from the
    /// socket or from reconciliation alike: the fill-latency metric hears every fill.
    /// </summary>
    public event Action<Fill>? FillApplied;

    /// <summary>Orders not yet terminal, oldest first.</summary>
    public IReadOnlyList<TrackedOrder> Open
    {
        get
        {
            lock (_gate)
            {
                var open = new List<TrackedOrder>();
                foreach (var (_, order) in _byClientId)
                    if (!order.IsTerminal) open.Add(order);
                open.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
                return open;
            }
        }
    }

    /// <summary>Every order known (open, or finished since loaded) carrying <paramref name="clientTag"/>, oldest first.</summary>
    public IReadOnlyList<TrackedOrder> Tagged(string clientTag)
    {
        lock (_gate)
        {
            var tagged = new List<TrackedOrder>();
            foreach (var (_, order) in _byClientId)
                if (order.Request.ClientTag == clientTag) tagged.Add(order);
            tagged.Sort(static (a, b) => a.CreatedAt.CompareTo(b.CreatedAt));
            return tagged;
        }
    }

    /// <summary>
    /// A count that grows after every change made visible (loaded, added, stored): whoever read the orders while it was N
    /// knows none changed while it still is (see <see cref="Trading.IExchange.OrderChanges"/>).
    /// </summary>
    public long Changes => Volatile.Read(ref _changes);

    /// <summary>The order as last made visible (no lock: a change being journaled is not visible yet).</summary>
    public TrackedOrder? Get(string clientOrderId) => _byClientId.GetValueOrDefault(clientOrderId);

    /// <summary>Finds an order by our id, else by the exchange's id (no lock, as <see cref="Get"/>).</summary>
    public TrackedOrder? Find(string? clientOrderId, string? exchangeOrderId) => Lookup(clientOrderId, exchangeOrderId);

    /// <summary>Adopts orders read back from the journal after a restart (no events: they are not new).</summary>
    public void Load(IEnumerable<TrackedOrder> orders)
    {
        lock (_gate)
        {
            foreach (var order in orders)
            {
                _byClientId[order.ClientOrderId] = order;
                if (order.ExchangeOrderId is { } exchangeId) _clientIdByExchangeId[exchangeId] = order.ClientOrderId;
            }
            Interlocked.Increment(ref _changes);
        }
    }

    /// <summary>Records a new order's intent (durable in the journal) before anything is sent.</summary>
    public void Add(TrackedOrder order)
    {
        lock (_gate)
        {
            if (_byClientId.ContainsKey(order.ClientOrderId))
                throw new InvalidOperationException($"Client order id {order.ClientOrderId} is already tracked.");
            Journal(t => t.RecordCreated(order));
            _byClientId[order.ClientOrderId] = order;
            Interlocked.Increment(ref _changes);
        }
    }

    /// <summary>
    /// Adopts an order placed outside this connector that is open on the exchange: journaled (intent, exchange id and
    /// open state in one transaction) under <see cref="TrackedOrder.ExternalClientOrderId"/>, then reported as
    /// <see cref="OrderCreated"/> with <see cref="TrackedOrder.IsExternal"/> set. Returns the order already tracked
    /// under that exchange id instead, changing nothing.
    /// </summary>
    public TrackedOrder AdoptExternal(string exchangeOrderId, OrderRequest request, DateTimeOffset openedAt)
    {
        lock (_gate)
        {
            string clientId = TrackedOrder.ExternalClientOrderId(exchangeOrderId);
            if (Lookup(clientId, exchangeOrderId) is { } known) return known;
            var now = Now();
            var created = TrackedOrder.Create(clientId, request, openedAt);
            var withId = created.WithExchangeOrderId(exchangeOrderId, now);
            var open = withId.TransitionTo(OrderState.Open, now);
            Journal(t =>
            {
                t.RecordCreated(created);
                t.RecordExchangeOrderId(withId);
                return t.RecordStateChange(open);
            });
            Store(open);
            _events.Publish(new OrderCreated(now, open));
            return open;
        }
    }

    /// <summary>Records the exchange's id for the order (idempotent). Returns the order, or null when unknown.</summary>
    public TrackedOrder? SetExchangeId(string clientOrderId, string exchangeOrderId)
    {
        lock (_gate)
        {
            if (!_byClientId.TryGetValue(clientOrderId, out var order)) return null;
            if (order.ExchangeOrderId == exchangeOrderId) return order;
            if (order.ExchangeOrderId is not null)
            {
                _logger.LogError("Order {ClientOrderId} has exchange id {Known}; Kraken now names {Other}. Keeping the first.",
                    clientOrderId, order.ExchangeOrderId, exchangeOrderId);
                return order;
            }
            var next = order.WithExchangeOrderId(exchangeOrderId, Now());
            Journal(t => t.RecordExchangeOrderId(next));
            Store(next);
            return next;
        }
    }

    /// <summary>
    /// Moves the order to <paramref name="state"/> when that is a legal move, and reports it. A move that is not
    /// legal (a stale or duplicated message) changes nothing and returns false.
    /// </summary>
    public bool MoveTo(string clientOrderId, OrderState state, string? reason = null)
    {
        lock (_gate)
        {
            if (!_byClientId.TryGetValue(clientOrderId, out var order)) return false;
            if (order.State == state || !OrderStates.CanTransition(order.State, state)) return false;
            var next = order.TransitionTo(state, Now(), state == OrderState.Failed ? reason ?? "refused by the exchange" : null);
            Journal(t => t.RecordStateChange(next));
            Store(next);
            ExchangeEvent? e = state switch
            {
                OrderState.Open when order.State == OrderState.PendingCreate => new OrderCreated(Now(), next),
                OrderState.Cancelled => new OrderCancelled(Now(), next, reason),
                OrderState.Expired => new OrderExpired(Now(), next),
                OrderState.Filled => new OrderFilled(Now(), next),
                _ => null,
            };
            if (e is not null) _events.Publish(e);
            return true;
        }
    }

    /// <summary>
    /// The exchange refused a cancel: the order goes from pending-cancel back to <paramref name="backTo"/> (its state
    /// before the cancel) and <see cref="OrderCancelRejected"/> carries the exchange's reason. False, changing nothing,
    /// when the order has moved on meanwhile (filled, cancelled).
    /// </summary>
    public bool RejectCancel(string clientOrderId, OrderState backTo, string reason)
    {
        lock (_gate)
        {
            if (!_byClientId.TryGetValue(clientOrderId, out var order)) return false;
            if (order.State != OrderState.PendingCancel || !OrderStates.CanTransition(order.State, backTo)) return false;
            var next = order.TransitionTo(backTo, Now(), null);
            Journal(t => t.RecordStateChange(next));
            Store(next);
            _events.Publish(new OrderCancelRejected(Now(), next, reason));
            return true;
        }
    }

    /// <summary>The exchange refused the order: it ends Failed, with the category and reason callers act on.</summary>
    public bool Fail(string clientOrderId, ExchangeErrorCategory category, string reason, bool isPostOnlyRejection)
    {
        lock (_gate)
        {
            if (!_byClientId.TryGetValue(clientOrderId, out var order)) return false;
            if (!OrderStates.CanTransition(order.State, OrderState.Failed)) return false;
            var next = order.TransitionTo(OrderState.Failed, Now(), reason);
            Journal(t => t.RecordStateChange(next));
            Store(next);
            _events.Publish(new OrderFailed(Now(), next, category, reason, isPostOnlyRejection));
            return true;
        }
    }

    /// <summary>
    /// Applies a fill to its order exactly once (by trade id): journaled with the order's new state, then reported as
    /// <see cref="FillRecorded"/> and <see cref="OrderPartiallyFilled"/> or <see cref="OrderFilled"/>.
    /// </summary>
    public FillOutcome ApplyFill(Fill fill, out TrackedOrder? order)
    {
        lock (_gate)
        {
            order = Lookup(fill.ClientOrderId, fill.ExchangeOrderId);
            if (order is null) return FillOutcome.UnknownOrder;
            foreach (var existing in order.Fills)
                if (existing.TradeId == fill.TradeId) return FillOutcome.Duplicate;

            // The exchange id is its own journaled change, before the fill.
            if (order.ExchangeOrderId is null && fill.ExchangeOrderId is not null)
            {
                var withId = order.WithExchangeOrderId(fill.ExchangeOrderId, Now());
                Journal(t => t.RecordExchangeOrderId(withId));
                Store(withId);
                order = withId;
            }

            TrackedOrder next;
            try
            {
                next = order.ApplyFill(fill, Now());
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                _logger.LogError("Fill {TradeId} was not applied to order {ClientOrderId}: {Reason}", fill.TradeId, order.ClientOrderId, ex.Message);
                return FillOutcome.Rejected;
            }

            Journal(t => t.RecordOrderFill(next, fill));
            var before = order.State;
            Store(next);
            order = next;
            FillApplied?.Invoke(fill);
            var now = Now();
            _events.Publish(new FillRecorded(now, fill));
            if (next.State == OrderState.Filled && before != OrderState.Filled)
                _events.Publish(new OrderFilled(now, next));
            else
                _events.Publish(new OrderPartiallyFilled(now, next, fill));
            return FillOutcome.Applied;
        }
    }

    /// <summary>
    /// Records an amend Kraken confirmed (new price and/or amount, same ids), journaled, reported as
    /// <see cref="OrderAmended"/>. The same amend seen twice (our reply and the executions stream) changes nothing.
    /// </summary>
    public bool Amend(string clientOrderId, decimal? newPrice, decimal? newAmount)
    {
        lock (_gate)
        {
            if (!_byClientId.TryGetValue(clientOrderId, out var order) || order.IsTerminal) return false;
            bool priceChanges = newPrice is { } price && price != order.Request.Price;
            bool amountChanges = newAmount is { } amount && amount != order.Request.Amount;
            if (!priceChanges && !amountChanges) return false;
            TrackedOrder next;
            try
            {
                next = order.WithAmendment(priceChanges ? newPrice : null, amountChanges ? newAmount : null, Now());
            }
            catch (Exception ex) when (ex is InvalidOperationException or ExchangeValidationException)
            {
                _logger.LogError("Amend of order {ClientOrderId} could not be applied: {Reason}", clientOrderId, ex.Message);
                return false;
            }
            Journal(t => t.RecordAmended(next));
            Store(next);
            _events.Publish(new OrderAmended(Now(), next));
            return true;
        }
    }

    // Reads only: safe with or without _gate.
    private TrackedOrder? Lookup(string? clientOrderId, string? exchangeOrderId)
    {
        if (clientOrderId is not null && _byClientId.TryGetValue(clientOrderId, out var byClient)) return byClient;
        if (exchangeOrderId is not null && _clientIdByExchangeId.TryGetValue(exchangeOrderId, out var clientId))
            return _byClientId.GetValueOrDefault(clientId);
        return null;
    }

    // Journaled already. The holds follow the change before readers can see it (as when every read took the lock), the
    // count after: a reader that saw the old count reads again next time, so none misses the change.
    private void Store(TrackedOrder order)
    {
        OrderChanged?.Invoke(order);
        _byClientId[order.ClientOrderId] = order;
        if (order.ExchangeOrderId is { } exchangeId) _clientIdByExchangeId[exchangeId] = order.ClientOrderId;
        Interlocked.Increment(ref _changes);
    }

    // The journal's synchronous path: the change is on disk before it is stored or reported ("journaled before
    // visible"), and under the lock nothing waits on a task that needs another pool thread to finish.
    private void Journal(Func<JournalTransaction, bool> write)
    {
        if (_journal is null) return;
        using var transaction = _journal.BeginTransaction();
        write(transaction);
        transaction.Commit();
    }

    private DateTimeOffset Now() => _time.GetUtcNow();
}
