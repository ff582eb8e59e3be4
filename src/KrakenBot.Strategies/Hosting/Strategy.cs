using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;

namespace KrakenBot.Strategies.Hosting;

/// <summary>
/// A trading strategy, written against <see cref="IExchange"/> and its <see cref="StrategyContext"/> only, so that the
/// same object runs on live Kraken, paper trading, the sandbox and the backtester. The host calls it on one logical
/// loop: never two callbacks at once, so a strategy needs no locks. A callback that throws stops the strategy cleanly
/// (its orders are cancelled and the failure recorded).
/// </summary>
/// <remarks>
/// Order of calls: <see cref="OnStartAsync"/> once (books watched, state loaded, own orders adopted); then, while
/// running, <see cref="OnTickAsync"/> on the clock, <see cref="OnBookChangedAsync"/> when a watched book changed
/// (changes coalesced: one call may stand for several updates), <see cref="OnFillAsync"/> and
/// <see cref="OnOrderChangedAsync"/> for its own orders (each fill once, each state change once, also those that
/// happened while the bot was down), <see cref="OnExchangeEventAsync"/> for the rest; <see cref="OnPausedAsync"/> /
/// <see cref="OnResumedAsync"/>; <see cref="OnStopAsync"/> once at the end.
/// </remarks>
public abstract class Strategy
{
    private StrategyContext? _context;

    /// <summary>The strategy type, e.g. <c>pure_market_making</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>The pair it trades; P&amp;L is kept in this pair's quote asset.</summary>
    public abstract TradingPair Pair { get; }

    /// <summary>Books the host watches before start (the traded pair, plus e.g. an external price source).</summary>
    public virtual IReadOnlyList<TradingPair> WatchedPairs => [Pair];

    /// <summary>Everything the strategy may use; available from <see cref="OnStartAsync"/> on.</summary>
    protected StrategyContext Context =>
        _context ?? throw new InvalidOperationException("The strategy is not started: the host sets its context before OnStartAsync.");

    /// <summary>True once the host attached a context.</summary>
    protected bool HasContext => _context is not null;

    /// <summary>Lines the strategy wants shown under WARNINGS in status (e.g. ping-pong removals, low balance).</summary>
    public virtual IReadOnlyList<string> Warnings => [];

    /// <summary>The strategy's own status details (levels, skew, hanging orders), for <c>status</c>; null when none.</summary>
    public virtual object? StatusDetails() => null;

    internal void Attach(StrategyContext context) => _context = context;

    /// <summary>Called once after books are watched, state loaded and the strategy's orders adopted.</summary>
    public virtual ValueTask OnStartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called on every clock tick while running.</summary>
    public virtual ValueTask OnTickAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when a watched book changed (coalesced) while running.</summary>
    public virtual ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once per fill of one of the strategy's orders (also while paused).</summary>
    public virtual ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when one of the strategy's orders changed state (also while paused).</summary>
    public virtual ValueTask OnOrderChangedAsync(OwnedOrder order, OrderState previous, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>Called for exchange events that are not about the strategy's orders (balances, status, rules).</summary>
    public virtual ValueTask OnExchangeEventAsync(ExchangeEvent change, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when an amend or cancel the strategy sent was refused (the order is as the exchange says).</summary>
    public virtual void OnOrderActionFailed(OwnedOrder order, OrderAction action, Exception error)
    {
    }

    /// <summary>Called after a pause cancelled the strategy's orders.</summary>
    public virtual ValueTask OnPausedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called when quoting may start again.</summary>
    public virtual ValueTask OnResumedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Called once when the strategy stops (before its orders are cancelled, unless kept).</summary>
    public virtual ValueTask OnStopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
