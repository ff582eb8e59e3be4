using System.Collections.Concurrent;
using System.Globalization;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken;

// For strategies: the trading counter as modelled, the dead man's switch on demand, public trades.
public sealed partial class KrakenSpotExchange : ITradingRateCounter, IDeadManSwitchControl, IPublicTradeFeed
{
    private readonly ConcurrentDictionary<string, TradingPair> _watchedTrades = new(StringComparer.Ordinal);
    private int _tradesHooked;

    /// <inheritdoc />
    public event EventHandler<PublicTrade>? TradePrinted;

    /// <inheritdoc />
    /// <exception cref="Trading.Errors.ExchangeException">Kraken refused the trade subscription or did not answer.</exception>
    public async Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var parts = Started;
        var market = parts.Catalog.GetPair(pair);
        if (Interlocked.Exchange(ref _tradesHooked, 1) == 0)
        {
            parts.MarketData.Trades.TradeReceived += OnPublicTrade;
        }

        if (!_watchedTrades.TryAdd(market.Symbol, market.Pair))
        {
            return;
        }

        try
        {
            var result = await parts.MarketData.SubscribeTradesAsync([market.Symbol], snapshot: false, cancellationToken).ConfigureAwait(false);
            result.ThrowIfAnyFailed();
        }
        catch
        {
            _watchedTrades.TryRemove(market.Symbol, out _);
            throw;
        }
    }

    private void OnPublicTrade(KrakenTrade trade)
    {
        if (trade.IsSnapshot || !_watchedTrades.TryGetValue(trade.Symbol, out var pair))
        {
            return;
        }

        TradePrinted?.Invoke(this, new PublicTrade(pair, trade.Price, trade.Quantity, trade.Side == TradeSide.Buy ? OrderSide.Buy : OrderSide.Sell,
            trade.Timestamp, trade.TradeId.ToString(CultureInfo.InvariantCulture)));
    }

    private readonly Lock _deadManGate = new();
    private DeadManSwitch? _leasedDeadMan;
    private int _deadManLeases;

    /// <inheritdoc />
    /// <remarks>The connector's own model (API.md §3.2), the one its requests wait on: it never sends what Kraken would refuse.</remarks>
    public TradingCounterReading GetTradingCounter(TradingPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var parts = Started;
        return parts.TradingBudget.Reading(parts.Catalog.GetPair(pair).Pair);
    }

    /// <inheritdoc />
    /// <remarks>
    /// When <see cref="KrakenExchangeOptions.DeadManSwitch"/> is on, the switch is already armed for the connector's whole
    /// life (with its own timeout) and the lease changes nothing.
    /// </remarks>
    public async Task<IAsyncDisposable> ArmDeadManSwitchAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var parts = Started;
        if (parts.DeadMan is not null)
        {
            return NoLease.Instance;
        }

        DeadManSwitch? created = null;
        lock (_deadManGate)
        {
            if (_deadManLeases++ == 0)
            {
                created = _leasedDeadMan = new DeadManSwitch(parts.DeadManArming, timeout, _time, _logger);
            }
        }

        if (created is not null)
        {
            try
            {
                await created.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await ReleaseDeadManAsync().ConfigureAwait(false);
                throw;
            }
        }

        return new DeadManLease(this);
    }

    private async ValueTask ReleaseDeadManAsync()
    {
        DeadManSwitch? released = null;
        lock (_deadManGate)
        {
            if (_deadManLeases > 0 && --_deadManLeases == 0)
            {
                released = _leasedDeadMan;
                _leasedDeadMan = null;
            }
        }

        if (released is not null && _parts is not null)
        {
            await released.DisposeAsync().ConfigureAwait(false);
        }
    }

    private sealed class DeadManLease(KrakenSpotExchange owner) : IAsyncDisposable
    {
        private int _disposed;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _disposed, 1) == 0 ? owner.ReleaseDeadManAsync() : ValueTask.CompletedTask;
    }

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
