using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Hosting;

/// <summary>
/// A strategy's hands on the exchange: places, amends and cancels its orders and keeps track of which orders are its
/// own (by client order id, and by the client tag every one of them carries, so that they are recognised after a
/// restart even if the process died right after placing one). A place is awaited (the exchange returns once the order
/// is journaled, before any network round trip); an amend or a cancel is sent and its answer comes back on the
/// strategy's loop later, so the loop never waits on the network. Not thread-safe: used on the strategy's loop only.
/// </summary>
public sealed class StrategyOrders
{
    private readonly IExchange _exchange;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<Action> _post;
    private readonly Dictionary<string, OwnedOrder> _orders = new(StringComparer.Ordinal);
    private readonly Action _openSetChanged;
    private IReadOnlyList<OwnedOrder>? _open; // built on the first read after the set changed; never mutated once handed out

    internal StrategyOrders(IExchange exchange, TimeProvider time, string tag, ILogger logger, Action<Action> post)
    {
        _exchange = exchange;
        _time = time;
        Tag = tag;
        _logger = logger;
        _post = post;
        _openSetChanged = () => _open = null;
    }

    /// <summary>The client tag on every order of this strategy (<see cref="OrderRequest.ClientTag"/>).</summary>
    public string Tag { get; }

    /// <summary>Raised on the loop when an amend or cancel the exchange refused has come back.</summary>
    internal event Action<OwnedOrder, OrderAction, Exception>? ActionFailed;

    /// <summary>Raised when the set of owned orders or a persisted field changed (the host saves its state).</summary>
    internal event Action? Changed;

    /// <summary>The strategy's orders not yet in a terminal state, oldest first.</summary>
    public IReadOnlyList<OwnedOrder> Open => _open ??= SortedOpen();

    private List<OwnedOrder> SortedOpen()
    {
        var open = new List<OwnedOrder>(_orders.Count);
        foreach (var order in _orders.Values)
        {
            if (!order.IsTerminal)
            {
                open.Add(order);
            }
        }

        open.Sort(static (a, b) => a.Order.CreatedAt != b.Order.CreatedAt
            ? a.Order.CreatedAt.CompareTo(b.Order.CreatedAt)
            : string.CompareOrdinal(a.ClientOrderId, b.ClientOrderId));
        return open;
    }

    /// <summary>Every tracked order, open or recently finished.</summary>
    internal Dictionary<string, OwnedOrder>.ValueCollection All => _orders.Values;

    /// <summary>
    /// Why no order can be placed now (the journal that must record each order first cannot be reached), or null.
    /// Cleared by the next order placed.
    /// </summary>
    internal string? PlacingBlocked { get; private set; }

    /// <summary>How many amends and cancels are waiting for the exchange's answer.</summary>
    public int InFlight { get; private set; }

    /// <summary>One of the strategy's orders by client order id, or null.</summary>
    public OwnedOrder? Find(string clientOrderId) => _orders.GetValueOrDefault(clientOrderId);

    /// <summary>True when <paramref name="order"/> carries this strategy's tag.</summary>
    public bool IsOurs(TrackedOrder order) => order.Request.ClientTag == Tag;

    /// <summary>
    /// Places an order tagged as this strategy's, labelled <paramref name="label"/>. A refusal the exchange explains
    /// (validation, funds, rate limit, service unavailable) is logged and answers null; the strategy decides again on its
    /// next tick. Anything else propagates (and stops the strategy).
    /// </summary>
    public async ValueTask<OwnedOrder?> PlaceAsync(OrderRequest request, string label, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(label);
        var tagged = request.ClientTag == Tag ? request : new OrderRequest(request.Pair, request.Side, request.Type, request.Amount,
            request.Price, request.TimeInForce, request.ExpireTime, Tag);
        string id;
        try
        {
            id = await _exchange.PlaceOrderAsync(tagged, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException e) when (e.Category is ExchangeErrorCategory.Validation or ExchangeErrorCategory.InsufficientFunds
                                              or ExchangeErrorCategory.RateLimit or ExchangeErrorCategory.ServiceUnavailable
                                              or ExchangeErrorCategory.OrderRejected)
        {
            _logger.LogWarning("Order not placed ({Request}): {Reason}", tagged, e.Message);
            return null;
        }
        catch (JournalException e) when (e.IsUnavailable)
        {
            // Nothing is placed that the journal did not record: quoting stops (the orders on the book stay, under the
            // dead man's switch if armed) and resumes with the first order the journal records again.
            if (PlacingBlocked is null)
            {
                _logger.LogWarning("Not placing orders until the journal is back: {Reason}", e.Message);
            }

            PlacingBlocked = "not placing orders: the journal cannot be reached (" + e.Message + ")";
            return null;
        }

        if (PlacingBlocked is not null)
        {
            _logger.LogInformation("The journal answers again: placing orders.");
            PlacingBlocked = null;
        }

        var snapshot = _exchange.GetOrder(id) ?? TrackedOrder.Create(id, tagged, _time.GetUtcNow());
        var owned = new OwnedOrder(snapshot, label, _time.GetUtcNow(), _openSetChanged);
        _orders[id] = owned;
        _open = null;
        Changed?.Invoke();
        return owned;
    }

    /// <summary>
    /// Sends an amend (price and/or amount in place; the amount is the order's new total, fills included). False when
    /// the order is busy or finished and nothing was sent.
    /// </summary>
    public bool Amend(OwnedOrder order, decimal? newPrice, decimal? newAmount)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.IsBusy || order.IsTerminal || (newPrice is null && newAmount is null))
        {
            return false;
        }

        order.QuotedAt = _time.GetUtcNow();
        Changed?.Invoke();
        Track(order, OrderAction.Amend, _exchange.AmendOrderAsync(order.ClientOrderId, newPrice, newAmount));
        return true;
    }

    /// <summary>Sends a cancel. False when the order is already being cancelled or finished.</summary>
    public bool Cancel(OwnedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.IsTerminal || order.Pending == OrderAction.Cancel || order.Order.State == OrderState.PendingCancel)
        {
            return false;
        }

        Track(order, OrderAction.Cancel, _exchange.CancelOrderAsync(order.ClientOrderId));
        return true;
    }

    /// <summary>
    /// Cancels every open order of the strategy and waits for each request to be answered (used on stop, pause and
    /// failure). An order that finished meanwhile is skipped; other refusals are logged.
    /// </summary>
    public async Task CancelAllAsync(CancellationToken cancellationToken = default)
    {
        var requests = new List<Task>();
        foreach (var order in Open)
        {
            if (order.Order.State == OrderState.PendingCancel)
            {
                continue;
            }

            requests.Add(CancelQuietlyAsync(order, cancellationToken));
        }

        await Task.WhenAll(requests).ConfigureAwait(false);
    }

    /// <summary>Takes an order found on the exchange with this strategy's tag (restart, or an order placed before a crash).</summary>
    internal OwnedOrder Adopt(TrackedOrder order, string label, DateTimeOffset quotedAt)
    {
        if (_orders.TryGetValue(order.ClientOrderId, out var known))
        {
            return known;
        }

        var owned = new OwnedOrder(order, label, quotedAt, _openSetChanged);
        _orders[order.ClientOrderId] = owned;
        _open = null;
        Changed?.Invoke();
        return owned;
    }

    /// <summary>Forgets orders that finished before <paramref name="before"/> (their late fills are no longer expected).</summary>
    /// <returns>When the earliest of the finished orders kept finished (null: none).</returns>
    internal DateTimeOffset? ForgetFinished(DateTimeOffset before)
    {
        List<string>? gone = null;
        DateTimeOffset? earliestKept = null;
        foreach (var order in _orders.Values)
        {
            if (order.FinishedAt is not { } at)
            {
                continue;
            }

            if (at < before)
            {
                (gone ??= []).Add(order.ClientOrderId);
            }
            else if (earliestKept is null || at < earliestKept)
            {
                earliestKept = at;
            }
        }

        if (gone is null)
        {
            return earliestKept;
        }

        foreach (string id in gone)
        {
            _orders.Remove(id);
        }

        _open = null;

        Changed?.Invoke();
        return earliestKept;
    }

    internal void MarkChanged() => Changed?.Invoke();

    private async Task CancelQuietlyAsync(OwnedOrder order, CancellationToken cancellationToken)
    {
        try
        {
            await _exchange.CancelOrderAsync(order.ClientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException e) when (e.Category == ExchangeErrorCategory.UnknownOrder)
        {
            // Filled or cancelled meanwhile.
        }
        catch (Exception e) when (e is ExchangeException or InvalidOperationException)
        {
            _logger.LogWarning("Could not cancel order {Order}: {Reason}", order.ClientOrderId, e.Message);
        }
    }

    private void Track(OwnedOrder order, OrderAction action, Task request)
    {
        order.Pending = action;
        InFlight++;
        if (request.IsCompleted)
        {
            Complete(order, action, request);
            return;
        }

        request.ContinueWith(static (task, state) =>
        {
            var (self, owned, kind) = ((StrategyOrders, OwnedOrder, OrderAction))state!;
            self._post(() => self.Complete(owned, kind, task));
        }, (this, order, action), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Complete(OwnedOrder order, OrderAction action, Task request)
    {
        InFlight--;
        if (order.Pending == action)
        {
            order.Pending = null;
        }

        if (request.Exception?.GetBaseException() is { } error)
        {
            if (error is not ExchangeException { Category: ExchangeErrorCategory.UnknownOrder })
            {
                _logger.LogWarning("{Action} of order {Order} refused: {Reason}", action, order.ClientOrderId, error.Message);
            }

            if (_exchange.GetOrder(order.ClientOrderId) is { } latest)
            {
                order.Order = latest;
            }

            ActionFailed?.Invoke(order, action, error);
        }
    }
}
