using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.Hosting;

/// <summary>What a strategy is doing to one of its orders right now; the exchange's answer is awaited off the loop.</summary>
public enum OrderAction
{
    /// <summary>An amend (new price and/or amount) was sent.</summary>
    Amend,

    /// <summary>A cancel was sent.</summary>
    Cancel,
}

/// <summary>
/// An order a strategy placed (or adopted as its own after a restart), as the host tracks it: the exchange's latest
/// view of it, the strategy's label for it, when it was last quoted, and whether an amend or cancel is in flight.
/// </summary>
public sealed class OwnedOrder
{
    private readonly Action? _openSetChanged;
    private TrackedOrder _order;

    internal OwnedOrder(TrackedOrder order, string label, DateTimeOffset quotedAt, Action? openSetChanged = null)
    {
        _order = order;
        _openSetChanged = openSetChanged;
        Label = label;
        QuotedAt = quotedAt;
    }

    /// <summary>Our client order id.</summary>
    public string ClientOrderId => Order.ClientOrderId;

    /// <summary>The exchange's latest view of the order (state, price, amount, fills).</summary>
    public TrackedOrder Order
    {
        get => _order;
        internal set
        {
            // The owner keeps its open orders sorted by age: tell it when this one finished or its age changed.
            bool moved = value.IsTerminal != _order.IsTerminal || value.CreatedAt != _order.CreatedAt;
            _order = value;
            if (moved)
            {
                _openSetChanged?.Invoke();
            }
        }
    }

    /// <summary>The strategy's name for the order (e.g. a level), kept across restarts.</summary>
    public string Label { get; set; }

    /// <summary>When the order was placed or last amended: its age for refresh decisions counts from here.</summary>
    public DateTimeOffset QuotedAt { get; internal set; }

    /// <summary>The amend or cancel in flight, if any.</summary>
    public OrderAction? Pending { get; internal set; }

    /// <summary>Buy or sell.</summary>
    public OrderSide Side => Order.Request.Side;

    /// <summary>Limit price (the amended one after an amend).</summary>
    public decimal Price => Order.Request.Price ?? 0m;

    /// <summary>Base amount still open.</summary>
    public decimal RemainingAmount => Order.RemainingAmount;

    /// <summary>True when nothing may be sent for the order now: it awaits an answer (created, amended or cancelled).</summary>
    public bool IsBusy => Pending is not null || Order.State is OrderState.PendingCreate or OrderState.PendingCancel;

    /// <summary>True once the order is filled, cancelled, expired or failed.</summary>
    public bool IsTerminal => Order.IsTerminal;

    /// <summary>Trade ids already counted in P&amp;L and shown to the strategy (each fill counts once, across restarts).</summary>
    internal HashSet<string> AppliedTrades { get; } = new(StringComparer.Ordinal);

    /// <summary>When the host saw the order reach a terminal state (late fills are still taken until a grace period ends).</summary>
    internal DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Age at <paramref name="now"/> counted from <see cref="QuotedAt"/>.</summary>
    public TimeSpan AgeAt(DateTimeOffset now) => now - QuotedAt;

    /// <inheritdoc />
    public override string ToString() => $"{Label} {Order}";
}
