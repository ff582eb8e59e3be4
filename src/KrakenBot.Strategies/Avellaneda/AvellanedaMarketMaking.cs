using System.Collections.Concurrent;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Avellaneda;

/// <summary>
/// Avellaneda–Stoikov market making: each tick the mid feeds σ and the public trades feed the intensity fit
/// λ(δ) = α·e^(−κδ); once both buffers are full, one bid and one ask are quoted around the reservation price
/// r = s − q·γ·V·T (V = σ² or σ) at the optimal spread δ* = γ·V·T + (2/γ)·ln(1 + γ/κ), never tighter than the
/// minimum spread, sized by η against the inventory; with several levels, level i sits i·(δ*/2)·level_distances
/// beyond level 0 on its side. Quotes move by amend (queue kept when only the amount shrinks), no more often than the
/// refresh time and only beyond the tolerance; after a fill it pauses for the filled-order delay. With hanging orders
/// on, a fill on one side leaves the same level's other side resting as a hanging order (no longer moved, cancelled once
/// it is <c>hanging_orders_cancel_pct</c> from the mid) and a fresh quote takes its place. Outside its execution
/// timeframe it holds no quotes.
/// </summary>
public sealed class AvellanedaMarketMaking : Strategy
{
    /// <summary>The label of a hanging order (kept in the strategy's state, so a restart knows it).</summary>
    public const string HangingLabel = "hang";

    private readonly AvellanedaConfig _config;
    private readonly VolatilityEstimator _volatility;
    private readonly TradingIntensityEstimator _intensity;
    private readonly ConcurrentQueue<PublicTrade> _prints = new();
    private readonly List<string> _warnings = [];
    private IPublicTradeFeed? _feed;
    private EventHandler<PublicTrade>? _onPrint;
    private DateTimeOffset _pausedUntil;
    private DateTimeOffset _nextRefresh;

    /// <summary>A strategy for <paramref name="config"/>.</summary>
    /// <exception cref="ArgumentException">A value of the config is out of range.</exception>
    public AvellanedaMarketMaking(AvellanedaConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        _config = config;
        _volatility = new VolatilityEstimator(config.VolatilityBufferSize);
        _intensity = new TradingIntensityEstimator(config.TradingIntensityBufferSize);
    }

    /// <inheritdoc />
    public override string Kind => "avellaneda_market_making";

    /// <inheritdoc />
    public override TradingPair Pair => _config.Market;

    /// <summary>The last quotes computed (null until the estimators are ready).</summary>
    public AvellanedaQuote? LastQuote { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<string> Warnings => _warnings;

    /// <inheritdoc />
    public override object? StatusDetails() => LastQuote;

    /// <inheritdoc />
    public override async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        if (Context.Exchange is IPublicTradeFeed feed)
        {
            _feed = feed;
            _onPrint = (_, print) =>
            {
                if (print.Pair == Pair) _prints.Enqueue(print);
            };
            feed.TradePrinted += _onPrint;
            await feed.WatchTradesAsync(Pair, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        if (_feed is not null && _onPrint is not null) _feed.TradePrinted -= _onPrint;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken)
    {
        // As Hummingbot: a hanging order's fill neither pauses quoting nor makes more hanging orders.
        if (order.Label == HangingLabel) return ValueTask.CompletedTask;
        _pausedUntil = Context.Now + _config.FilledOrderDelay;
        if (_config.HangingOrdersEnabled && OppositeLabel(order.Label) is { } opposite
            && Context.Orders.Open.FirstOrDefault(o => o.Label == opposite && !o.IsTerminal) is { } other)
        {
            other.Label = HangingLabel;
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The label of level <paramref name="level"/> (0-based) on a side: <c>bid</c>, <c>bid2</c>, … and <c>ask</c>, <c>ask2</c>, ….</summary>
    public static string LevelLabel(OrderSide side, int level) =>
        (side == OrderSide.Buy ? "bid" : "ask") + (level == 0 ? "" : (level + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static string? OppositeLabel(string label) =>
        label.StartsWith("bid", StringComparison.Ordinal) ? "ask" + label[3..]
        : label.StartsWith("ask", StringComparison.Ordinal) ? "bid" + label[3..]
        : null;

    /// <inheritdoc />
    public override async ValueTask OnTickAsync(CancellationToken cancellationToken)
    {
        _warnings.Clear();
        var book = Context.Book(Pair);
        if (!book.IsReady || book.MidPrice is not { } mid)
        {
            _warnings.Add("  The book is not ready: no quotes.");
            return;
        }

        // Trades printed since the last tick are measured from the mid of that tick, then the tick closes.
        while (_prints.TryDequeue(out var print)) _intensity.AddTrade((double)print.Price, (double)print.Amount);
        _volatility.Add((double)mid);
        _intensity.Tick((double)mid);

        var now = Context.Now;
        if (!_config.Timeframe.IsActive(now))
        {
            _warnings.Add("  Outside the execution timeframe: no quotes.");
            await CancelQuotesAsync().ConfigureAwait(false);
            return;
        }

        if (!_volatility.IsReady || !_intensity.IsReady || _intensity.Estimate() is not { } fit || fit.Kappa <= 0)
        {
            _warnings.Add($"  Collecting: volatility {_volatility.Samples}/{_config.VolatilityBufferSize}, trading intensity {_intensity.Samples}/{_config.TradingIntensityBufferSize}.");
            return;
        }

        var quote = Compute(mid, fit.Alpha, fit.Kappa, now);
        LastQuote = quote;
        CancelFarHangingOrders(mid);
        if (now < _pausedUntil || now < _nextRefresh) return;
        _nextRefresh = now + _config.OrderRefreshTime;
        var rule = Context.Rule(Pair);
        decimal step = quote.OptimalSpread / 2 * _config.LevelDistance;
        var labels = new HashSet<string>(StringComparer.Ordinal) { HangingLabel };
        for (int level = 0; level < _config.OrderLevels; level++)
        {
            string bid = LevelLabel(OrderSide.Buy, level), ask = LevelLabel(OrderSide.Sell, level);
            labels.Add(bid);
            labels.Add(ask);
            await QuoteAsync(OrderSide.Buy, bid, rule.QuantizePrice(quote.BidPrice - level * step, RoundingDirection.Down), quote.BidAmount, cancellationToken)
                .ConfigureAwait(false);
            await QuoteAsync(OrderSide.Sell, ask, rule.QuantizePrice(quote.AskPrice + level * step, RoundingDirection.Up), quote.AskAmount, cancellationToken)
                .ConfigureAwait(false);
        }
        // Levels the config no longer has (it was edited between runs): their orders go.
        foreach (var order in Context.Orders.Open)
        {
            if (!labels.Contains(order.Label) && !order.IsBusy) Context.Orders.Cancel(order);
        }
    }

    private void CancelFarHangingOrders(decimal mid)
    {
        foreach (var order in Context.Orders.Open)
        {
            if (order.Label == HangingLabel && !order.IsBusy && Math.Abs(order.Price - mid) / mid > _config.HangingOrdersCancel)
                Context.Orders.Cancel(order);
        }
    }

    private AvellanedaQuote Compute(decimal mid, double alpha, double kappa, DateTimeOffset now)
    {
        var rule = Context.Rule(Pair);
        double q = AvellanedaModel.Inventory(Context.Total(Pair.Base), Context.Total(Pair.Quote), mid, _config.InventoryTargetBase);
        double sigma = _volatility.Sigma;
        double timeLeft = _config.Timeframe.TimeLeftFraction(now);
        double reservation = AvellanedaModel.ReservationPrice((double)mid, q, _config.RiskFactor, sigma, timeLeft, _config.Sigma);
        double spread = AvellanedaModel.OptimalSpread(_config.RiskFactor, sigma, kappa, timeLeft, _config.Sigma);
        var (bid, ask) = AvellanedaModel.Quotes((double)mid, reservation, spread, (double)_config.MinSpread);
        var (buyFactor, sellFactor) = AvellanedaModel.SizeFactors(q, _config.OrderAmountShapeFactor);
        return new AvellanedaQuote(mid, q, sigma, alpha, kappa, timeLeft, (decimal)reservation, (decimal)spread,
            rule.QuantizePrice((decimal)bid, RoundingDirection.Down), rule.QuantizeAmount(_config.OrderAmount * (decimal)buyFactor),
            rule.QuantizePrice((decimal)ask, RoundingDirection.Up), rule.QuantizeAmount(_config.OrderAmount * (decimal)sellFactor));
    }

    // One quote per level and side: placed when missing, amended when its price is off by more than the tolerance or
    // its amount differs, cancelled when the side's size shaped to below the minimum.
    private async Task QuoteAsync(OrderSide side, string label, decimal price, decimal amount, CancellationToken cancellationToken)
    {
        var rule = Context.Rule(Pair);
        var existing = Context.Orders.Open.FirstOrDefault(o => o.Label == label && !o.IsTerminal);
        if (amount < rule.MinAmount || price <= 0)
        {
            if (existing is not null) Context.Orders.Cancel(existing);
            return;
        }
        if (existing is null)
        {
            await Context.Orders.PlaceAsync(OrderRequest.LimitMaker(Pair, side, amount, price), label, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (existing.IsBusy) return;
        bool priceOff = existing.Price == 0 || Math.Abs(price - existing.Price) / existing.Price > _config.OrderRefreshTolerance;
        decimal newTotal = existing.Order.FilledAmount + amount;
        bool amountOff = newTotal != existing.Order.Request.Amount;
        if (priceOff || amountOff) Context.Orders.Amend(existing, priceOff ? price : null, amountOff ? newTotal : null);
    }

    private Task CancelQuotesAsync()
    {
        foreach (var order in Context.Orders.Open) Context.Orders.Cancel(order);
        return Task.CompletedTask;
    }
}

/// <summary>The model's inputs and quotes at one tick (for <c>status</c>).</summary>
/// <param name="Mid">Mid price.</param>
/// <param name="Inventory">q: (base − target base) / total in base.</param>
/// <param name="Sigma">σ in price units.</param>
/// <param name="Alpha">α of the intensity fit.</param>
/// <param name="Kappa">κ of the intensity fit.</param>
/// <param name="TimeLeft">Fraction of the horizon left (1 for an infinite timeframe).</param>
/// <param name="ReservationPrice">r.</param>
/// <param name="OptimalSpread">δ*.</param>
/// <param name="BidPrice">The bid, on the tick.</param>
/// <param name="BidAmount">Its amount after η shaping.</param>
/// <param name="AskPrice">The ask, on the tick.</param>
/// <param name="AskAmount">Its amount after η shaping.</param>
public sealed record AvellanedaQuote(decimal Mid, double Inventory, double Sigma, double Alpha, double Kappa, double TimeLeft,
    decimal ReservationPrice, decimal OptimalSpread, decimal BidPrice, decimal BidAmount, decimal AskPrice, decimal AskAmount);
