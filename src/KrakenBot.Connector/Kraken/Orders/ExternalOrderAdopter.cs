using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Orders open on the account that this connector did not place (another tool, the website, a second bot on the same
/// key). Ignoring them would leave their holds and fills unexplained, so each one is adopted as a tracked order marked
/// <see cref="TrackedOrder.IsExternal"/>: journaled, reported once as <see cref="Trading.Events.OrderCreated"/>, and
/// followed to its end like ours (fills journaled once by trade id). Orders of types KrakenBot does not place (stops,
/// take-profits, trailing stops, icebergs) are adopted read-only, with their trigger (see <see cref="TrackedOrder.IsReadOnly"/>).
/// One this connector cannot represent (a pair missing from the catalog, a reply it cannot read) is logged once and
/// left alone.
/// </summary>
internal sealed class ExternalOrderAdopter
{
    private readonly MarketCatalog _catalog;
    private readonly OrderTracker _tracker;
    private readonly AccountJournal? _journal;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, UntrackedOrder> _leftAlone = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _fleetOrders = new(StringComparer.Ordinal); // other members' open orders

    public ExternalOrderAdopter(MarketCatalog catalog, OrderTracker tracker, AccountJournal? journal, ILogger logger)
    {
        _catalog = catalog;
        _tracker = tracker;
        _journal = journal;
        _logger = logger;
    }

    /// <summary>
    /// On a key a fleet shares: this connector's client order ids. Then nothing is adopted: another member's orders
    /// (another namespace) are that member's, skipped quietly; an order placed outside the fleet is left alone and
    /// reported, since every member would otherwise adopt it and each could cancel it.
    /// </summary>
    public FleetNamespace? Fleet { get; init; }

    /// <summary>
    /// Adopts every order in <paramref name="openOnKraken"/> not tracked yet; returns how many were adopted. Those that
    /// cannot be are listed in <see cref="LeftAlone"/>.
    /// </summary>
    /// <param name="isOurs">True for a client order id this connector is sending now (its ack may not be in yet).</param>
    public async Task<int> AdoptAsync(IReadOnlyList<KrakenOrder> openOnKraken, Func<string, bool> isOurs, CancellationToken cancellationToken)
    {
        int adopted = 0;
        KeepOnly(openOnKraken);
        foreach (var order in openOnKraken)
        {
            if (_tracker.Find(order.ClientOrderId, order.TxId) is not null || _leftAlone.ContainsKey(order.TxId)) continue;
            if (order.ClientOrderId is { } clientId && isOurs(clientId)) continue;
            if (Fleet is not null)
            {
                if (_fleetOrders.ContainsKey(order.TxId)) continue;
                if (await IsJournaledAsync(order, cancellationToken).ConfigureAwait(false))
                    _fleetOrders.TryAdd(order.TxId, 0); // another member's (ours are all tracked), followed by that member
                else
                    LeaveAlone(order, $"it was placed outside the fleet sharing this key (this connector is '{Fleet.Member}'); no member adopts it: cancel it where it was placed", LogLevel.Warning);
                continue;
            }
            if (order.UnreadableReason is { } unreadable)
            {
                LeaveAlone(order, $"Kraken's reply for it could not be read ({unreadable}); its hold still counts in balances", LogLevel.Error);
                continue;
            }
            if (await IsJournaledAsync(order, cancellationToken).ConfigureAwait(false))
            {
                // Ours, but no longer open in the journal while Kraken lists it open: never adopt it a second time.
                LeaveAlone(order, "it is in the journal as one of ours, already closed; reconciliation of that order needs a look", LogLevel.Error);
                continue;
            }

            if (RequestOf(order, out string? unsupported) is not { } request)
            {
                LeaveAlone(order, unsupported!, LogLevel.Warning);
                continue;
            }

            var tracked = _tracker.AdoptExternal(order.TxId, request, order.OpenTime);
            _logger.LogWarning("Order {OrderId} ({Request}) was placed outside this connector; tracking it as {ClientOrderId}.",
                order.TxId, request, tracked.ClientOrderId);
            adopted++;
        }
        return adopted;
    }

    private async Task<bool> IsJournaledAsync(KrakenOrder order, CancellationToken cancellationToken)
    {
        if (_journal is null) return false;
        if (await _journal.Orders.GetByExchangeIdAsync(order.TxId, cancellationToken).ConfigureAwait(false) is not null) return true;
        return order.ClientOrderId is { Length: > 0 } clientId
            && await _journal.Orders.GetByClientIdAsync(clientId, cancellationToken).ConfigureAwait(false) is not null;
    }

    /// <summary>Orders open on Kraken that are not tracked, each with why (shown to the user, never silently dropped).</summary>
    public IReadOnlyList<UntrackedOrder> LeftAlone => [.. _leftAlone.Values.OrderBy(o => o.ExchangeOrderId, StringComparer.Ordinal)];

    /// <summary>Forgets orders no longer open on Kraken.</summary>
    public void KeepOnly(IReadOnlyList<KrakenOrder> openOnKraken)
    {
        var open = new HashSet<string>(openOnKraken.Select(o => o.TxId), StringComparer.Ordinal);
        foreach (var txid in _leftAlone.Keys)
            if (!open.Contains(txid)) _leftAlone.TryRemove(txid, out _);
        foreach (var txid in _fleetOrders.Keys)
            if (!open.Contains(txid)) _fleetOrders.TryRemove(txid, out _);
    }

    private void LeaveAlone(KrakenOrder order, string why, LogLevel level)
    {
        if (!_leftAlone.TryAdd(order.TxId, new UntrackedOrder(order.TxId, order.Description.Text, why))) return;
        _logger.Log(level, "Order {OrderId} ({Description}) is open on Kraken but not tracked: {Why}.", order.TxId, order.Description.Text, why);
    }

    /// <summary>The order as a request this connector trades, or null with the reason it cannot be one.</summary>
    private OrderRequest? RequestOf(KrakenOrder order, out string? unsupported)
    {
        unsupported = null;
        var description = order.Description;
        if (description.Pair is null || !_catalog.TryGetPair(description.Pair, out var pair))
        {
            unsupported = $"its pair '{description.Pair}' is not in the markets loaded at start";
            return null;
        }
        if (description.Side is not { } side)
        {
            unsupported = "Kraken did not say its side";
            return null;
        }

        if (!OrderTypes.TryFromKrakenName(description.OrderType, order.OrderFlags.Contains("post", StringComparison.Ordinal), out var type))
        {
            unsupported = $"its type '{description.OrderType}' is not one Kraken documents";
            return null;
        }

        var orderSide = side == KrakenSide.Buy ? OrderSide.Buy : OrderSide.Sell;
        var timeInForce = order.ExpireTime is null ? TimeInForce.Gtc : TimeInForce.Gtd;
        try
        {
            if (type.IsPlaceable())
            {
                return new OrderRequest(pair.Pair, orderSide, type, order.Volume,
                    type == OrderType.Market ? null : description.Price?.Absolute ?? order.LimitPrice, timeInForce, order.ExpireTime);
            }

            // Placed elsewhere and of a type we do not place: followed read-only, with its trigger as Kraken wrote it.
            bool triggered = type.IsTriggered();
            var trigger = triggered && description.Price is { } triggerPrice
                ? new OrderTrigger(triggerPrice.Text, description.Price2?.Text, order.Trigger ?? "last")
                : null;
            decimal? limit = type switch
            {
                OrderType.StopLossLimit or OrderType.TakeProfitLimit or OrderType.TrailingStopLimit => description.Price2?.Absolute,
                OrderType.Iceberg or OrderType.SettlePosition => description.Price?.Absolute,
                _ => null,
            };
            return OrderRequest.ReadOnly(pair.Pair, orderSide, type, order.Volume, limit, trigger, timeInForce, order.ExpireTime);
        }
        catch (ExchangeValidationException ex)
        {
            unsupported = ex.Message;
            return null;
        }
    }
}
