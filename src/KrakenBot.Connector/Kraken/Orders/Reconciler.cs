using System.Globalization;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Brings our tracked orders in line with what Kraken says happened, whatever the live stream missed: pending orders
/// are looked up by client order id (open, then closed); trades since the last one seen come from
/// <c>TradesHistory</c>; orders no longer in <c>OpenOrders</c> are read with <c>QueryOrders</c> (batches of 50) and
/// any fill they list that we lack is fetched with <c>QueryTrades</c>. Every fill goes through the tracker, which
/// counts a trade id once, so running this any number of times applies a missed fill exactly once. Open orders this
/// connector did not place are adopted as external orders (<see cref="ExternalOrderAdopter"/>). One run at a time.
/// </summary>
internal sealed class Reconciler
{
    private readonly OrderTracker _tracker;
    private readonly IOrderQueries _queries;
    private readonly AccountJournal? _journal;
    private readonly ExchangeEventHub _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _oneRun = new(1, 1);
    private readonly Func<string, bool> _isBeingSent;
    private readonly ExternalOrderAdopter? _external;
    private TradeCursor? _cursor;
    private bool _cursorLoaded;

    public Reconciler(OrderTracker tracker, IOrderQueries queries, AccountJournal? journal, ExchangeEventHub events,
        TimeProvider time, ILogger logger, Func<string, bool>? isBeingSent = null, ExternalOrderAdopter? external = null)
    {
        _tracker = tracker;
        _queries = queries;
        _journal = journal;
        _events = events;
        _time = time;
        _logger = logger;
        _isBeingSent = isBeingSent ?? (static _ => false);
        _external = external;
    }

    /// <summary>
    /// How long a pending order may stay unknown to Kraken before it is declared never placed. Orders are sent with a
    /// <c>deadline</c> shorter than this, so Kraken refuses one that arrives later: no late order can appear after.
    /// </summary>
    public TimeSpan UnknownOrderGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Runs once now (waiting for a run in progress to finish first).</summary>
    public async Task<ReconciliationCompleted> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        await _oneRun.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var counts = new Counts();
            await ResolvePendingAsync(counts, cancellationToken).ConfigureAwait(false);
            await ApplyTradesSinceCursorAsync(counts, cancellationToken).ConfigureAwait(false);
            await RefreshOpenOrdersAsync(counts, cancellationToken).ConfigureAwait(false);
            var done = new ReconciliationCompleted(_time.GetUtcNow(), counts.Orders, counts.Fills, trigger);
            if (counts.Orders > 0 || counts.Fills > 0)
                _logger.LogWarning("Reconciliation ({Trigger}) recovered {Orders} order changes and {Fills} fills the stream missed.",
                    trigger, counts.Orders, counts.Fills);
            _events.Publish(done);
            return done;
        }
        finally
        {
            _oneRun.Release();
        }
    }

    /// <summary>Orders sent but never acknowledged: find them by client order id before anything else happens to them.</summary>
    private async Task ResolvePendingAsync(Counts counts, CancellationToken cancellationToken)
    {
        foreach (var order in _tracker.Open)
        {
            if (order.ExchangeOrderId is not null || _isBeingSent(order.ClientOrderId)) continue;
            var found = await FindByClientIdAsync(_queries, order.ClientOrderId, cancellationToken).ConfigureAwait(false);
            if (found is not null)
            {
                _tracker.SetExchangeId(order.ClientOrderId, found.TxId);
                counts.Orders++;
            }
            else if (_time.GetUtcNow() - order.CreatedAt > UnknownOrderGrace)
            {
                if (_tracker.Fail(order.ClientOrderId, ExchangeErrorCategory.OutcomeUnknown,
                    "Kraken has no order with this client order id (neither open nor closed) after the send deadline: it was never placed.", false))
                    counts.Orders++;
            }
        }
    }

    /// <summary>Looks an order up by client order id: open orders first, then closed ones. Null when Kraken has none.</summary>
    public static async Task<KrakenOrder?> FindByClientIdAsync(IOrderQueries queries, string clientOrderId, CancellationToken cancellationToken)
    {
        var open = await queries.GetOpenOrdersAsync(clientOrderId, cancellationToken).ConfigureAwait(false);
        foreach (var order in open)
            if (order.ClientOrderId == clientOrderId) return order;
        var closed = await queries.GetClosedOrdersAsync(clientOrderId, cancellationToken).ConfigureAwait(false);
        foreach (var order in closed)
            if (order.ClientOrderId == clientOrderId) return order;
        return null;
    }

    private async Task ApplyTradesSinceCursorAsync(Counts counts, CancellationToken cancellationToken)
    {
        if (!_cursorLoaded)
        {
            _cursor = _journal is null ? null : await _journal.GetTradeCursorAsync(cancellationToken).ConfigureAwait(false);
            _cursorLoaded = true;
        }

        // From a second before the last trade seen (by time: not every venue accepts a trade id as the bound); the
        // overlap is harmless, fills count once by trade id. Without a cursor, only trades since our oldest open order
        // can matter; with nothing open, the newest page just sets the cursor.
        string? start = _cursor is null ? null : UnixSeconds(_cursor.Time.AddSeconds(-1));
        bool firstPageOnly = false;
        if (start is null)
        {
            var open = _tracker.Open;
            if (open.Count > 0)
                start = UnixSeconds(open[0].CreatedAt.AddSeconds(-60));
            else
                firstPageOnly = true;
        }

        var trades = await _queries.GetTradesSinceAsync(start, firstPageOnly, cancellationToken).ConfigureAwait(false);
        KrakenTrade? newest = null;
        for (int i = trades.Count - 1; i >= 0; i--) // oldest first, as they happened
        {
            var trade = trades[i];
            if (newest is null || trade.Time >= newest.Time) newest = trade;
            if (_tracker.Find(null, trade.OrderTxId) is { } order && Apply(trade, order)) counts.Fills++;
        }

        if (newest is not null && (_cursor is null || newest.Time >= _cursor.Time) && newest.TradeTxId != _cursor?.TradeId)
        {
            _cursor = new TradeCursor(newest.TradeTxId, newest.Time);
            if (_journal is not null) await _journal.AdvanceTradeCursorAsync(_cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string UnixSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task RefreshOpenOrdersAsync(Counts counts, CancellationToken cancellationToken)
    {
        if (_external is null && _tracker.Open.Count == 0) return;
        var openOnKraken = await _queries.GetOpenOrdersAsync(null, cancellationToken).ConfigureAwait(false);
        if (_external is not null) counts.Orders += await _external.AdoptAsync(openOnKraken, _isBeingSent, cancellationToken).ConfigureAwait(false);
        // Adopted orders are tracked now: fills they had before adoption are recovered below like missed ones.
        var tracked = _tracker.Open;
        if (tracked.Count == 0) return;
        var stillOpen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in openOnKraken) stillOpen.Add(order.TxId);

        var toQuery = new List<string>();
        foreach (var order in tracked)
        {
            if (order.ExchangeOrderId is not { } txid) continue;
            if (!stillOpen.Contains(txid) || order.State == OrderState.PendingCreate) toQuery.Add(txid);
        }

        foreach (var order in openOnKraken)
        {
            var ours = _tracker.Find(order.ClientOrderId, order.TxId);
            if (ours is null) continue;
            if (ours.FilledAmount < order.VolumeExecuted && !toQuery.Contains(order.TxId)) toQuery.Add(order.TxId);
            if (ours.State == OrderState.PendingCancel && _time.GetUtcNow() - ours.UpdatedAt > UnknownOrderGrace)
            {
                // Still open on Kraken long after its cancel was asked: the cancel was refused or lost. It is open again
                // (and can be cancelled again), instead of waiting for a confirmation that will never come.
                _logger.LogWarning("Order {OrderId} is still open on Kraken {Grace} after its cancel was sent: back to open.", order.TxId, UnknownOrderGrace);
                var backTo = ours.FilledAmount > 0 ? OrderState.PartiallyFilled : OrderState.Open;
                if (_tracker.RejectCancel(ours.ClientOrderId, backTo, $"still open on Kraken {UnknownOrderGrace} after the cancel was sent (refused or lost)"))
                    counts.Orders++;
            }
        }

        if (toQuery.Count == 0) return;
        var reported = await _queries.QueryOrdersAsync(toQuery, cancellationToken).ConfigureAwait(false);
        foreach (var krakenOrder in reported)
        {
            if (krakenOrder.UnreadableReason is { } unreadable)
            {
                // Nothing of it is trusted: the order stays as we know it until a reply we can read.
                _logger.LogError("Kraken's report of order {OrderId} could not be read ({Reason}); it keeps its last known state.", krakenOrder.TxId, unreadable);
                continue;
            }
            var ours = _tracker.Find(krakenOrder.ClientOrderId, krakenOrder.TxId);
            if (ours is null) continue;
            await RecoverFillsAsync(krakenOrder, ours, counts, cancellationToken).ConfigureAwait(false);
            ApplyState(krakenOrder, ours.ClientOrderId, counts);
        }
    }

    private async Task RecoverFillsAsync(KrakenOrder krakenOrder, TrackedOrder ours, Counts counts, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var tradeId in krakenOrder.TradeIds)
        {
            bool known = false;
            foreach (var fill in ours.Fills)
                if (fill.TradeId == tradeId) { known = true; break; }
            if (!known) missing.Add(tradeId);
        }
        if (missing.Count == 0) return;
        var trades = await _queries.QueryTradesAsync(missing, cancellationToken).ConfigureAwait(false);
        var sorted = new List<KrakenTrade>(trades);
        sorted.Sort(static (a, b) => a.Time.CompareTo(b.Time));
        foreach (var trade in sorted)
            if (Apply(trade, _tracker.Get(ours.ClientOrderId)!)) counts.Fills++;
    }

    private void ApplyState(KrakenOrder krakenOrder, string clientId, Counts counts)
    {
        var state = KrakenFills.StateOf(krakenOrder);
        var current = _tracker.Get(clientId)!;
        if (state is null || current.State == state) return;
        bool changed = state switch
        {
            OrderState.Open => current.State == OrderState.PendingCreate && _tracker.MoveTo(clientId, OrderState.Open),
            // "closed" means fully filled: only follow once every fill is recorded (the fills move it there).
            OrderState.Filled => current.FilledAmount == current.Request.Amount && _tracker.MoveTo(clientId, OrderState.Filled),
            OrderState.Cancelled when ExecutionMapper.IsPostOnlyRejection(krakenOrder.Reason) && current.State == OrderState.PendingCreate
                => _tracker.Fail(clientId, ExchangeErrorCategory.OrderRejected, krakenOrder.Reason!, isPostOnlyRejection: true),
            _ => _tracker.MoveTo(clientId, state.Value, krakenOrder.Reason),
        };
        if (changed) counts.Orders++;
    }

    private bool Apply(KrakenTrade trade, TrackedOrder order)
    {
        Fill fill;
        try
        {
            fill = KrakenFills.ToFill(trade, order);
        }
        catch (ArgumentException ex)
        {
            _logger.LogError("Trade {TradeId} of order {OrderId} is not a valid fill: {Reason}", trade.TradeTxId, trade.OrderTxId, ex.Message);
            return false;
        }
        return _tracker.ApplyFill(fill, out _) == FillOutcome.Applied;
    }

    private sealed class Counts
    {
        public int Orders;
        public int Fills;
    }
}
