using System.Collections.Concurrent;
using KrakenBot.Connector.Diagnostics;
using KrakenBot.Connector.Kraken.Balances;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Places orders: validate against the pair's rules and the available balance (a clear error, nothing sent or
/// journaled), journal the intent, hold the funds, then send in the background with a fresh UUID client order id
/// (WebSocket, REST when the socket is down), waiting on the pair's trading counter first. When the outcome is
/// unknown (no answer, connection lost after sending) the order is looked up by client order id, open then closed,
/// and is never sent again: no duplicate, no orphan.
/// </summary>
internal sealed class OrderPlacer
{
    private readonly MarketCatalog _catalog;
    private readonly OrderTracker _tracker;
    private readonly BalanceTracker _balances;
    private readonly TradingChannel _channel;
    private readonly TradingRateBudget _budget;
    private readonly IOrderQueries _queries;
    private readonly Func<Guid> _newId;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Task> _sending = new(StringComparer.Ordinal);
    private readonly Func<TradingPair, decimal> _takerFeePercent;

    public OrderPlacer(MarketCatalog catalog, OrderTracker tracker, BalanceTracker balances, TradingChannel channel,
        TradingRateBudget budget, IOrderQueries queries, Func<TradingPair, decimal> takerFeePercent, Func<Guid> newId,
        TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _tracker = tracker;
        _balances = balances;
        _channel = channel;
        _budget = budget;
        _queries = queries;
        _takerFeePercent = takerFeePercent;
        _newId = newId;
        _time = time;
        _logger = logger;
    }

    /// <summary>How far ahead of sending the <c>deadline</c> is: Kraken refuses an order that reaches it later.</summary>
    public TimeSpan SendDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long past an order's deadline, on our clock, an order with no answer is looked up for the last time: covers
    /// the difference between our clock and Kraken's, and the time an accepted order takes to show in its lists.
    /// </summary>
    public TimeSpan DeadlineMargin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The pair's current rule (kept current by the instrument channel); the catalog's, as loaded, by default.</summary>
    public Func<MarketPair, TradingRule> CurrentRule { get; init; } = static pair => pair.Rule;

    /// <summary>Where order round-trips (send to acknowledgement) are measured.</summary>
    public ConnectorMetrics Metrics { get; init; } = ConnectorMetrics.Default;

    /// <summary>Raised when an outcome-unknown order could not be resolved now (reconciliation will retry).</summary>
    public event Action<string>? ReconciliationNeeded;

    /// <summary>True while the order's send (and outcome lookup) is still running.</summary>
    public bool IsBeingSent(string clientOrderId) => _sending.ContainsKey(clientOrderId);

    /// <summary>Every send still running (awaited on stop).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_sending.Values);

    /// <summary>Set when this connector must place nothing more (another process took its place in the fleet): thrown by <see cref="Place"/>.</summary>
    public JournalInUseException? Refusal { get; set; }

    /// <summary>Validates, journals and starts sending; returns our client order id once the intent is durable.</summary>
    public string Place(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Refusal is { } refusal) throw new JournalInUseException(refusal.JournalPath, refusal.Message, refusal);
        var pair = _catalog.GetPair(request.Pair);
        CurrentRule(pair).Validate(request);
        decimal feePercent = _takerFeePercent(request.Pair);
        CheckFunds(request, feePercent);

        string clientOrderId = _newId().ToString("D");
        var order = TrackedOrder.Create(clientOrderId, request, _time.GetUtcNow());
        _tracker.Add(order);
        _balances.HoldFor(order, feePercent);
        var send = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sending[clientOrderId] = send.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await SendAsync(pair, order).ConfigureAwait(false);
            }
            finally
            {
                _sending.TryRemove(clientOrderId, out _);
                send.TrySetResult();
            }
        });
        return clientOrderId;
    }

    private void CheckFunds(OrderRequest request, decimal takerFeePercent)
    {
        string asset;
        decimal needed;
        if (request.Side == OrderSide.Sell)
        {
            (asset, needed) = (request.Pair.Base, request.Amount);
        }
        else if (request.Price is { } price)
        {
            (asset, needed) = (request.Pair.Quote, request.Amount * price * (1m + takerFeePercent / 100m));
        }
        else
        {
            return; // a market buy's cost is only known on the book: Kraken checks it
        }

        if (_balances.Available(asset) is { } available && available < needed)
            throw new InsufficientFundsException(
                $"Not enough {asset} for {request}: it needs up to {Trim(needed).ToString(System.Globalization.CultureInfo.InvariantCulture)} {asset} (taker fee included) and {Trim(available).ToString(System.Globalization.CultureInfo.InvariantCulture)} is available. " +
                "Lower the amount, or cancel open orders that hold funds.");
    }

    // Drops trailing zeros for display (0.40000 → 0.4).
    private static decimal Trim(decimal value) => value / 1.000000000000000000000000000000000m;

    private async Task SendAsync(MarketPair pair, TrackedOrder order)
    {
        string clientId = order.ClientOrderId;
        // The latest deadline any attempt was sent with: Kraken cannot accept the order after it.
        DateTimeOffset deadline = _time.GetUtcNow() + SendDeadline;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                await _budget.WaitAsync(pair.Pair, TradingCost.AddOrder, CancellationToken.None).ConfigureAwait(false);
                try
                {
                    deadline = _time.GetUtcNow() + SendDeadline;
                    long sent = _time.GetTimestamp();
                    string txid = await _channel.AddOrderAsync(pair, order.Request, clientId, deadline,
                        CancellationToken.None).ConfigureAwait(false);
                    Metrics.OrderRoundTrip(_time.GetElapsedTime(sent));
                    Accepted(clientId, txid);
                    return;
                }
                catch (RateLimitException) when (attempt < 3)
                {
                    // Refused before it took effect: the counter is fuller than modelled. Wait for it and send again.
                    _budget.OnRateLimitExceeded(pair.Pair);
                    _logger.LogWarning("Kraken refused order {ClientOrderId} for the rate limit; waiting for the trading counter.", clientId);
                }
            }
        }
        catch (JournalUnavailableException ex)
        {
            // Never sent: the shared trading counter, or the nonce for a REST send, lives in the journal, and every
            // attempt before this one was refused. It fails now if the journal can record that, else reconciliation
            // settles it once the journal is back (Kraken has no order with its client order id).
            _logger.LogWarning("Order {ClientOrderId} not sent: {Reason}", clientId, ex.Message);
            NeverSent(clientId, "Not sent: the journal could not be reached to book it on the shared trading counter.");
        }
        catch (ExchangeException ex) when (ex.Category is ExchangeErrorCategory.OutcomeUnknown
            || ex is ServiceUnavailableException { IsRetrySafe: false } || ex is NetworkException { IsRetrySafe: false })
        {
            _logger.LogWarning("Order {ClientOrderId}: {Reason} Looking it up by client order id.", clientId, ex.Message);
            await ResolveUnknownAsync(clientId, deadline).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            string reason = ex.ExchangeError ?? ex.Message;
            bool postOnly = ex is OrderRejectedException { IsPostOnlyRejection: true } || ExecutionMapper.IsPostOnlyRejection(ex.ExchangeError);
            _tracker.Fail(clientId, postOnly ? ExchangeErrorCategory.OrderRejected : ex.Category, reason, postOnly);
            _balances.Release(clientId);
        }
        catch (Exception ex)
        {
            // Unknown failure after the intent was journaled: treat as outcome unknown, never resend blindly.
            _logger.LogError(ex, "Order {ClientOrderId}: unexpected failure while sending; looking it up.", clientId);
            await ResolveUnknownAsync(clientId, deadline).ConfigureAwait(false);
        }
    }

    private void NeverSent(string clientId, string reason)
    {
        try
        {
            if (_tracker.Fail(clientId, ExchangeErrorCategory.ServiceUnavailable, reason, false)) _balances.Release(clientId);
        }
        catch (JournalException)
        {
            ReconciliationNeeded?.Invoke($"order {clientId} not sent while the journal was unreachable");
        }
    }

    private void Accepted(string clientId, string txid)
    {
        _tracker.SetExchangeId(clientId, txid);
        // The executions stream may already have moved it further (filled, cancelled): then this changes nothing.
        if (_tracker.Get(clientId) is { State: OrderState.PendingCreate }) _tracker.MoveTo(clientId, OrderState.Open);
        // Without the executions stream nothing would report its fills: reconciliation reads them over REST.
        if (!_channel.SocketReady) ReconciliationNeeded?.Invoke($"order {clientId} placed while the user stream is down");
    }

    /// <summary>
    /// The order may or may not be on Kraken. Look it up by client order id; if it is not there yet, wait until its
    /// deadline has passed on Kraken's clock (ours plus <see cref="DeadlineMargin"/>), when Kraken can no longer accept
    /// it, and look again. Found: adopt it. Not found then: it was never placed. Lookup impossible now: leave it pending
    /// for reconciliation. In no case is it sent again.
    /// </summary>
    private async Task ResolveUnknownAsync(string clientId, DateTimeOffset deadline)
    {
        try
        {
            var found = await Reconciler.FindByClientIdAsync(_queries, clientId, CancellationToken.None).ConfigureAwait(false);
            if (found is null)
            {
                TimeSpan wait = deadline + DeadlineMargin - _time.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, _time).ConfigureAwait(false);
                found = await Reconciler.FindByClientIdAsync(_queries, clientId, CancellationToken.None).ConfigureAwait(false);
            }

            if (found is not null)
            {
                Accepted(clientId, found.TxId);
                ReconciliationNeeded?.Invoke($"order {clientId} found after an unknown outcome");
            }
            else if (_tracker.Fail(clientId, ExchangeErrorCategory.OutcomeUnknown,
                "No answer from Kraken, and Kraken has no order with this client order id after its deadline: it was never placed.", false))
            {
                _balances.Release(clientId);
            }
        }
        catch (Exception ex) when (ex is ExchangeException or JournalException)
        {
            _logger.LogWarning("Order {ClientOrderId} could not be looked up ({Reason}); reconciliation will resolve it.", clientId, ex.Message);
            ReconciliationNeeded?.Invoke($"order {clientId} outcome unknown");
        }
    }
}
