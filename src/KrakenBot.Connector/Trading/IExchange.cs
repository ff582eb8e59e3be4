using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Connector.Trading;

/// <summary>
/// What a strategy or the CLI trades through. Live Kraken, paper trading and the sandbox all implement it, so the
/// same strategy code runs unchanged on each. Every order placed through it is journaled before it is sent and
/// tracked until a terminal state; no fill is counted twice.
/// </summary>
public interface IExchange : IAsyncDisposable
{
    /// <summary>Connector name as the user selects it: <c>kraken</c>, <c>kraken_paper_trade</c>.</summary>
    string Name { get; }

    /// <summary>True for paper trading: nothing reaches a real exchange.</summary>
    bool IsPaper { get; }

    /// <summary>Loads markets, connects streams, reconciles with the exchange. Throws with a clear reason when it cannot.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops streams and timers. Open orders stay on the exchange (use <see cref="CancelAllAsync"/> first if wanted).</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Readiness per component, with reasons.</summary>
    ExchangeReadiness Readiness { get; }

    /// <summary>Trading rules of every tradable pair, kept current.</summary>
    IReadOnlyList<TradingRule> TradingRules { get; }

    /// <summary>The rule for one pair; throws <see cref="Errors.ExchangeException"/> (<c>Validation</c>) naming close matches when unknown.</summary>
    TradingRule GetTradingRule(TradingPair pair);

    /// <summary>Starts (or joins) a live book for the pair and returns its view; it becomes ready after the snapshot.</summary>
    Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default);

    /// <summary>Balances per asset (total, available, held), with our own open orders' holds applied at once.</summary>
    IReadOnlyDictionary<string, Balance> Balances { get; }

    /// <summary>
    /// Validates the request against the pair's trading rules and the available balance, journals it, sends it, and
    /// returns our client order id as soon as it is journaled. The outcome arrives as events. Bad input throws
    /// <see cref="Errors.ExchangeException"/> (<c>Validation</c>) or <see cref="Errors.ExchangeException"/> (<c>InsufficientFunds</c>); nothing is sent.
    /// </summary>
    Task<string> PlaceOrderAsync(OrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>Asks the exchange to cancel the order; the <see cref="OrderCancelled"/> event confirms it.</summary>
    Task CancelOrderAsync(string clientOrderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels every open order (of one pair, or all) except read-only ones (<see cref="TrackedOrder.IsReadOnly"/>: a
    /// trader's stops placed elsewhere, cancelled only by their own id); returns how many the exchange cancelled.
    /// </summary>
    Task<int> CancelAllAsync(TradingPair? pair = null, CancellationToken cancellationToken = default);

    /// <summary>Changes price and/or amount in place; keeps queue priority where the exchange does.</summary>
    Task AmendOrderAsync(string clientOrderId, decimal? newPrice = null, decimal? newAmount = null,
        CancellationToken cancellationToken = default);

    /// <summary>Orders not yet in a terminal state.</summary>
    IReadOnlyList<TrackedOrder> OpenOrders { get; }

    /// <summary>One order by our client order id, or null.</summary>
    TrackedOrder? GetOrder(string clientOrderId);

    /// <summary>
    /// The orders this exchange knows that carry <paramref name="clientTag"/> (<see cref="OrderRequest.ClientTag"/>), open or
    /// finished: after a restart, those the journal still had open, as reconciled (one may have filled while the program was
    /// down). The default is the open ones.
    /// </summary>
    IReadOnlyList<TrackedOrder> OrdersTagged(string clientTag) => [.. OpenOrders.Where(o => o.Request.ClientTag == clientTag)];

    /// <summary>
    /// A count that grows with every change of this exchange's orders (placed, amended, filled, cancelled, forgotten): a
    /// caller that read the orders it follows while the count was N knows that none of them changed while it is still N
    /// (the strategy driver then skips reading every order again on a book change; a backtest has millions). Null when
    /// the exchange does not count them (the default): read the orders again each time.
    /// </summary>
    long? OrderChanges => null;

    /// <summary>Maker and taker fee on the pair for this account's real tier.</summary>
    Task<FeeEstimate> GetFeeEstimateAsync(TradingPair pair, CancellationToken cancellationToken = default);

    /// <summary>Every event from this call on, in the order of the changes they report (enumerate the stream once).</summary>
    /// <remarks>
    /// <para>The policy, the same for live and paper trading: each stream has its own buffer of a configured size (the
    /// connector's <c>EventCapacityPerReader</c>, 10,000 by default), and the connector never waits for a reader. A
    /// reader that falls further behind misses events, never silently: where they were it gets one
    /// <see cref="EventsOverflowed"/> saying how many, then the events raised since. Recover by re-reading
    /// <see cref="OpenOrders"/> and <see cref="Balances"/>, then keep reading. Every other reader still gets every event,
    /// and memory stays bounded.</para>
    /// <para>Order: the events of one order follow its states (created, fills each as <see cref="FillRecorded"/> then
    /// <see cref="OrderPartiallyFilled"/> or <see cref="OrderFilled"/>, then the end); a change is journaled before its
    /// event is raised.</para>
    /// </remarks>
    IAsyncEnumerable<ExchangeEvent> Events(CancellationToken cancellationToken = default);

    /// <summary>The same events as C# events, one at a time and in the same order.</summary>
    /// <remarks>
    /// Handlers run on a delivery task of their own, never on the connector's network threads nor under its locks, so
    /// a handler may call <see cref="PlaceOrderAsync"/>, <see cref="CancelOrderAsync"/> or read <see cref="Balances"/>,
    /// even waiting for the result. A slow handler delays only the handlers' later events; handlers that fall behind
    /// by more than the per-reader capacity get <see cref="EventsOverflowed"/> like any reader.
    /// </remarks>
    event EventHandler<ExchangeEvent>? EventRaised;
}
