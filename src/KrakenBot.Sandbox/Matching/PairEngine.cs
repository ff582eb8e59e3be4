using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// The matching engine of one pair: price-time priority, limit/market/post-only/IOC/FOK/GTD,
/// self-trade prevention, maker/taker fees and balance holds. Single writer: every public
/// method takes the pair's lock, so the book, its events and its market data change in one order.
/// </summary>
internal sealed partial class PairEngine
{
    private readonly Lock _gate = new();
    private readonly ExchangeEngine _exchange;
    private readonly KrakenIdGenerator _ids;
    private readonly BookSide _bids = new(isBid: true);
    private readonly BookSide _asks = new(isBid: false);
    private readonly PriorityQueue<Order, DateTimeOffset> _expiries = new();
    private long _sequence;
    private long _tradeNumber;
    private long _bookVersion;
    private readonly Action<Order> _forgetOrder;

    public PairEngine(ExchangeEngine exchange, PairInfo pair, Random random)
    {
        _exchange = exchange;
        Pair = pair;
        _ids = new KrakenIdGenerator(random);
        _forgetOrder = exchange.ForgetOrder;
    }

    public PairInfo Pair { get; }

    /// <summary>Public market data; read it only inside <see cref="Read{T}"/>.</summary>
    public MarketStats Stats { get; } = new();

    internal BookSide Bids => _bids;
    internal BookSide Asks => _asks;

    /// <summary>Runs <paramref name="reader"/> under the pair's lock, for a consistent view of orders, book and stats.</summary>
    public T Read<T>(Func<PairEngine, T> reader)
    {
        lock (_gate) return reader(this);
    }

    /// <summary>Places an order (or only validates it when <see cref="OrderRequest.ValidateOnly"/>).</summary>
    public OrderResult Submit(in OrderRequest request)
    {
        lock (_gate) return SubmitLocked(request);
    }

    /// <summary>Cancels an open order of this pair.</summary>
    public OrderResult Cancel(Order order, string reason = "User requested")
    {
        EnsureMine(order);
        lock (_gate)
        {
            var status = EffectiveStatus();
            if (status == TradingStatus.Maintenance) return OrderResult.Fail(KrakenErrors.ServiceUnavailable);
            if (!order.IsOpen) return OrderResult.Fail(KrakenErrors.UnknownOrder);
            CancelResting(order, OrderStatus.Canceled, ExecType.Canceled, reason, _exchange.Time.GetUtcNow());
            return new OrderResult(order, null);
        }
    }

    /// <summary>Cancels every open order of <paramref name="account"/> on this pair; returns how many.</summary>
    public int CancelAll(Account account, string reason = "User requested")
    {
        lock (_gate)
        {
            if (EffectiveStatus() == TradingStatus.Maintenance) return 0;
            List<Order>? mine = null;
            lock (account.Gate)
            {
                foreach (var order in account.OpenOrders.Values)
                    if (ReferenceEquals(order.Pair, Pair)) (mine ??= []).Add(order);
            }
            if (mine is null) return 0;
            var now = _exchange.Time.GetUtcNow();
            foreach (var order in mine)
                if (order.IsOpen) CancelResting(order, OrderStatus.Canceled, ExecType.Canceled, reason, now);
            return mine.Count;
        }
    }

    /// <summary>Expires GTD orders whose time has come.</summary>
    public int ExpireDue(DateTimeOffset now)
    {
        lock (_gate)
        {
            var expired = 0;
            while (_expiries.TryPeek(out var order, out var at) && at <= now)
            {
                _expiries.Dequeue();
                if (!order.IsOpen || order.ExpireTime != at) continue;
                CancelResting(order, OrderStatus.Expired, ExecType.Expired, "Order expired", now);
                expired++;
            }
            return expired;
        }
    }

    /// <summary>A consistent copy of the top <paramref name="depth"/> levels of each side.</summary>
    public BookSnapshot Snapshot(int depth)
    {
        lock (_gate)
        {
            return new BookSnapshot(Copy(_bids, depth), Copy(_asks, depth), _bookVersion);
        }

        static BookLevel[] Copy(BookSide side, int depth)
        {
            var n = Math.Min(depth, side.LevelCount);
            var levels = new BookLevel[n];
            for (var i = 0; i < n; i++)
            {
                var level = side.LevelFromBest(i);
                levels[i] = new BookLevel(level.Price, level.Quantity, level.UpdatedAt);
            }
            return levels;
        }
    }

    private void EnsureMine(Order order)
    {
        if (!ReferenceEquals(order.Pair, Pair))
            throw new ArgumentException($"Order {order.Txid} belongs to {order.Pair.Id}, not {Pair.Id}.", nameof(order));
    }

    private TradingStatus EffectiveStatus()
    {
        var system = _exchange.SystemStatus;
        return system != TradingStatus.Online ? system : Pair.Status;
    }

    private string? CheckStatus(OrderKind kind, bool postOnly) => EffectiveStatus() switch
    {
        TradingStatus.Maintenance => KrakenErrors.ServiceUnavailable,
        TradingStatus.CancelOnly => KrakenErrors.CancelOnly,
        TradingStatus.PostOnly when !postOnly || kind != OrderKind.Limit => KrakenErrors.PostOnlyMode,
        TradingStatus.LimitOnly when kind != OrderKind.Limit => KrakenErrors.LimitOnly,
        _ => null,
    };

    /// <summary>Pair rules in Kraken's order: volume, price, ordermin, costmin, tick size.</summary>
    private string? CheckRules(in OrderRequest r)
    {
        if (r.Volume <= 0m) return KrakenErrors.InvalidArgument("volume");
        if (r.VolumeInQuote)
        {
            if (r.Kind != OrderKind.Market || r.Side != Side.Buy) return KrakenErrors.InvalidArgument("viqc");
            if (!Money.FitsDecimals(r.Volume, Pair.QuoteAmountDecimals)) return KrakenErrors.InvalidArgument("volume");
            if (r.Volume < Pair.CostMin) return KrakenErrors.CostMinimum;
            return null;
        }
        if (!Money.FitsDecimals(r.Volume, Pair.LotDecimals)) return KrakenErrors.InvalidArgument("volume");
        if (r.Kind == OrderKind.Limit && r.LimitPrice <= 0m) return KrakenErrors.InvalidPrice;
        if (r.Volume < Pair.OrderMin) return KrakenErrors.OrderMinimum;
        if (r.Kind.IsTriggered())
        {
            if (r.Trigger is not { } trigger) return KrakenErrors.InvalidArgument("price");
            if (!trigger.IsRelative && !Pair.IsOnTick(trigger.Value)) return KrakenErrors.TickSize;
            if (r.TriggeredLimit is { IsRelative: false } limit && !Pair.IsOnTick(limit.Value)) return KrakenErrors.TickSize;
            return null;
        }
        var referencePrice = r.Kind == OrderKind.Limit ? r.LimitPrice : ReferencePriceFor(r.Side);
        if (referencePrice > 0m && r.Volume * referencePrice < Pair.CostMin) return KrakenErrors.CostMinimum;
        if (r.Kind == OrderKind.Limit && !Pair.IsOnTick(r.LimitPrice)) return KrakenErrors.TickSize;
        return null;
    }

    private decimal ReferencePriceFor(Side takerSide)
    {
        var best = (takerSide == Side.Buy ? _asks : _bids).Best;
        return best?.Price ?? 0m;
    }

    private bool WouldTake(Side side, decimal limitPrice)
    {
        var best = (side == Side.Buy ? _asks : _bids).Best;
        if (best is null) return false;
        return side == Side.Buy ? limitPrice >= best.Price : limitPrice <= best.Price;
    }

    // TradedVolume is written by every pair this account trades on: read it under the account's lock.
    private decimal TakerRate(Account account)
    {
        lock (account.Gate) return Pair.TakerFees.RateFor(account.TradedVolume);
    }

    /// <summary>Quote needed to cover <paramref name="volume"/> at <paramref name="price"/> plus the worst fee.</summary>
    private decimal BuyHold(decimal volume, decimal price, bool feeInBase, decimal feeRate)
    {
        var cost = Money.Ceiling(volume * price, Pair.QuoteAmountDecimals);
        return feeInBase ? cost : cost + Money.Ceiling(cost * feeRate, Pair.QuoteAmountDecimals);
    }

    private decimal SellHold(decimal volume, bool feeInBase, decimal feeRate) =>
        feeInBase ? volume + Money.Ceiling(volume * feeRate, Pair.BaseAmountDecimals) : volume;

    private OrderResult SubmitLocked(in OrderRequest r)
    {
        var error = (Faults.SandboxFaults.TryConsumeOrderRefusal(Pair, r.Account.ApiKey) ? KrakenErrors.CancelOnly : null) ?? CheckStatus(r.Kind, r.PostOnly) ?? CheckRules(r);
        if (error is not null) return OrderResult.Fail(error);
        if (r.PostOnly && r.Kind != OrderKind.Limit) return OrderResult.Fail(KrakenErrors.InvalidArgument("oflags"));

        var account = r.Account;
        var feeInBase = r.FeeInBase ?? false;
        var takerRate = TakerRate(account);
        var volume = r.Volume;
        decimal hold;
        var protection = ProtectionLimit(r);

        if (r.Kind.IsTriggered())
        {
            // Untriggered: nothing trades yet; the funds it would use are held (a buy at the price it would trigger at).
            hold = r.Side == Side.Buy
                ? BuyHold(volume, TriggeredPriceEstimate(r), feeInBase, takerRate)
                : SellHold(volume, feeInBase, takerRate);
        }
        else if (r.Kind == OrderKind.Market && r.Side == Side.Buy)
        {
            // A market buy's cost is only known by walking the book: walk it dry first, hold exactly that.
            var walk = Walk(Side.Buy, account, r.Stp, protection, r.VolumeInQuote ? decimal.MaxValue : volume,
                r.VolumeInQuote ? r.Volume : decimal.MaxValue, takerRate, feeInBase);
            if (r.VolumeInQuote) volume = walk.Quantity;
            hold = walk.Spend;
        }
        else if (r.Side == Side.Buy)
        {
            hold = BuyHold(volume, r.LimitPrice, feeInBase, takerRate);
        }
        else
        {
            hold = SellHold(volume, feeInBase, takerRate);
        }

        if (r.PostOnly && WouldTake(r.Side, r.LimitPrice)) return OrderResult.Fail(KrakenErrors.PostOnly);

        var now = _exchange.Time.GetUtcNow();
        if (r.ValidateOnly)
        {
            lock (account.Gate)
            {
                if (account.Available(r.Side == Side.Buy ? Pair.Quote : Pair.Base) < hold)
                    return OrderResult.Fail(KrakenErrors.InsufficientFunds);
            }
            return new OrderResult(NewOrder(r, volume, feeInBase, string.Empty, now), null);
        }

        var order = NewOrder(r, volume, feeInBase, NewOrderId(), now);
        lock (account.Gate)
        {
            if (r.ClOrdId is not null && account.OpenByClientId.ContainsKey(r.ClOrdId))
                return OrderResult.Fail(KrakenErrors.InvalidArgument("cl_ord_id"));
            if (!account.IsSynthetic && account.OpenOrderCount(Pair) >= ExchangeLimits.OpenOrdersPerPair(account.Tier))
                return OrderResult.Fail(KrakenErrors.OrdersLimit);
            if (!account.TryHold(order.HoldAsset, hold)) return OrderResult.Fail(KrakenErrors.InsufficientFunds);
            order.Hold = hold;
            account.AddOpen(order);
        }
        // Synthetic traders' orders are never looked up by id: keep them out of the index.
        if (account.KeepsHistory) _exchange.Register(order);
        Emit(ExecType.PendingNew, order, null, null, now);
        order.Status = OrderStatus.Open;
        Emit(ExecType.New, order, null, null, now);

        if (order.Kind.IsTriggered())
        {
            // Rests untriggered off the book until cancelled or expired (the sandbox does not fire triggers).
            if (order.ExpireTime is { } expireAt) _expiries.Enqueue(order, expireAt);
            Journal(order);
            return new OrderResult(order, null);
        }

        if (r.TimeInForce == TimeInForce.Fok && FillableQuantity(order, protection) < order.Volume)
        {
            Close(order, OrderStatus.Canceled, ExecType.Canceled, "Unfilled fill-or-kill order", now);
            return new OrderResult(order, null);
        }

        var stopReason = Match(order, protection, now);
        if (order.IsOpen)
        {
            if (stopReason is not null)
                Close(order, OrderStatus.Canceled, ExecType.Canceled, stopReason, now);
            else if (order.Kind == OrderKind.Market)
                Close(order, OrderStatus.Canceled, ExecType.Canceled, order.Filled > 0m ? "Partially filled market order" : "No liquidity", now);
            else if (order.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok)
                Close(order, OrderStatus.Canceled, ExecType.Canceled, "Immediate or cancel remainder", now);
            else
                Rest(order, now);
        }
        RecordSpread(now);
        Journal(order);
        return new OrderResult(order, null);
    }

    /// <summary>A fresh order id; a clash with a known order (after a restore) just draws again.</summary>
    private string NewOrderId()
    {
        var id = _ids.Next('O');
        while (_exchange.TryGetOrder(id, out _)) id = _ids.Next('O');
        return id;
    }

    private Order NewOrder(in OrderRequest r, decimal volume, bool feeInBase, string txid, DateTimeOffset now) => new()
    {
        Txid = txid,
        Account = r.Account,
        Pair = Pair,
        Side = r.Side,
        Kind = r.Kind,
        LimitPrice = r.Kind == OrderKind.Limit ? r.LimitPrice : 0m,
        Trigger = r.Trigger,
        TriggeredLimit = r.TriggeredLimit,
        TriggerReference = r.TriggerReference,
        Volume = volume,
        VolumeInQuote = r.VolumeInQuote,
        TimeInForce = r.TimeInForce,
        PostOnly = r.PostOnly,
        FeeInBase = feeInBase,
        NoMarketPriceProtection = r.NoMarketPriceProtection,
        Stp = r.Stp,
        UserRef = r.UserRef,
        ClOrdId = r.ClOrdId,
        OpenTime = now,
        PriorityTime = now,
        ExpireTime = r.TimeInForce == TimeInForce.Gtd ? r.ExpireTime : null,
        Status = OrderStatus.Pending,
        Sequence = ++_sequence,
    };

    /// <summary>What a triggered buy would pay per unit: its limit once triggered, else its trigger, from the last trade.</summary>
    private decimal TriggeredPriceEstimate(in OrderRequest r)
    {
        decimal last = Stats.LastPrice > 0m ? Stats.LastPrice : ReferencePriceFor(Side.Buy);
        var price = r.TriggeredLimit ?? r.Trigger!.Value;
        return Money.Ceiling(price.Resolve(last, r.Side), Pair.PairDecimals);
    }

    /// <summary>The worst price a taker may trade at: its limit, or the market-price-protection band.</summary>
    private decimal ProtectionLimit(in OrderRequest r)
    {
        if (r.Kind == OrderKind.Limit) return r.LimitPrice;
        if (r.NoMarketPriceProtection) return r.Side == Side.Buy ? decimal.MaxValue : 0m;
        var best = ReferencePriceFor(r.Side);
        if (best == 0m) return r.Side == Side.Buy ? decimal.MaxValue : 0m;
        var band = best * _exchange.Options.MarketPriceProtectionPercent / 100m;
        return r.Side == Side.Buy ? best + band : best - band;
    }

    private static bool Acceptable(Side takerSide, decimal price, decimal limit) =>
        takerSide == Side.Buy ? price <= limit : price >= limit;

    private void Rest(Order order, DateTimeOffset now)
    {
        var side = order.Side == Side.Buy ? _bids : _asks;
        var level = side.GetOrAdd(order.LimitPrice);
        level.Append(order);
        level.UpdatedAt = now.ToUnixTimeSeconds();
        EmitLevel(order.Side, level, now);
        if (order.ExpireTime is { } expire) _expiries.Enqueue(order, expire);
    }

    /// <summary>Matches a taker against the opposite side; returns a reason if STP stopped it.</summary>
    private string? Match(Order taker, decimal limit, DateTimeOffset now)
    {
        var opposite = taker.Side == Side.Buy ? _asks : _bids;
        var makerSide = taker.Side == Side.Buy ? Side.Sell : Side.Buy;
        while (taker.Remaining > 0m)
        {
            var level = opposite.Best;
            if (level is null || !Acceptable(taker.Side, level.Price, limit)) return null;
            var maker = level.Head!;
            if (ReferenceEquals(maker.Account, taker.Account))
            {
                switch (taker.Stp)
                {
                    case SelfTradePrevention.CancelOldest:
                        CancelResting(maker, OrderStatus.Canceled, ExecType.Canceled, "Self trade prevention", now);
                        continue;
                    case SelfTradePrevention.CancelBoth:
                        CancelResting(maker, OrderStatus.Canceled, ExecType.Canceled, "Self trade prevention", now);
                        return "Self trade prevention";
                    default:
                        return "Self trade prevention";
                }
            }

            var quantity = Math.Min(taker.Remaining, maker.Remaining);
            Fill(taker, maker, quantity, level.Price, now);
            level.Quantity -= quantity;
            level.UpdatedAt = now.ToUnixTimeSeconds();
            if (maker.Remaining == 0m)
            {
                level.Unlink(maker);
                if (level.Count == 0) opposite.Remove(level);
                Close(maker, OrderStatus.Closed, ExecType.Filled, null, now);
            }
            Journal(maker);
            EmitLevel(makerSide, level, now);
        }
        return null;
    }

    /// <summary>Takes a resting order off the book and closes it.</summary>
    private void CancelResting(Order order, OrderStatus status, ExecType type, string reason, DateTimeOffset now)
    {
        if (order.Level is { } level)
        {
            var side = order.Side == Side.Buy ? _bids : _asks;
            level.Quantity -= order.Remaining;
            level.Unlink(order);
            level.UpdatedAt = now.ToUnixTimeSeconds();
            if (level.Count == 0) side.Remove(level);
            EmitLevel(order.Side, level, now);
            RecordSpread(now);
        }
        Close(order, status, type, reason, now);
        Journal(order);
    }

    /// <summary>Final state: releases what is still held and moves the order to the closed list.</summary>
    private void Close(Order order, OrderStatus status, ExecType type, string? reason, DateTimeOffset now)
    {
        var account = order.Account;
        lock (account.Gate)
        {
            if (order.Hold != 0m)
            {
                account.Release(order.HoldAsset, order.Hold);
                order.Hold = 0m;
            }
            order.Status = status;
            order.Reason = reason;
            order.CloseTime = now;
            account.RemoveOpen(order);
            if (account.KeepsHistory) account.ClosedOrders.Add(order, _forgetOrder);
        }
        Emit(type, order, null, reason, now);
    }

    private void Emit(ExecType type, Order order, Trade? trade, string? reason, DateTimeOffset now)
    {
        if (!_exchange.Events.HasSubscribers) return;
        _exchange.Events.Publish(new OrderEvent(type, order, order.Status, order.Filled, order.Cost, order.Fee,
            order.AveragePrice, trade, reason, now));
    }

    private void EmitLevel(Side side, PriceLevel level, DateTimeOffset now)
    {
        _bookVersion++;
        if (!_exchange.Events.HasSubscribers) return;
        var quantity = level.Count == 0 ? 0m : level.Quantity;
        _exchange.Events.Publish(new BookLevelEvent(Pair, side, level.Price, quantity, _bookVersion, now));
    }

    private void RecordSpread(DateTimeOffset now)
    {
        var bid = _bids.Best;
        var ask = _asks.Best;
        if (bid is null || ask is null) return;
        Stats.RecordSpread(now.ToUnixTimeSeconds(), bid.Price, ask.Price);
    }

    private void Journal(Order order) => _exchange.Journal?.OrderChanged(order);
}
