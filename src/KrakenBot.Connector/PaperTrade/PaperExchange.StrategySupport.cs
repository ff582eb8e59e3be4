using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.PaperTrade;

// For strategies: the trading counter modelled as on Kraken, a dead man's switch with nothing to do, public trades.
public sealed partial class PaperExchange : ITradingRateCounter, IDeadManSwitchControl, IPublicTradeFeed
{
    /// <inheritdoc />
    public event EventHandler<PublicTrade>? TradePrinted
    {
        add => _market.TradePrinted += value;
        remove => _market.TradePrinted -= value;
    }

    /// <inheritdoc />
    public Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
        _market.WatchTradesAsync(pair, cancellationToken);

    /// <inheritdoc />
    public TradingCounterReading GetTradingCounter(TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return _counter.Reading(pair);
    }

    /// <inheritdoc />
    /// <remarks>Paper orders live in this process: if it dies they die with it, so there is nothing to arm.</remarks>
    public Task<IAsyncDisposable> ArmDeadManSwitchAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.FromSeconds(3) || timeout >= TimeSpan.FromDays(1) || timeout.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The dead man's switch timeout is whole seconds from 3 to under 86400.");
        }

        return Task.FromResult<IAsyncDisposable>(NothingArmed.Instance);
    }

    // Ages as the live connector charges them: a cancel by the order's age, an amend by the time since its last change.
    private void ChargeCancel(TrackedOrder order) =>
        _counter.Charge(order.Request.Pair, TradingCost.CancelOrder(_time.GetUtcNow() - order.CreatedAt));

    private void ChargeAmend(TrackedOrder order) =>
        _counter.Charge(order.Request.Pair, TradingCost.AmendOrder(_time.GetUtcNow() - order.UpdatedAt));

    private sealed class NothingArmed : IAsyncDisposable
    {
        public static readonly NothingArmed Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
