using System.Diagnostics;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Turns <c>executions</c> entries into changes of our tracked orders: acknowledgements, fills (each trade id once),
/// cancels, expiries and post-only rejections. Messages may come twice or out of order: a duplicate changes nothing
/// and a stale state is refused by the order's state machine. After each entry the order's filled amount is checked
/// against Kraken's <c>cum_qty</c>; when Kraken has counted more than we recorded, a fill was missed and
/// reconciliation is asked for (it recovers the fill exactly once).
/// </summary>
internal sealed class ExecutionMapper
{
    private readonly OrderTracker _tracker;
    private readonly MarketCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _mismatches;
    private List<ExecutionReport>? _spareReports;

    public ExecutionMapper(OrderTracker tracker, MarketCatalog catalog, TimeProvider time, ILogger logger)
    {
        _tracker = tracker;
        _catalog = catalog;
        _time = time;
        _logger = logger;
    }

    /// <summary>This connector's share of the client order ids on a key a fleet shares; executions of the others' orders are ignored.</summary>
    public FleetNamespace? Fleet { get; init; }

    /// <summary>Raised when the stream shows something was missed (the reason says what).</summary>
    public event Action<string>? ReconciliationNeeded;

    /// <summary>Raised for every fill applied (not for duplicates), after it is journaled and reported.</summary>
    public event Action<Fill>? FillApplied;

    /// <summary>How many times Kraken's <c>cum_qty</c> was above the amount we had recorded.</summary>
    public long CumulativeMismatches => Interlocked.Read(ref _mismatches);

    /// <summary><see cref="Stopwatch"/> arrival timestamp of the frame being applied (read by the latency benchmark from <see cref="FillApplied"/> handlers).</summary>
    public long CurrentFrameTimestamp { get; private set; }

    /// <summary><see cref="Stopwatch"/> timestamp of when applying the current frame began (after any queueing).</summary>
    public long CurrentFrameStartedAt { get; private set; }

    /// <summary>Applies one raw <c>executions</c> frame that arrived now.</summary>
    public void OnFrame(ReadOnlySpan<byte> utf8) => OnFrame(utf8, Stopwatch.GetTimestamp());

    /// <summary>Applies one raw <c>executions</c> frame. A malformed frame is logged and reconciliation asked for.</summary>
    /// <param name="arrivedAt"><see cref="Stopwatch"/> timestamp of the frame's arrival from the socket.</param>
    public void OnFrame(ReadOnlySpan<byte> utf8, long arrivedAt)
    {
        CurrentFrameTimestamp = arrivedAt;
        CurrentFrameStartedAt = Stopwatch.GetTimestamp();
        // One list reused frame after frame; taken out while in use, so a concurrent or nested call gets its own.
        var reports = Interlocked.Exchange(ref _spareReports, null) ?? new List<ExecutionReport>(4);
        try
        {
            try
            {
                ExecutionParser.Parse(utf8, reports);
            }
            catch (UnexpectedResponseException ex)
            {
                _logger.LogError("An executions message could not be read ({Reason}); reconciling to recover it.", ex.Message);
                ReconciliationNeeded?.Invoke("unreadable executions message");
                return;
            }

            foreach (var report in reports) Apply(report);
        }
        finally
        {
            reports.Clear();
            _spareReports = reports;
        }
    }

    public void Apply(ExecutionReport report)
    {
        var order = _tracker.Find(report.ClientOrderId, report.OrderId);
        if (order is null)
        {
            // Another member of the fleet on this key placed it: its business, not ours (nothing to adopt).
            if (Fleet is not null && !Fleet.Owns(report.ClientOrderId)) return;
            // Ours are tracked before they are sent, so this one was placed elsewhere: reconciliation adopts it.
            _logger.LogDebug("Execution {Type} for order {OrderId} that this connector does not track.", report.Type, report.OrderId);
            ReconciliationNeeded?.Invoke("execution of an order placed outside this connector");
            return;
        }

        string clientId = order.ClientOrderId;
        if (order.ExchangeOrderId is null) _tracker.SetExchangeId(clientId, report.OrderId);

        switch (report.Type)
        {
            case ExecutionType.New:
                OpenIfPending(clientId);
                break;
            case ExecutionType.Trade:
                if (report.ExecId is not null && report.LastQuantity is > 0m && report.LastPrice is > 0m)
                    ApplyFill(order, report);
                else
                    OpenIfPending(clientId); // a snapshot entry of a partly filled order
                break;
            case ExecutionType.Canceled:
                if (IsPostOnlyRejection(report.Reason) && _tracker.Get(clientId) is { State: OrderState.PendingCreate, FilledAmount: 0m })
                    _tracker.Fail(clientId, ExchangeErrorCategory.OrderRejected, report.Reason!, isPostOnlyRejection: true);
                else
                    _tracker.MoveTo(clientId, OrderState.Cancelled, report.Reason);
                break;
            case ExecutionType.Expired:
                _tracker.MoveTo(clientId, OrderState.Expired);
                break;
            case ExecutionType.Amended:
            case ExecutionType.Restated:
                // A read-only stop's limit_price may be an offset (limit_price_type pct/quote), never a price to keep.
                decimal? amendedPrice = order.IsReadOnly && order.Request.Price is null ? null : report.LimitPrice;
                if (report.OrderQuantity is not null || amendedPrice is not null)
                    _tracker.Amend(clientId, amendedPrice, report.OrderQuantity);
                break;
            case ExecutionType.Filled:
                var current = _tracker.Get(clientId)!;
                if (current.FilledAmount == current.Request.Amount) _tracker.MoveTo(clientId, OrderState.Filled);
                break;
        }

        CheckCumulative(clientId, report);
    }

    // Only a pending order opens: a late "new" must not undo a pending cancel or a fill.
    private void OpenIfPending(string clientId)
    {
        if (_tracker.Get(clientId) is { State: OrderState.PendingCreate }) _tracker.MoveTo(clientId, OrderState.Open);
    }

    /// <summary>Kraken words a post-only refusal as <c>Post only order</c> (REST and the cancel reason alike).</summary>
    public static bool IsPostOnlyRejection(string? reason) =>
        reason is not null && reason.Contains("post only", StringComparison.OrdinalIgnoreCase);

    private void ApplyFill(TrackedOrder order, ExecutionReport report)
    {
        string feeAsset = order.Request.Pair.Quote;
        if (report.FeeAsset is { } asset)
            feeAsset = _catalog.TryGetAsset(asset, out var known) ? known.CommonName : asset;
        Fill fill;
        try
        {
            fill = new Fill(report.ExecId!, order.ClientOrderId, report.OrderId, order.Request.Pair, order.Request.Side,
                report.LastPrice!.Value, report.LastQuantity!.Value, report.FeeQuantity ?? 0m, feeAsset,
                report.IsMaker ?? false, report.Timestamp ?? _time.GetUtcNow());
        }
        catch (ArgumentException ex)
        {
            _logger.LogError("Execution {ExecId} of order {OrderId} is not a valid fill ({Reason}); reconciling.", report.ExecId, report.OrderId, ex.Message);
            ReconciliationNeeded?.Invoke("invalid fill in executions");
            return;
        }

        var outcome = _tracker.ApplyFill(fill, out _);
        if (outcome == FillOutcome.Applied) FillApplied?.Invoke(fill);
        else if (outcome == FillOutcome.Rejected) ReconciliationNeeded?.Invoke($"fill {fill.TradeId} contradicts order {order.ClientOrderId}");
    }

    private void CheckCumulative(string clientId, ExecutionReport report)
    {
        if (report.CumulativeQuantity is not { } cumulative) return;
        var order = _tracker.Get(clientId);
        if (order is null || order.FilledAmount >= cumulative) return; // equal, or an older message arriving late
        Interlocked.Increment(ref _mismatches);
        _logger.LogWarning("Order {ClientOrderId}: Kraken counts {Cumulative} filled, we recorded {Filled}; reconciling to recover the missing fill.",
            clientId, cumulative, order.FilledAmount);
        ReconciliationNeeded?.Invoke($"cum_qty {cumulative} above recorded {order.FilledAmount} for {clientId}");
    }
}
