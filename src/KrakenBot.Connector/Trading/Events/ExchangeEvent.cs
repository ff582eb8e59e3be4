namespace KrakenBot.Connector.Trading.Events;

/// <summary>Something that happened to our orders, fills or balances. Raised once per change, in order.</summary>
/// <param name="Time">When the connector observed it.</param>
public abstract record ExchangeEvent(DateTimeOffset Time);

/// <summary>The exchange acknowledged the order: it rests on the book or is being executed.</summary>
public sealed record OrderCreated(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>Part of the order filled; the rest is still open.</summary>
public sealed record OrderPartiallyFilled(DateTimeOffset Time, TrackedOrder Order, Fill Fill) : ExchangeEvent(Time);

/// <summary>The whole order filled.</summary>
public sealed record OrderFilled(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>The order was cancelled (by us, by the exchange, by IOC remainder or self-trade prevention).</summary>
public sealed record OrderCancelled(DateTimeOffset Time, TrackedOrder Order, string? Reason) : ExchangeEvent(Time);

/// <summary>A GTD order reached its expiry.</summary>
public sealed record OrderExpired(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>
/// The order was refused or failed. <paramref name="Category"/> tells why in a way code can act on (e.g. a post-only
/// rejection is <see cref="Errors.ExchangeErrorCategory.OrderRejected"/> with <paramref name="IsPostOnlyRejection"/>).
/// </summary>
public sealed record OrderFailed(DateTimeOffset Time, TrackedOrder Order, Errors.ExchangeErrorCategory Category,
    string Reason, bool IsPostOnlyRejection) : ExchangeEvent(Time);

/// <summary>An order's price or amount was changed in place.</summary>
public sealed record OrderAmended(DateTimeOffset Time, TrackedOrder Order) : ExchangeEvent(Time);

/// <summary>A fill, recorded exactly once (by trade id), with its fee and fee asset.</summary>
public sealed record FillRecorded(DateTimeOffset Time, Fill Fill) : ExchangeEvent(Time);

/// <summary>An asset's balance changed.</summary>
public sealed record BalanceChanged(DateTimeOffset Time, Balance Balance) : ExchangeEvent(Time);

/// <summary>The exchange's system status changed (online, maintenance, cancel_only, post_only).</summary>
public sealed record MarketStatusChanged(DateTimeOffset Time, string Status) : ExchangeEvent(Time);

/// <summary>
/// A pair's trading rule changed (status, tick, precisions or minimums); new orders are validated against
/// <paramref name="Rule"/> from now on.
/// </summary>
public sealed record TradingRuleChanged(DateTimeOffset Time, TradingRule Rule) : ExchangeEvent(Time);

/// <summary>Reconciliation found and applied what the live stream missed.</summary>
public sealed record ReconciliationCompleted(DateTimeOffset Time, int OrdersUpdated, int FillsRecovered, string Trigger)
    : ExchangeEvent(Time);

/// <summary>
/// A cancel we asked for did not happen: Kraken refused it (<paramref name="Reason"/> says why), or reconciliation
/// found the order still open after an unconfirmed cancel. The order is back in its open state
/// (<see cref="OrderState.Open"/> or <see cref="OrderState.PartiallyFilled"/>) and can still fill.
/// </summary>
public sealed record OrderCancelRejected(DateTimeOffset Time, TrackedOrder Order, string Reason) : ExchangeEvent(Time);

/// <summary>
/// This reader fell more than its buffer (the per-reader capacity) behind and missed <paramref name="Missed"/> events,
/// which were where this signal is. Nothing else was lost, and the events after it are the ones raised since. Recover
/// by re-reading state (<see cref="IExchange.OpenOrders"/>, <see cref="IExchange.Balances"/>, orders by id), then keep
/// reading: later events may describe changes that state already shows, so apply them by order state and trade id.
/// Only the reader that fell behind gets it; every other reader gets every event.
/// </summary>
public sealed record EventsOverflowed(DateTimeOffset Time, long Missed) : ExchangeEvent(Time);
