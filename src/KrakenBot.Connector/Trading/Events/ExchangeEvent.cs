namespace KrakenBot.Connector.Trading.Events;

/// <summary>Something that happened to our orders, fills or balances. Raised once per change, in order.</summary>
/// <param name="Time">When the connector observed it.</param>
public abstract record ExchangeEvent(DateTimeOffset Time);

/// <summary>The exchange acknowledged the order: it rests on the book or is being executed.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
public sealed record OrderCreated(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>Part of the order filled; the rest is still open.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
/// <param name="Fill">The fill that just happened.</param>
public sealed record OrderPartiallyFilled(DateTimeOffset Time, TrackedOrder Order, Fill Fill) : ExchangeEvent(Time);

/// <summary>The whole order filled.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
public sealed record OrderFilled(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>The order was cancelled (by us, by the exchange, by IOC remainder or self-trade prevention).</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
/// <param name="Reason">The exchange's reason, when it gave one.</param>
public sealed record OrderCancelled(DateTimeOffset Time, TrackedOrder Order, string? Reason) : ExchangeEvent(Time);

/// <summary>A GTD order reached its expiry.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
public sealed record OrderExpired(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>
/// The order was refused or failed. <paramref name="Category"/> tells why in a way code can act on (e.g. a post-only
/// rejection is <see cref="Errors.ExchangeErrorCategory.OrderRejected"/> with <paramref name="IsPostOnlyRejection"/>).
/// </summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
/// <param name="Category">Why, as code can act on it.</param>
/// <param name="Reason">Why, in words (the exchange's own message when it sent one).</param>
/// <param name="IsPostOnlyRejection">True when a post-only order was refused because it would have taken liquidity.</param>
public sealed record OrderFailed(DateTimeOffset Time, TrackedOrder Order, Errors.ExchangeErrorCategory Category,
    string Reason, bool IsPostOnlyRejection) : ExchangeEvent(Time);

/// <summary>An order's price or amount was changed in place.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order as it is now.</param>
public sealed record OrderAmended(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>A fill, recorded exactly once (by trade id), with its fee and fee asset.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Fill">The fill, with its fee and fee asset.</param>
public sealed record FillRecorded(DateTimeOffset Time, Fill Fill) : ExchangeEvent(Time);

/// <summary>An asset's balance changed.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Balance">The asset's balance now.</param>
public sealed record BalanceChanged(DateTimeOffset Time, Balance Balance) : ExchangeEvent(Time);

/// <summary>The exchange's system status changed (online, maintenance, cancel_only, post_only).</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Status">The exchange's status as it names it (<c>online</c>, <c>maintenance</c>, <c>cancel_only</c>, <c>post_only</c>).</param>
public sealed record MarketStatusChanged(DateTimeOffset Time, string Status) : ExchangeEvent(Time);

/// <summary>
/// A pair's trading rule changed (status, tick, precisions or minimums); new orders are validated against
/// <paramref name="Rule"/> from now on.
/// </summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Rule">The rule in force from now on.</param>
public sealed record TradingRuleChanged(DateTimeOffset Time, TradingRule Rule) : ExchangeEvent(Time);

/// <summary>Reconciliation found and applied what the live stream missed.</summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="OrdersUpdated">Orders whose state it corrected.</param>
/// <param name="FillsRecovered">Fills the live stream had missed.</param>
/// <param name="Trigger">What started it (e.g. <c>start</c>, <c>requested</c>, or the reason the connector scheduled it).</param>
public sealed record ReconciliationCompleted(DateTimeOffset Time, int OrdersUpdated, int FillsRecovered, string Trigger)
    : ExchangeEvent(Time);

/// <summary>
/// A cancel we asked for did not happen: Kraken refused it (<paramref name="Reason"/> says why), or reconciliation
/// found the order still open after an unconfirmed cancel. The order is back in its open state
/// (<see cref="OrderState.Open"/> or <see cref="OrderState.PartiallyFilled"/>) and can still fill.
/// </summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Order">The order, back in its open state.</param>
/// <param name="Reason">Why the cancel did not happen.</param>
public sealed record OrderCancelRejected(DateTimeOffset Time, TrackedOrder Order, string Reason) : ExchangeEvent(Time);

/// <summary>
/// This reader fell more than its buffer (the per-reader capacity) behind and missed <paramref name="Missed"/> events,
/// which were where this signal is. Nothing else was lost, and the events after it are the ones raised since. Recover
/// by re-reading state (<see cref="IExchange.OpenOrders"/>, <see cref="IExchange.Balances"/>, orders by id), then keep
/// reading: later events may describe changes that state already shows, so apply them by order state and trade id.
/// Only the reader that fell behind gets it; every other reader gets every event.
/// </summary>
/// <param name="Time">When the connector observed it.</param>
/// <param name="Missed">How many events this reader missed here.</param>
public sealed record EventsOverflowed(DateTimeOffset Time, long Missed) : ExchangeEvent(Time);
