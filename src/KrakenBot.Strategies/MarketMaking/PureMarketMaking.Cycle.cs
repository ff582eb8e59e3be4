using KrakenBot.Connector.Kraken.Rest.RateLimits;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.MarketMaking;

// The refresh cycle of research §1.2: proposal, hanging orders, max age, tolerance, minimum spread, create.
public sealed partial class PureMarketMaking
{
    private const string HangLabel = "hang";

    /// <summary>True when the books (and a custom price) needed for a reference price are ready.</summary>
    public bool IsReady =>
        Context.Book(Pair).IsReady
        && (_config.PriceSource != PriceSource.ExternalMarket || Context.Book(_config.PriceSourceMarket!).IsReady)
        && (_config.PriceSource != PriceSource.CustomApi || _customApi?.IsReady == true);

    /// <summary>The reference price now (research §1.1 price_source/price_type; anything missing falls back to mid).</summary>
    public decimal? ReferencePrice()
    {
        var source = _config.PriceSource == PriceSource.ExternalMarket ? Context.Book(_config.PriceSourceMarket!) : Context.Book(Pair);
        decimal? price = _config.PriceType switch
        {
            PriceType.BestBid => source.BestBid?.Price,
            PriceType.BestAsk => source.BestAsk?.Price,
            PriceType.LastPrice => Volatile.Read(ref _lastTrade) as decimal?,
            PriceType.LastOwnTradePrice => _state.LastOwnTradePrice,
            PriceType.Custom => _customApi?.Price,
            _ => source.MidPrice,
        };
        return price ?? source.MidPrice;
    }

    /// <summary>Builds the proposal for <paramref name="reference"/> through the fixed pipeline of research §1.2.</summary>
    internal Proposal BuildProposal(decimal reference)
    {
        _warnings.Clear();
        var proposal = BaseProposal(reference);
        ApplyPriceBands(proposal, reference);
        if (_config.PingPongEnabled)
        {
            ApplyPingPong(proposal);
        }

        if (_config.OrderOptimizationEnabled)
        {
            ApplyOrderOptimization(proposal);
        }

        if (_config.AddTransactionCosts)
        {
            ApplyTransactionCosts(proposal);
        }

        if (_config.InventorySkewEnabled)
        {
            ApplyInventorySkew(proposal, reference);
        }

        ApplyBudget(proposal);
        if (!_config.TakeIfCrossed)
        {
            DropTakers(proposal);
        }

        DropCrossingStayingOrders(proposal);
        DropUnplaceable(proposal);
        return proposal;
    }

    private async ValueTask RunCycleAsync(CancellationToken cancellationToken)
    {
        if (!IsReady || ReferencePrice() is not { } reference)
        {
            return;
        }

        _cycleRule = Context.Rule(Pair);
        _cycleBalances = Context.Exchange.Balances;
        _cycleOpen = Context.Orders.Open;
        try
        {
            await CycleAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cycleRule = null;
            _cycleBalances = null;
            _cycleOpen = null;
        }
    }

    private async ValueTask CycleAsync(decimal reference, CancellationToken cancellationToken)
    {
        var now = Context.Now;
        var proposal = _createAt <= now ? BuildProposal(reference) : null;
        CancelHangingFarFromPrice(reference);

        var nonHanging = OpenOrders.Where(o => !IsHanging(o) && !IsLeaving(o)).ToList();
        bool tooOld = nonHanging.Any(o => o.AgeAt(now) > _config.MaxOrderAge);
        bool refreshDue = _cancelAt <= now;
        if ((tooOld || refreshDue) && nonHanging.Count > 0)
        {
            if (proposal is null)
            {
                // Hummingbot: at the refresh time with no proposal (filled-order delay running), the set is withdrawn.
                PromoteCandidates();
                foreach (var order in nonHanging.Where(o => !IsHanging(o)))
                {
                    SendCancel(order, urgent: false);
                }
            }
            else if (tooOld || !WithinTolerance(nonHanging, proposal))
            {
                await ApplyAsync(proposal, cancellationToken).ConfigureAwait(false);
            }
        }

        CancelBelowMinimumSpread(reference);
        bool noneLive = !Context.Orders.Open.Any(o => !IsHanging(o) && !IsLeaving(o) && !IsCandidate(o));
        if (noneLive && _createAt < now && proposal is not null && !(proposal.Buys.Count == 0 && proposal.Sells.Count == 0)
            && (!_config.ShouldWaitOrderCancelConfirmation || !CancelsInFlight()))
        {
            await ApplyAsync(proposal, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts <paramref name="proposal"/> on the book: candidates for hanging become hanging, then each side's live orders
    /// (best first) are matched level by level with the proposal's: an order whose price or size differs is amended in
    /// place, extra orders are cancelled, missing levels placed. Nothing is sent while an order of the set awaits an
    /// answer, or when the trading counter has no room for the whole change (the refresh is stretched to a later tick).
    /// </summary>
    private async ValueTask<bool> ApplyAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        var now = Context.Now;
        var live = OpenOrders.Where(o => !IsHanging(o) && !IsLeaving(o) && !IsCandidate(o)).ToList();
        if (live.Any(o => o.IsBusy) || (_config.ShouldWaitOrderCancelConfirmation && CancelsInFlight() && proposal.Buys.Count + proposal.Sells.Count > live.Count))
        {
            return false;
        }

        var buys = live.Where(o => o.Side == OrderSide.Buy).OrderByDescending(o => o.Price).ToList();
        var sells = live.Where(o => o.Side == OrderSide.Sell).OrderBy(o => o.Price).ToList();
        var plan = new List<(OwnedOrder? Order, ProposedOrder? Target, OrderSide Side, int Level)>();
        Plan(buys, proposal.Buys, OrderSide.Buy, plan);
        Plan(sells, proposal.Sells, OrderSide.Sell, plan);

        decimal cost = 0m;
        foreach (var (order, target, _, _) in plan)
        {
            cost += order is null ? TradingCost.AddOrder
                : target is null ? TradingCost.CancelOrder(now - order.Order.CreatedAt)
                : NeedsAmend(order, target) ? TradingCost.AmendOrder(now - order.Order.UpdatedAt) : 0m;
        }

        if (!Affordable(cost, urgent: false))
        {
            return false;
        }

        PromoteCandidates();
        // What the exchange holds free right now: an amend that needs more, or a new order, is only sent when it fits, so
        // nothing is ever refused for funds; one that does not fit yet waits for a later tick, when what the cancels and
        // smaller amends of this refresh release is free.
        decimal freeBase = AvailableNow(Pair.Base);
        decimal freeQuote = AvailableNow(Pair.Quote);
        bool complete = true;
        bool Fits(OrderSide side, decimal more)
        {
            if (more <= 0)
            {
                return true;
            }

            ref decimal free = ref side == OrderSide.Buy ? ref freeQuote : ref freeBase;
            if (more > free)
            {
                complete = false;
                return false;
            }

            free -= more;
            return true;
        }

        // Our own orders as they will stand after each step: no step may make one of our buys reach one of our sells,
        // not even for the moment between two amends.
        var own = OpenOrders.Where(o => o.Order.Request.Pair == Pair).ToDictionary(o => o.ClientOrderId, o => (o.Side, o.Price));
        bool CrossesOwn(OrderSide side, decimal price, string? self)
        {
            foreach (var (id, (ownSide, ownPrice)) in own)
            {
                if (id != self && ownSide != side && (side == OrderSide.Buy ? price >= ownPrice : price <= ownPrice))
                {
                    complete = false;
                    return true;
                }
            }

            return false;
        }

        // Cancels first; then amends that move away from the other side (buys down, sells up), then those that move
        // toward it, each group freeing funds before using them; then new orders.
        foreach (var step in plan.Where(p => p.Order is not null && p.Target is null))
        {
            SendCancel(step.Order!, urgent: null);
        }

        foreach (var step in plan.Where(p => p.Order is not null && p.Target is not null)
                     .OrderBy(p => Toward(p.Order!, p.Target!) ? 1 : 0).ThenBy(p => HoldChange(p.Order!, p.Target!)))
        {
            var (order, target, side, level) = step;
            if (!NeedsAmend(order!, target!))
            {
                order!.Label = LevelLabel(side, level);
                continue;
            }

            decimal change = HoldChange(order!, target!);
            if (CrossesOwn(side, target!.Price, order!.ClientOrderId) || !Fits(side, side == OrderSide.Buy ? change * (1m + _makerFee) : change))
            {
                continue;
            }

            own[order.ClientOrderId] = (side, target.Price);

            order!.Label = LevelLabel(side, level);
            decimal? price = order.Price != target!.Price ? target.Price : null;
            decimal? amount = order.RemainingAmount != target.Size ? order.Order.FilledAmount + target.Size : null;
            if (Context.Orders.Amend(order, price, amount))
            {
                Amends++;
            }
        }

        Context.Orders.MarkChanged();
        var placed = new Dictionary<(OrderSide, int), string>();
        foreach (var (_, target, side, level) in plan.Where(p => p.Order is null))
        {
            if (CrossesOwn(side, target!.Price, null) || !Fits(side, side == OrderSide.Buy ? target.Size * target.Price * (1m + _makerFee) : target.Size))
            {
                continue;
            }

            var request = _config.TakeIfCrossed
                ? OrderRequest.Limit(Pair, side, target.Size, target.Price)
                : OrderRequest.LimitMaker(Pair, side, target.Size, target.Price);
            var order = await Context.Orders.PlaceAsync(request, LevelLabel(side, level), cancellationToken).ConfigureAwait(false);
            if (order is not null)
            {
                Places++;
                placed[(side, level)] = order.ClientOrderId;
                own[order.ClientOrderId] = (side, target.Price);
            }
        }

        if (_config.HangingOrdersEnabled)
        {
            RecordPairs(plan, placed);
        }

        if (!complete)
        {
            // The rest goes out on a later tick: the refresh stays due until the whole proposal is on the book.
            return false;
        }

        // The whole set is now the proposal: orders it kept as they were count as quoted now, as after Hummingbot's
        // cancel-and-create (their age for max_order_age starts again).
        foreach (var (order, target, _, _) in plan)
        {
            if (order is not null && target is not null && !NeedsAmend(order, target))
            {
                order.QuotedAt = now;
            }
        }

        SetTimers(now);
        return true;
    }

    private static void Plan(List<OwnedOrder> live, List<ProposedOrder> proposed, OrderSide side,
        List<(OwnedOrder? Order, ProposedOrder? Target, OrderSide Side, int Level)> plan)
    {
        for (int i = 0; i < Math.Max(live.Count, proposed.Count); i++)
        {
            plan.Add((i < live.Count ? live[i] : null, i < proposed.Count ? proposed[i] : null, side, i));
        }
    }

    // True when the amend brings the order closer to the other side of the book.
    private static bool Toward(OwnedOrder order, ProposedOrder target) =>
        order.Side == OrderSide.Buy ? target.Price > order.Price : target.Price < order.Price;

    private static bool NeedsAmend(OwnedOrder order, ProposedOrder target) =>
        order.Price != target.Price || order.RemainingAmount != target.Size;

    // How much more an amend holds: a buy holds quote, a sell base; compared within a side only.
    private static decimal HoldChange(OwnedOrder order, ProposedOrder target) => order.Side == OrderSide.Buy
        ? target.Size * target.Price - order.RemainingAmount * order.Price
        : target.Size - order.RemainingAmount;

    private void RecordPairs(List<(OwnedOrder? Order, ProposedOrder? Target, OrderSide Side, int Level)> plan,
        Dictionary<(OrderSide, int), string> placed)
    {
        string? IdAt(OrderSide side, int level)
        {
            foreach (var step in plan)
            {
                if (step.Side == side && step.Level == level && step.Target is not null)
                {
                    return step.Order?.ClientOrderId ?? placed.GetValueOrDefault((side, level));
                }
            }

            return null;
        }

        var pairs = new List<QuotePair>();
        for (int level = 0; ; level++)
        {
            string? buy = IdAt(OrderSide.Buy, level);
            string? sell = IdAt(OrderSide.Sell, level);
            if (buy is null || sell is null)
            {
                break;
            }

            pairs.Add(new QuotePair(buy, sell, false, false));
        }

        SaveState(_state with { Pairs = pairs });
    }

    // Hummingbot's set_timers: only a timer that has passed moves.
    private void SetTimers(DateTimeOffset now)
    {
        var next = now + _config.OrderRefreshTime;
        if (_createAt <= now)
        {
            _createAt = next;
        }

        if (_cancelAt <= now)
        {
            _cancelAt = _createAt < next ? _createAt : next;
        }
    }

    private bool WithinTolerance(List<OwnedOrder> live, Proposal proposal)
    {
        if (_config.OrderRefreshTolerance < 0)
        {
            return false;
        }

        return Within(live.Where(o => o.Side == OrderSide.Buy).Select(o => o.Price).ToList(), proposal.Buys.Select(b => b.Price).ToList())
            && Within(live.Where(o => o.Side == OrderSide.Sell).Select(o => o.Price).ToList(), proposal.Sells.Select(s => s.Price).ToList());
    }

    private bool Within(List<decimal> current, List<decimal> proposed)
    {
        if (current.Count != proposed.Count)
        {
            return false;
        }

        current.Sort();
        proposed.Sort();
        for (int i = 0; i < current.Count; i++)
        {
            if (Math.Abs(proposed[i] - current[i]) / current[i] > _config.OrderRefreshTolerance)
            {
                return false;
            }
        }

        return true;
    }

    private void CancelHangingFarFromPrice(decimal reference)
    {
        foreach (var order in OpenOrders)
        {
            if (IsHanging(order) && !IsLeaving(order) && Math.Abs(order.Price - reference) / reference > _config.HangingOrdersCancel)
            {
                Context.Logger.LogInformation("Hanging order {Order} is more than {Limit:P} from the price; cancelling it.",
                    order.ClientOrderId, _config.HangingOrdersCancel);
                SendCancel(order, urgent: true);
            }
        }
    }

    private void CancelBelowMinimumSpread(decimal reference)
    {
        foreach (var order in Context.Orders.Open)
        {
            if (IsHanging(order) || IsLeaving(order) || order.Order.State == OrderState.PendingCreate)
            {
                continue;
            }

            decimal distance = (order.Side == OrderSide.Buy ? reference - order.Price : order.Price - reference) / reference;
            if (distance < _config.MinimumSpread)
            {
                Context.Logger.LogInformation("Order {Order} is below the minimum spread ({Spread:P}); cancelling it.",
                    order.ClientOrderId, _config.MinimumSpread);
                SendCancel(order, urgent: true);
            }
        }
    }

    private void PromoteCandidates()
    {
        if (!_config.HangingOrdersEnabled)
        {
            return;
        }

        var hanging = _state.Hanging.ToList();
        foreach (var pair in _state.Pairs)
        {
            if (pair.Candidate is { } id && Context.Orders.Find(id) is { IsTerminal: false } order && !hanging.Contains(id))
            {
                hanging.Add(id);
                order.Label = HangLabel;
                Context.Logger.LogInformation("Order {Order} is now hanging: the other side of its pair filled.", id);
            }
        }

        SaveState(_state with { Hanging = hanging, Pairs = [] });
        Context.Orders.MarkChanged();
    }

    // urgent: a protective cancel that may use the whole headroom; false: a routine one that leaves the reserve free;
    // null: already paid for by the refresh it belongs to.
    private void SendCancel(OwnedOrder order, bool? urgent)
    {
        if (urgent is { } protective && !Affordable(TradingCost.CancelOrder(Context.Now - order.Order.CreatedAt), protective))
        {
            return;
        }

        if (Context.Orders.Cancel(order))
        {
            Cancels++;
        }
    }

    /// <summary>
    /// True when the pair's trading counter has room for <paramref name="cost"/> now: the whole headroom for a protective
    /// cancel, the headroom less <see cref="CounterReserve"/> of the maximum for anything else. Otherwise the action is put
    /// off to a later tick (the counter decays meanwhile) and counted in <see cref="RefreshesStretched"/>.
    /// </summary>
    private bool Affordable(decimal cost, bool urgent)
    {
        if (cost <= 0 || Context.TradingCounter(Pair) is not { } counter)
        {
            return true;
        }

        decimal room = counter.Headroom - (urgent ? 0m : counter.Max * CounterReserve);
        if (cost <= room)
        {
            return true;
        }

        RefreshesStretched++;
        _warnings.Add($"Put off: {cost} points of the {Pair} trading counter needed, {counter.Headroom:0.##} of {counter.Max} free.");
        Context.Logger.LogInformation("{Pair}: an order change needing {Cost} counter points is put off; {Headroom} are free.", Pair, cost, counter.Headroom);
        return false;
    }

    private bool IsHanging(OwnedOrder order) => _state.Hanging.Contains(order.ClientOrderId);

    private bool IsCandidate(OwnedOrder order) =>
        _config.HangingOrdersEnabled && _state.Pairs.Any(p => p.Candidate == order.ClientOrderId);

    private static bool IsLeaving(OwnedOrder order) => order.Pending == OrderAction.Cancel || order.Order.State == OrderState.PendingCancel;

    private bool CancelsInFlight() => OpenOrders.Any(IsLeaving);

    private static string LevelLabel(OrderSide side, int level) => $"{(side == OrderSide.Buy ? "buy" : "sell")} {level}";

    private Dictionary<string, string> LevelsBySide()
    {
        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var order in Context.Orders.Open)
        {
            int space = order.Label.IndexOf(' ', StringComparison.Ordinal);
            levels[order.ClientOrderId] = space > 0 ? order.Label[(space + 1)..] : order.Label;
        }

        return levels;
    }

    // Available balance plus what the given orders hold (research §1.2 budget, §1.3 skew).
    private (decimal Base, decimal Quote) AdjustedBalances(IEnumerable<OwnedOrder> orders)
    {
        decimal baseAmount = AvailableNow(Pair.Base);
        decimal quoteAmount = AvailableNow(Pair.Quote);
        foreach (var order in orders)
        {
            if (order.Order.Request.Pair != Pair)
            {
                continue;
            }

            if (order.Side == OrderSide.Buy)
            {
                quoteAmount += order.RemainingAmount * order.Price;
            }
            else
            {
                baseAmount += order.RemainingAmount;
            }
        }

        return (baseAmount, quoteAmount);
    }
}
