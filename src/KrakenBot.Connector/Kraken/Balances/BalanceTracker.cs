using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using KrakenBot.Connector.Kraken.Orders;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Balances;

/// <summary>
/// Balances per asset. Totals come from the WS <c>balances</c> channel (one update per ledger entry) and from
/// <c>BalanceEx</c>; the part held by open orders comes from <c>BalanceEx</c>'s <c>hold_trade</c>. An order we have
/// just placed, not yet known to Kraken, is held locally at once (its worst-case cost, taker fee included), so the
/// same funds cannot be spent twice before the next <c>BalanceEx</c>. Holds are released only when Kraken confirms
/// (the conservative side). Every change of an asset's figures is reported once as <see cref="BalanceChanged"/>.
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
    private Dictionary<string, Balance> _published = new(StringComparer.Ordinal);
    private bool _known;

    public BalanceTracker(MarketCatalog catalog, ExchangeEventHub events, TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _events = events;
        _time = time;
        _logger = logger;
    }

    /// <summary>True once a snapshot (WS or BalanceEx) has been read.</summary>
    public bool IsKnown { get { lock (_gate) return _known; } }

    /// <summary>The current balances (a copy).</summary>
    public IReadOnlyDictionary<string, Balance> Current
    {
        get { lock (_gate) return new Dictionary<string, Balance>(_published, StringComparer.Ordinal); }
    }

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

    /// <summary>
    /// Applies a <c>BalanceEx</c> read. <paramref name="notYetOnKraken"/> are our orders Kraken had not acknowledged when
    /// the read was asked for: only their local holds are kept; every other order's hold is inside <c>hold_trade</c>.
    /// </summary>
    public void OnBalanceEx(KrakenBalances balances, IReadOnlyCollection<string> notYetOnKraken)
    {
        lock (_gate)
        {
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
            PublishChanges();
        }
    }

    /// <summary>Holds the worst-case cost of an order just placed, at once.</summary>
    public void HoldFor(TrackedOrder order, decimal takerFeePercent)
    {
        var request = order.Request;
        (string Asset, decimal Amount) hold = request.Side == OrderSide.Sell
            ? (request.Pair.Base, request.Amount)
            : (request.Pair.Quote, request.Price is { } price ? request.Amount * price * (1m + takerFeePercent / 100m) : 0m);
        if (hold.Amount <= 0m) return;
        lock (_gate)
        {
            _localHolds[order.ClientOrderId] = hold;
            PublishChanges();
        }
    }

    /// <summary>The order never reached Kraken (refused or failed): its local hold goes.</summary>
    public void Release(string clientOrderId)
    {
        lock (_gate)
        {
            if (_localHolds.Remove(clientOrderId)) PublishChanges();
        }
    }

    private void PublishChanges()
    {
        var held = new Dictionary<string, decimal>(_exchangeHeld, StringComparer.Ordinal);
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
    }

    private string CommonName(string asset) => _catalog.TryGetAsset(asset, out var known) ? known.CommonName : asset;
}
