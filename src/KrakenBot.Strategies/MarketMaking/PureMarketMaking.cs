using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.MarketMaking;

/// <summary>
/// Pure market making (Hummingbot's V1 <c>pure_market_making</c>, research §1): a set of bids and asks around a
/// reference price, refreshed on Hummingbot's timers and tolerance, with its level, band, ping-pong, skew, budget,
/// optimization, transaction-cost, hanging-order and price-source rules. Deliberately better in how quotes are
/// maintained: a refresh amends live orders in place (price and/or size, level by level) instead of cancelling the set
/// and creating a new one, so the book is never left without quotes and the trading counter pays an amend, not a
/// cancel and an add; a refresh the pair's trading counter has no room for is put off to a later tick rather than
/// ever being refused with <c>EOrder:Rate limit exceeded</c>.
/// </summary>
public sealed partial class PureMarketMaking : Strategy
{
    /// <summary>Share of the trading counter kept free for cancels (stop, pause, minimum spread, hanging limits).</summary>
    public const decimal CounterReserve = 0.1m;

    private const string StateKey = "pmm";
    private static readonly TimeSpan FeeRefresh = TimeSpan.FromMinutes(10);
    private readonly HttpClient? _http;
    private PureMarketMakingConfig _config;
    private PureMarketMakingState _state = new();
    private CustomApiPriceFeed? _customApi;
    private DateTimeOffset _createAt = DateTimeOffset.MinValue;
    private DateTimeOffset _cancelAt = DateTimeOffset.MinValue;
    private decimal _makerFee;
    private DateTimeOffset _feeReadAt = DateTimeOffset.MinValue;
    private object? _lastTrade; // boxed decimal, written by the trade feed's thread
    private IPublicTradeFeed? _tradeFeed;
    private EventHandler<Connector.PaperTrade.PublicTrade>? _onTrade;
    private readonly List<string> _warnings = [];
    private readonly List<(decimal Cost, decimal Headroom, decimal Max)> _putOffs = []; // worded only when read

    /// <summary>Builds the strategy from a validated config.</summary>
    /// <param name="config">The parameters (checked here).</param>
    /// <param name="http">For <see cref="PriceSource.CustomApi"/>: the client that polls the endpoint.</param>
    /// <exception cref="Config.ConfigException">A value is out of range or contradicts another.</exception>
    public PureMarketMaking(PureMarketMakingConfig config, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (config.PriceSource == PriceSource.CustomApi && http is null)
        {
            throw new ArgumentException("price_source custom_api needs an HttpClient to poll the endpoint.", nameof(http));
        }

        _config = config;
        _http = http;
    }

    /// <inheritdoc />
    public override string Kind => "pure_market_making";

    /// <inheritdoc />
    public override TradingPair Pair => _config.Market;

    /// <inheritdoc />
    public override IReadOnlyList<TradingPair> WatchedPairs =>
        _config.PriceSource == PriceSource.ExternalMarket && _config.PriceSourceMarket is { } external ? [_config.Market, external] : [_config.Market];

    /// <summary>The parameters in force.</summary>
    public PureMarketMakingConfig Config => _config;

    /// <summary>What is persisted (ping-pong counters, hanging orders, inventory cost, band).</summary>
    internal PureMarketMakingState State => _state;

    /// <summary>Orders placed since start.</summary>
    public long Places { get; private set; }

    /// <summary>Amends sent since start.</summary>
    public long Amends { get; private set; }

    /// <summary>Cancels sent since start.</summary>
    public long Cancels { get; private set; }

    /// <summary>Refreshes put off because the pair's trading counter had no room for them.</summary>
    public long RefreshesStretched { get; private set; }

    /// <summary>When the next quote set may be created (filled-order delay moves it).</summary>
    public DateTimeOffset CreateAt => _createAt;

    /// <summary>When the live set is next compared with a fresh proposal.</summary>
    public DateTimeOffset CancelAt => _cancelAt;

    /// <inheritdoc />
    public override IReadOnlyList<string> Warnings => _putOffs.Count == 0 ? _warnings :
    [
        .. _warnings,
        .. _putOffs.Select(p => $"Put off: {p.Cost} points of the {Pair} trading counter needed, {p.Headroom:0.##} of {p.Max} free."),
    ];

    /// <summary>
    /// Changes parameters while running. Only Hummingbot's live-updatable parameters may differ from the current ones
    /// (spreads, amounts, levels, level spread, filled-order delay, skew, bands, optimization); others need a restart.
    /// </summary>
    /// <returns>Each parameter that changed, as <c>key: before → after</c> in the config file's units.</returns>
    /// <exception cref="Config.ConfigException">A value is invalid, or a parameter that is not live-updatable changed.</exception>
    public IReadOnlyList<string> UpdateConfig(PureMarketMakingConfig next)
    {
        ArgumentNullException.ThrowIfNull(next);
        next.Validate();
        var changed = new List<string>();
        foreach (var parameter in KrakenBot.Strategies.MarketMaking.Config.PureMarketMakingParameters.Strategy)
        {
            var property = parameter.PropertyOn(typeof(PureMarketMakingConfig));
            object? before = property.GetValue(_config);
            object? after = property.GetValue(next);
            bool same = before is System.Collections.IEnumerable list && before is not string && after is System.Collections.IEnumerable other
                ? list.Cast<object>().SequenceEqual(other.Cast<object>())
                : Equals(before, after);
            if (same)
            {
                continue;
            }

            if (!parameter.LiveUpdatable)
            {
                throw new Config.ConfigException(parameter.Key, parameter.Format(after),
                    $"{parameter.Key} cannot change while the strategy runs: stop it, edit the config, and start again.");
            }

            changed.Add($"{parameter.Key}: {parameter.Format(before)} → {parameter.Format(after)}");
        }

        _config = next;
        _unchanged.Clear();
        return changed;
    }

    /// <inheritdoc />
    public override async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        _pairBook = _sourceBook = null;
        _state = Context.State.Get<PureMarketMakingState>(StateKey) ?? new PureMarketMakingState();
        if (_config.PriceType == PriceType.InventoryCost && _state.InventoryBase is null)
        {
            // Hummingbot seeds the cost record from inventory_price for the base held at the first start.
            decimal held = Context.Total(Pair.Base);
            SaveState(_state with { InventoryBase = held, InventoryQuote = held * _config.InventoryPrice });
        }

        // Hanging orders that are no longer open (filled or cancelled while the bot was down) are dropped.
        var open = Context.Orders.Open.Select(o => o.ClientOrderId).ToHashSet(StringComparer.Ordinal);
        if (_state.Hanging.Any(id => !open.Contains(id)))
        {
            SaveState(_state with { Hanging = [.. _state.Hanging.Where(open.Contains)] });
        }

        await ReadFeeAsync(cancellationToken).ConfigureAwait(false);
        if (_config.PriceType == PriceType.LastPrice && Context.Exchange is IPublicTradeFeed trades)
        {
            var source = _config.PriceSource == PriceSource.ExternalMarket ? _config.PriceSourceMarket! : Pair;
            _tradeFeed = trades;
            _onTrade = (_, print) =>
            {
                if (print.Pair == source)
                {
                    Volatile.Write(ref _lastTrade, print.Price);
                }
            };
            trades.TradePrinted += _onTrade;
            await trades.WatchTradesAsync(source, cancellationToken).ConfigureAwait(false);
        }

        if (_config.PriceSource == PriceSource.CustomApi)
        {
            _customApi = new CustomApiPriceFeed(_http!, _config.PriceSourceCustomApi!, _config.CustomApiUpdateInterval, Context.Time, Context.Logger);
            _customApi.Start();
        }
    }

    /// <inheritdoc />
    public override async ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        if (_tradeFeed is not null && _onTrade is not null)
        {
            _tradeFeed.TradePrinted -= _onTrade;
        }

        if (_customApi is not null)
        {
            await _customApi.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override ValueTask OnResumedAsync(CancellationToken cancellationToken)
    {
        _unchanged.Clear();
        _createAt = _cancelAt = DateTimeOffset.MinValue;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override async ValueTask OnTickAsync(CancellationToken cancellationToken)
    {
        if (Context.Now - _feeReadAt >= FeeRefresh)
        {
            await ReadFeeAsync(cancellationToken).ConfigureAwait(false);
        }

        await RunCycleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken)
    {
        // React at once when the refresh is due and the book moved (Hummingbot waits for its next tick), unless the
        // change moved nothing the last cycle read and that cycle changed nothing. Not an async method: a backtest
        // calls it on every record, and most calls end here.
        var now = Context.Now;
        return (now >= _cancelAt || now >= _createAt) && !(SkipsUnchangedCycles && CycleWouldChangeNothing(now))
            ? RunCycleAsync(cancellationToken)
            : ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken)
    {
        _unchanged.Clear();
        if (_config.PriceType == PriceType.InventoryCost && fill.Pair == Pair)
        {
            ApplyInventoryCost(fill);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnOrderChangedAsync(OwnedOrder order, OrderState previous, CancellationToken cancellationToken)
    {
        _unchanged.Clear();
        if (!order.IsTerminal)
        {
            return ValueTask.CompletedTask;
        }

        bool hanging = _state.Hanging.Contains(order.ClientOrderId);
        if (hanging)
        {
            // A hanging order that ends (filled, cancelled, expired) leaves the set; its fill moves no timer or counter.
            SaveState(_state with { Hanging = [.. _state.Hanging.Where(id => id != order.ClientOrderId)] });
            return ValueTask.CompletedTask;
        }

        if (order.Order.State != OrderState.Filled)
        {
            return ValueTask.CompletedTask;
        }

        var now = Context.Now;
        _createAt = now + _config.FilledOrderDelay;
        _cancelAt = _cancelAt < _createAt ? _cancelAt : _createAt;
        bool buy = order.Side == OrderSide.Buy;
        var pairs = _state.Pairs.Select(p => p.BuyId == order.ClientOrderId ? p with { BuyFilled = true }
            : p.SellId == order.ClientOrderId ? p with { SellFilled = true } : p).ToList();
        SaveState(_state with
        {
            FilledBuys = _state.FilledBuys + (_config.PingPongEnabled && buy ? 1 : 0),
            FilledSells = _state.FilledSells + (_config.PingPongEnabled && !buy ? 1 : 0),
            LastOwnTradePrice = order.Price,
            Pairs = pairs,
        });
        Context.Logger.LogInformation("Maker {Side} order {Order} ({Amount} {Base} @ {Price}) completely filled; next set in {Delay}.",
            order.Side, order.ClientOrderId, order.Order.Request.Amount, Pair.Base, order.Price, _config.FilledOrderDelay);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override void OnOrderActionFailed(OwnedOrder order, OrderAction action, Exception error)
    {
        _unchanged.Clear();
        // The order is as the exchange says; the next cycle compares it with a fresh proposal again.
        if (action == OrderAction.Amend)
        {
            _cancelAt = DateTimeOffset.MinValue;
        }
    }

    /// <inheritdoc />
    public override object? StatusDetails()
    {
        var book = PairBook;
        decimal? reference = ReferencePrice();
        var now = Context.Now;
        var levels = LevelsBySide();
        var orders = new List<MarketMakingOrderStatus>();
        foreach (var order in Context.Orders.Open)
        {
            bool hanging = _state.Hanging.Contains(order.ClientOrderId);
            decimal? spread = reference is { } r && r > 0
                ? (order.Side == OrderSide.Buy ? r - order.Price : order.Price - r) / r
                : null;
            orders.Add(new MarketMakingOrderStatus(hanging ? "hang" : levels.GetValueOrDefault(order.ClientOrderId, "?"),
                order.Side == OrderSide.Buy ? "buy" : "sell", order.Price, spread, order.Order.Request.Amount, order.RemainingAmount,
                order.AgeAt(now), hanging, order.ClientOrderId, order.Order.ExchangeOrderId));
        }

        return new PureMarketMakingStatus(reference, _config.PriceType, book.BestBid?.Price, book.BestAsk?.Price, orders,
            _config.InventorySkewEnabled && reference is { } p ? InventoryFigures(p) : null, _state.FilledBuys, _state.FilledSells,
            Places, Amends, Cancels, RefreshesStretched, _cancelAt == DateTimeOffset.MinValue ? null : _cancelAt);
    }

    private async ValueTask ReadFeeAsync(CancellationToken cancellationToken)
    {
        var fees = await Context.Exchange.GetFeeEstimateAsync(Pair, cancellationToken).ConfigureAwait(false);
        _makerFee = (_config.TakeIfCrossed ? fees.TakerPercent : fees.MakerPercent) / 100m;
        _feeReadAt = Context.Now;
    }

    private void SaveState(PureMarketMakingState next)
    {
        _state = next;
        Context.State.Set(StateKey, next);
    }

    private void ApplyInventoryCost(Fill fill)
    {
        // Hummingbot's InventoryCostPriceDelegate: buys add volume at cost (fees included); sells take volume off at the
        // average cost, so profits never move the cost.
        decimal baseVolume = fill.Amount;
        decimal quoteVolume = fill.Amount * fill.Price;
        if (fill.Side == OrderSide.Buy)
        {
            if (fill.FeeAsset == Pair.Base) baseVolume -= fill.FeeAmount;
            else if (fill.FeeAsset == Pair.Quote) quoteVolume += fill.FeeAmount;
        }
        else if (fill.FeeAsset == Pair.Base)
        {
            baseVolume += fill.FeeAmount;
        }

        decimal heldBase = _state.InventoryBase ?? 0m;
        decimal heldQuote = _state.InventoryQuote ?? 0m;
        if (fill.Side == OrderSide.Sell)
        {
            decimal average = heldBase > 0 ? heldQuote / heldBase : 0m;
            quoteVolume = -(average * baseVolume);
            baseVolume = -baseVolume;
        }

        SaveState(_state with { InventoryBase = heldBase + baseVolume, InventoryQuote = heldQuote + quoteVolume });
    }

    private InventoryStatus InventoryFigures(decimal price)
    {
        var (baseAmount, quoteAmount) = AdjustedBalances(Context.Orders.Open, regularOnly: false);
        decimal total = baseAmount * price + quoteAmount;
        decimal range = InventorySkew.TotalOrderSize(_config.OrderAmount, _config.OrderLevelAmount, _config.OrderLevels) * _config.InventoryRangeMultiplier;
        decimal rangeValue = Math.Min(range * price, total * 0.5m);
        decimal target = total * _config.InventoryTargetBase;
        var ratios = InventorySkew.Ratios(baseAmount, quoteAmount, price, _config.InventoryTargetBase, range);
        return new InventoryStatus(target, total > 0 ? baseAmount * price / total : 0m, _config.InventoryTargetBase,
            total > 0 ? Math.Max(target - rangeValue, 0m) / total : 0m, total > 0 ? (target + rangeValue) / total : 0m,
            ratios.BidRatio, ratios.AskRatio);
    }
}
