using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Streams;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Balances;

/// <summary>
/// Balances per asset. Totals come from the WS <c>balances</c> channel (one update per ledger entry) and from
/// <c>BalanceEx</c>; the part held by open orders comes from <c>BalanceEx</c>'s <c>hold_trade</c>. An order we have
/// just placed, not yet known to Kraken, is held locally at once (its worst-case cost, taker fee included), so the
/// same funds cannot be spent twice before the next <c>BalanceEx</c>. When one of our orders is filled in part or
/// ends (filled, cancelled, expired), the part of the hold it frees is released from the held figure at once (never
/// below 0), so a user never sees funds held by an order that is gone; <c>BalanceEx</c> stays the authority and the
/// next read asked after the release replaces the estimate. Every change of an asset's figures is reported once as
/// <see cref="BalanceChanged"/>.
/// <para>A read asked before one of our fills (or order ends) and answered after it may or may not include it: Kraken
/// gives no sequence that would tell. Applying it could count the fill's release twice (held too low, so funds look
/// spendable that are not) or bring back a hold that is gone; such a read is set aside and the next one, asked after
/// the release, is the authority. Until then the figures are the last unambiguous read with the releases applied.</para>
/// </summary>
internal sealed class BalanceTracker
{
    private readonly Lock _gate = new();
    private readonly MarketCatalog _catalog;
    private readonly ExchangeEventHub _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, decimal> _totals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _exchangeHeld = new(StringComparer.Ordinal);
    // Orders sent but not yet in a BalanceEx we read: client order id → (asset, amount held).
    private readonly Dictionary<string, (string Asset, decimal Amount)> _localHolds = new(StringComparer.Ordinal);
    // Every open order we know: client order id → its estimated hold (local or inside hold_trade).
    private readonly Dictionary<string, OrderHold> _orderHolds = new(StringComparer.Ordinal);
    // Holds inside hold_trade freed since the BalanceEx we show.
    private readonly List<(string Asset, decimal Amount)> _released = [];
    // Counts releases, so that a read can tell whether one happened while it was under way.
    private long _stamp;
    // Replaced whole on every change, never changed after: readers share it (see Current).
    private Dictionary<string, Balance> _published = new(StringComparer.Ordinal);
    private volatile IReadOnlyDictionary<string, Balance> _publishedView = new Dictionary<string, Balance>(StringComparer.Ordinal).AsReadOnly();
    private bool _known;
    private long _reads;

    public BalanceTracker(MarketCatalog catalog, ExchangeEventHub events, TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _events = events;
        _time = time;
        _logger = logger;
    }

    /// <summary>Taker fee in percent for a pair, to estimate the hold of orders placed before this run.</summary>
    public Func<TradingPair, decimal>? TakerFeePercent { get; init; }

    /// <summary>How many <c>BalanceEx</c> reads were applied.</summary>
    public long Reads { get { lock (_gate) return _reads; } }

    /// <summary>True once a snapshot (WS or BalanceEx) has been read.</summary>
    public bool IsKnown { get { lock (_gate) return _known; } }

    /// <summary>
    /// The current balances: a snapshot that never changes (later changes publish a new one), read without a lock or a
    /// copy, since a strategy reads it on every requote.
    /// </summary>
    public IReadOnlyDictionary<string, Balance> Current => _publishedView;

    /// <summary>Available amount of an asset now, local holds included; null before balances are known.</summary>
    public decimal? Available(string asset)
    {
        lock (_gate)
        {
            if (!_known) return null;
            return _published.TryGetValue(asset, out var balance) ? balance.Available : 0m;
        }
    }

    /// <summary>Applies a WS <c>balances</c> frame.</summary>
    public void OnFrame(ReadOnlySpan<byte> utf8)
    {
        List<(string Asset, decimal Total)> entries;
        try
        {
            entries = BalancesParser.Parse(utf8);
        }
        catch (Trading.Errors.UnexpectedResponseException ex)
        {
            _logger.LogError("A balances message could not be read: {Reason}", ex.Message);
            return;
        }
        lock (_gate)
        {
            foreach (var (asset, total) in entries) _totals[CommonName(asset)] = total;
            _known = true;
            PublishChanges();
        }
    }

    /// <summary>Marks the moment a <c>BalanceEx</c> read is asked for; pass the result to <see cref="OnBalanceEx"/>.</summary>
    public long BeginRead()
    {
        lock (_gate) return _stamp;
    }

    /// <summary>
    /// Applies a <c>BalanceEx</c> read. <paramref name="notYetOnKraken"/> are our orders Kraken had not acknowledged when
    /// the read was asked for: only their local holds are kept; every other order's hold is inside <c>hold_trade</c>.
    /// <paramref name="askedAt"/> (from <see cref="BeginRead"/>) is when the read was asked: when one of our orders
    /// freed part of its hold while the read was under way, the answer is ambiguous and is not applied (returns false:
    /// ask again). Without it the read is taken as newer than every release.
    /// </summary>
    /// <returns>True when the read was applied.</returns>
    public bool OnBalanceEx(KrakenBalances balances, IReadOnlyCollection<string> notYetOnKraken, long? askedAt = null)
    {
        lock (_gate)
        {
            if (askedAt is { } asked && _stamp > asked)
            {
                _logger.LogDebug("A BalanceEx read overlapped {Count} hold release(s) of our orders; it is set aside for the next read.",
                    _stamp - asked);
                return false;
            }

            _released.Clear();
            _exchangeHeld.Clear();
            foreach (var entry in balances.Entries)
            {
                if (entry.Kind != KrakenBalanceKind.Spot) continue;
                string asset = CommonName(entry.Asset);
                _totals[asset] = entry.Total;
                _exchangeHeld[asset] = entry.HeldForTrading;
            }
            foreach (var clientId in new List<string>(_localHolds.Keys))
                if (!notYetOnKraken.Contains(clientId)) _localHolds.Remove(clientId);
            _known = true;
            _reads++;
            PublishChanges();
            return true;
        }
    }

    /// <summary>Holds the worst-case cost of an order just placed, at once.</summary>
    public void HoldFor(TrackedOrder order, decimal takerFeePercent)
    {
        if (EstimateHold(order, takerFeePercent) is not { Amount: > 0m } hold) return;
        lock (_gate)
        {
            _localHolds[order.ClientOrderId] = hold;
            _orderHolds[order.ClientOrderId] = new OrderHold(hold.Asset, hold.Amount, order.Fills.Count);
            PublishChanges();
        }
    }

    /// <summary>
    /// Follows a change of one of our orders: a new fill frees what it spent from the order's hold, an order that ended
    /// frees all it still held. The freed part leaves the held figure at once; an order first seen here (placed before
    /// this run or elsewhere) is only noted.
    /// </summary>
    public void OnOrderChanged(TrackedOrder order)
    {
        lock (_gate)
        {
            string clientId = order.ClientOrderId;
            if (!_orderHolds.TryGetValue(clientId, out var hold))
            {
                decimal feePercent = TakerFeePercent?.Invoke(order.Request.Pair) ?? 0m;
                if (order.IsTerminal) return;
                if (EstimateHold(order, feePercent) is { Amount: > 0m } estimate)
                    _orderHolds[clientId] = new OrderHold(estimate.Asset, estimate.Amount, order.Fills.Count);
                else if (order.Request.Side == OrderSide.Buy)
                    // A buy with no fixed price (a stop placed elsewhere at an offset): it holds quote, how much only
                    // hold_trade knows, so the quote's held figure is never zeroed while it is open.
                    _orderHolds[clientId] = new OrderHold(order.Request.Pair.Quote, 0m, order.Fills.Count, AmountUnknown: true);
                return;
            }

            decimal freed = 0m;
            for (int i = hold.FillsSeen; i < order.Fills.Count; i++) freed += SpentFromHold(order.Fills[i], hold.Asset);
            if (order.IsTerminal) freed = hold.Amount;
            if (hold.AmountUnknown)
            {
                // Nothing of it was estimated, so nothing is released here: the next BalanceEx brings Kraken's figure.
                if (order.IsTerminal) _orderHolds.Remove(clientId);
                return;
            }
            freed = Math.Min(freed, hold.Amount);
            if (order.IsTerminal) _orderHolds.Remove(clientId);
            else _orderHolds[clientId] = hold with { Amount = hold.Amount - freed, FillsSeen = order.Fills.Count };
            if (freed <= 0m) return;

            if (_localHolds.TryGetValue(clientId, out var local))
            {
                // Not in hold_trade yet: the local hold shrinks instead.
                decimal left = order.IsTerminal ? 0m : local.Amount - freed;
                if (left > 0m) _localHolds[clientId] = (local.Asset, left);
                else _localHolds.Remove(clientId);
            }
            else
            {
                _released.Add((hold.Asset, freed));
                _stamp++;
            }
            PublishChanges();
        }
    }

    /// <summary>The order never reached Kraken (refused or failed): its local hold goes.</summary>
    public void Release(string clientOrderId)
    {
        lock (_gate)
        {
            _orderHolds.Remove(clientOrderId);
            if (_localHolds.Remove(clientOrderId)) PublishChanges();
        }
    }

    private void PublishChanges()
    {
        var held = new Dictionary<string, decimal>(_exchangeHeld, StringComparer.Ordinal);
        foreach (var (asset, amount) in _released)
        {
            // No order of ours holds the asset any more: nothing of it is held (the estimate may be a rounding short).
            decimal before = held.GetValueOrDefault(asset);
            // Zero keeps the figure's scale (0.0000, not 0), as Kraken would show it.
            decimal zero = before * 0m;
            held[asset] = StillHeldByOrders(asset) ? Math.Max(before - amount, zero) : zero;
        }
        foreach (var (asset, amount) in _localHolds.Values) held[asset] = held.GetValueOrDefault(asset) + amount;

        var next = new Dictionary<string, Balance>(StringComparer.Ordinal);
        foreach (var (asset, total) in _totals)
        {
            decimal h = Math.Min(held.GetValueOrDefault(asset), total);
            next[asset] = Balance.FromTotal(asset, total, Math.Max(h, 0m));
        }

        var now = _time.GetUtcNow();
        foreach (var (asset, balance) in next)
        {
            if (!_published.TryGetValue(asset, out var before) || before != balance)
                _events.Publish(new BalanceChanged(now, balance));
        }
        _published = next;
        _publishedView = next.AsReadOnly();
    }

    private bool StillHeldByOrders(string asset)
    {
        foreach (var hold in _orderHolds.Values)
            if (hold.Asset == asset && (hold.Amount > 0m || hold.AmountUnknown)) return true;
        return false;
    }

    // What a fill takes out of the order's hold: a buy's cost (and its fee when paid in the quote), a sell's amount
    // (and its fee when paid in the base).
    private static decimal SpentFromHold(Fill fill, string holdAsset)
    {
        decimal spent = fill.Side == OrderSide.Buy ? fill.Cost : fill.Amount;
        return fill.FeeAsset == holdAsset ? spent + fill.FeeAmount : spent;
    }

    // The worst case of what the order's rest can spend (a market buy's is unknown: none is estimated).
    private static (string Asset, decimal Amount)? EstimateHold(TrackedOrder order, decimal takerFeePercent)
    {
        var request = order.Request;
        if (request.Side == OrderSide.Sell) return (request.Pair.Base, order.RemainingAmount);
        if (request.Price is not { } price) return null;
        return (request.Pair.Quote, order.RemainingAmount * price * (1m + takerFeePercent / 100m));
    }

    /// <summary>
    /// An order's hold as estimated: the asset, the amount still held and how many of its fills were counted;
    /// <paramref name="AmountUnknown"/> when the order holds the asset but only Kraken knows how much.
    /// </summary>
    private readonly record struct OrderHold(string Asset, decimal Amount, int FillsSeen, bool AmountUnknown = false);

    private string CommonName(string asset) => _catalog.TryGetAsset(asset, out var known) ? known.CommonName : asset;
}
