using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Market.Flow;

/// <summary>
/// The order-flow model of one pair: a latent fair price (a random walk in log space, weakly mean-reverting), a
/// ladder of maker quotes around it that is requoted when it drifts, refilled when taken and churned now and then,
/// Poisson market orders with log-normal sizes, and rare sweeps that clear the book to a distance and move the fair
/// price for good. The fair price is model state, not money: every price and size sent to the engine is a decimal
/// on the pair's tick and lot.
/// </summary>
internal sealed class FlowPair
{
    private readonly PairEngine _engine;
    private readonly MarketPreset _preset;
    private readonly Account _maker;
    private readonly Account _taker;
    private readonly FlowRandom _random;
    private readonly Order?[] _bids;
    private readonly Order?[] _asks;
    private readonly decimal[] _bidTargets;
    private readonly decimal[] _askTargets;
    private readonly bool[] _bidMoves;
    private readonly bool[] _askMoves;
    private readonly double _anchor;
    private readonly double _reversionPerSecond;
    private double _lastMove;

    public FlowPair(PairEngine engine, MarketPreset preset, PairProfile profile, FlowRandom random, Account maker, Account taker)
    {
        _engine = engine;
        _preset = preset;
        Profile = profile;
        _random = random;
        _maker = maker;
        _taker = taker;
        _bids = new Order?[preset.Levels];
        _asks = new Order?[preset.Levels];
        _bidTargets = new decimal[preset.Levels];
        _askTargets = new decimal[preset.Levels];
        _bidMoves = new bool[preset.Levels];
        _askMoves = new bool[preset.Levels];
        _anchor = Math.Log((double)profile.StartPrice);
        var halfLife = profile.ReversionHalfLife ?? TimeSpan.FromDays(preset.ReversionHalfLifeDays);
        _reversionPerSecond = Math.Log(2) / halfLife.TotalSeconds;
        LogFair = _anchor;
    }

    public PairInfo Pair => _engine.Pair;
    public PairEngine Engine => _engine;
    public PairProfile Profile { get; }
    public MarketPreset Preset => _preset;

    /// <summary>The pair's random stream (the history draws from it too, before the live market does).</summary>
    public FlowRandom Random => _random;

    /// <summary>Log of the fair price, in the pair's quote.</summary>
    public double LogFair { get; set; }

    /// <summary>For a cross pair: the pairs whose fair prices it follows.</summary>
    public (FlowPair Base, FlowPair Quote)? Legs { get; set; }

    /// <summary>Receives every action, in order (tests and recordings).</summary>
    public Action<FlowAction>? Observer { get; set; }

    /// <summary>Standard deviation of the fair price's log return per square-root second in <paramref name="regime"/>.</summary>
    public double Sigma(VolatilityRegime regime) => _preset.VolatilityBpsPerSqrtSecond * Profile.Volatility * regime.Volatility / 10_000;

    /// <summary>Moves the fair price by one step of <paramref name="seconds"/>.</summary>
    public void MoveFair(double seconds, VolatilityRegime regime)
    {
        var before = LogFair;
        var scale = Sigma(regime) * Math.Sqrt(seconds);
        if (Legs is { } legs) LogFair = legs.Base.LogFair - legs.Quote.LogFair;
        else LogFair += -_reversionPerSecond * (LogFair - _anchor) * seconds + scale * _random.Normal();
        _lastMove = scale > 0 ? (LogFair - before) / scale : 0;
    }

    /// <summary>Moves the fair price by <paramref name="bps"/> (a sweep's lasting impact).</summary>
    public void Jump(double bps) => LogFair += bps / 10_000;

    /// <summary>
    /// Keeps the ladder: a quote that drifted too far from its level's price is moved there (cancel and replace at
    /// once, as a maker requotes); a churned quote is withdrawn; an empty level (taken, or withdrawn) is quoted again
    /// with the refill probability (<paramref name="fill"/>: all of them, to build the book).
    /// </summary>
    public void Quote(double seconds, VolatilityRegime regime, DateTimeOffset now, bool fill = false)
    {
        var fair = Math.Exp(LogFair);
        var tick = Pair.TickSize;
        var spreadScale = Profile.Spread * regime.Spread;
        Targets(fair, spreadScale, tick);
        var churn = fill ? 0 : 1 - Math.Exp(-_preset.ChurnPerSecond * seconds);
        var refill = fill ? 1 : 1 - Math.Exp(-_preset.RefillPerSecond * seconds);
        // Every withdrawal first, both sides, so a new quote never meets the maker's own stale one.
        for (var k = 0; k < _preset.Levels; k++)
        {
            var tolerance = Math.Max(tick, (decimal)(0.5 * fair * Distance(k, spreadScale) / 10_000));
            _bidMoves[k] = Withdraw(_bids, k, _bidTargets[k], tolerance, churn, now);
            _askMoves[k] = Withdraw(_asks, k, _askTargets[k], tolerance, churn, now);
        }
        for (var k = 0; k < _preset.Levels; k++)
        {
            if (_bids[k] is null && (_bidMoves[k] || _random.Chance(refill))) _bids[k] = Place(Side.Buy, _bidTargets[k], LevelSize(k, regime, _bidTargets[k]), now);
            if (_asks[k] is null && (_askMoves[k] || _random.Chance(refill))) _asks[k] = Place(Side.Sell, _askTargets[k], LevelSize(k, regime, _askTargets[k]), now);
        }
    }

    /// <summary>How far a sweep may reach now, bps: most of the ladder, so a side is never emptied.</summary>
    public double SweepReachBps(VolatilityRegime regime) => 0.8 * Distance(_preset.Levels - 1, Profile.Spread * regime.Spread);

    /// <summary>Market orders arriving during <paramref name="seconds"/>.</summary>
    public void Take(double seconds, VolatilityRegime regime, DateTimeOffset now)
    {
        var count = _random.Poisson(_preset.TakersPerSecond * Profile.Activity * regime.Activity * seconds);
        for (var i = 0; i < count; i++)
        {
            var side = TakerSide();
            var quantity = Quantity(TakerUsd(), (decimal)Math.Exp(LogFair));
            _engine.Submit(new OrderRequest { Account = _taker, Side = side, Kind = OrderKind.Market, Volume = quantity });
            Observer?.Invoke(new FlowAction(now, Pair.Index, FlowActionKind.Take, side, 0m, quantity));
        }
    }

    /// <summary>Now and then a sweep: a market order for everything within a distance of the touch.</summary>
    public void MaybeSweep(double seconds, VolatilityRegime regime, DateTimeOffset now)
    {
        var rate = _preset.SweepsPerHour * Profile.Activity * regime.Activity / 3600;
        if (!_random.Chance(1 - Math.Exp(-rate * seconds))) return;
        var side = TakerSide();
        var distanceBps = Math.Min(_random.Uniform(_preset.SweepMinBps, _preset.SweepMaxBps) * Profile.Volatility, SweepReachBps(regime));
        var book = _engine.Snapshot(_preset.Levels * 2);
        var levels = side == Side.Buy ? book.Asks : book.Bids;
        if (levels.Length == 0) return;
        var best = levels[0].Price;
        var limit = side == Side.Buy ? best * (1 + (decimal)distanceBps / 10_000) : best * (1 - (decimal)distanceBps / 10_000);
        var quantity = 0m;
        foreach (var level in levels)
        {
            if (side == Side.Buy ? level.Price > limit : level.Price < limit) break;
            quantity += level.Quantity;
        }
        if (quantity <= 0m) return;
        _engine.Submit(new OrderRequest { Account = _taker, Side = side, Kind = OrderKind.Market, Volume = quantity });
        Jump(side == Side.Buy ? _preset.SweepImpact * distanceBps : -_preset.SweepImpact * distanceBps);
        Observer?.Invoke(new FlowAction(now, Pair.Index, FlowActionKind.Sweep, side, limit, quantity));
    }

    /// <summary>Aggressor side: a coin flip leaning with the last fair move.</summary>
    public Side TakerSide() => _random.Chance(0.5 + _preset.Momentum * Math.Tanh(_lastMove)) ? Side.Buy : Side.Sell;

    /// <summary>A market order's notional in USD, log-normal.</summary>
    public double TakerUsd() => _random.LogNormal(_preset.TakerMedianUsd * Math.Sqrt(Profile.Depth), _preset.TakerSizeSigma);

    /// <summary>Base quantity worth <paramref name="usd"/>, on the lot, at least the pair's minimum order and cost at <paramref name="price"/>.</summary>
    public decimal Quantity(double usd, decimal price)
    {
        var pair = Pair;
        var quantity = Money.Round((decimal)(usd / Profile.BaseUsd), pair.LotDecimals);
        var minimum = Math.Max(pair.OrderMin, Money.Ceiling(pair.CostMin * 1.01m / Math.Max(price, pair.TickSize), pair.LotDecimals));
        return Math.Max(quantity, minimum);
    }

    /// <summary>Distance of level <paramref name="k"/> from the fair price, bps.</summary>
    private double Distance(int k, double spreadScale) => (_preset.HalfSpreadBps + k * _preset.LevelGapBps) * spreadScale;

    /// <summary>Each level's price: bids rounded down, asks up, one tick apart at least, never crossed.</summary>
    private void Targets(double fair, double spreadScale, decimal tick)
    {
        var fairPrice = (decimal)fair;
        for (var k = 0; k < _preset.Levels; k++)
        {
            var offset = fairPrice * (decimal)(Distance(k, spreadScale) / 10_000);
            var bid = Math.Floor((fairPrice - offset) / tick) * tick;
            var ask = Math.Ceiling((fairPrice + offset) / tick) * tick;
            if (k > 0)
            {
                bid = Math.Min(bid, _bidTargets[k - 1] - tick);
                ask = Math.Max(ask, _askTargets[k - 1] + tick);
            }
            else if (ask <= bid) ask = bid + tick;
            _bidTargets[k] = bid;
            _askTargets[k] = ask;
        }
    }

    private decimal LevelSize(int k, VolatilityRegime regime, decimal price)
    {
        var usd = _preset.LevelUsd * Profile.Depth * regime.Depth * (1 + _preset.LevelGrowth * k) * _random.LogNormal(1, _preset.LevelSizeSigma);
        return Quantity(usd, price);
    }

    /// <summary>Drops a level's quote when it is gone, churned or stale; true when it was stale (it moves at once).</summary>
    private bool Withdraw(Order?[] slots, int k, decimal target, decimal tolerance, double churn, DateTimeOffset now)
    {
        if (slots[k] is not { } order) return false;
        if (!order.IsOpen)
        {
            slots[k] = null;
            return false;
        }
        var stale = Math.Abs(order.LimitPrice - target) > tolerance;
        if (!stale && !_random.Chance(churn)) return false;
        _engine.Cancel(order);
        slots[k] = null;
        Observer?.Invoke(new FlowAction(now, Pair.Index, FlowActionKind.Cancel, order.Side, order.LimitPrice, order.Remaining));
        return stale;
    }

    private Order? Place(Side side, decimal price, decimal quantity, DateTimeOffset now)
    {
        if (price <= 0m) return null;
        var result = _engine.Submit(new OrderRequest
        {
            Account = _maker,
            Side = side,
            Kind = OrderKind.Limit,
            Volume = quantity,
            LimitPrice = price,
            Stp = SelfTradePrevention.CancelOldest,
        });
        Observer?.Invoke(new FlowAction(now, Pair.Index, FlowActionKind.Place, side, price, quantity));
        return result.Order is { IsOpen: true } order ? order : null;
    }
}
