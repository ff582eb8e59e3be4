using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;
using PlanStep = (KrakenBot.Strategies.Hosting.OwnedOrder? Order, KrakenBot.Strategies.MarketMaking.ProposedOrder? Target,
    KrakenBot.Connector.Trading.OrderSide Side, int Level);

namespace KrakenBot.Strategies.MarketMaking;

// The refresh cycle of research §1.2: proposal, hanging orders, max age, tolerance, minimum spread, create.
public sealed partial class PureMarketMaking
{
    private const string HangLabel = "hang";
    private static readonly string[] BuyLabels = LevelLabels("buy");
    private static readonly string[] SellLabels = LevelLabels("sell");

    // Reused by every cycle (one runs on each book change once a refresh is due): the cycle allocates nothing.
    private readonly Proposal _cycleProposal = new([], []);
    private readonly Proposal _scratchProposal = new([], []);
    private readonly List<ProposedOrder> _arena = [];
    private int _arenaUsed;
    private readonly List<OwnedOrder> _nonHanging = [];
    private readonly List<OwnedOrder> _liveBuys = [];
    private readonly List<OwnedOrder> _liveSells = [];
    private readonly List<PlanStep> _plan = [];
    private readonly List<PlanStep> _amends = [];
    private readonly Dictionary<(OrderSide, int), string> _placed = [];
    private readonly RefreshRoom _room = new();
    private readonly List<decimal> _currentPrices = [];
    private readonly List<decimal> _proposedPrices = [];
    private readonly UnchangedCycleInputs _unchanged = new();
    private HeldBack _heldBack;
    private IOrderBookView? _pairBook;
    private IOrderBookView? _sourceBook;
    private DateTimeOffset _putOffUntil = DateTimeOffset.MaxValue;

    // How the last cycle's refresh went when it did not complete: what decides whether the cycle may be held.
    private enum HeldBack
    {
        No,
        AwaitingAnswers,
        PutOff,
        Sending,
    }

    /// <summary>
    /// Skips the cycle on a book change that moved nothing the last cycle read when that cycle changed nothing (on by
    /// default; tests turn it off to show the skipped cycles would have done nothing either).
    /// </summary>
    internal bool SkipsUnchangedCycles { get; set; } = true;

    /// <summary>Refresh cycles run since start (skipped ones not counted).</summary>
    internal long CyclesRun { get; private set; }

    /// <summary>True when the books (and a custom price) needed for a reference price are ready.</summary>
    public bool IsReady =>
        PairBook.IsReady
        && (_config.PriceSource != PriceSource.ExternalMarket || SourceBook.IsReady)
        && (_config.PriceSource != PriceSource.CustomApi || _customApi?.IsReady == true);

    // The watched books stay the same while the strategy runs: looked up once a run, not on every book change.
    private IOrderBookView PairBook => _pairBook ??= Context.Book(Pair);

    // True when the reference price is a function of the pair's top of the book and the strategy's state alone.
    private bool ReferenceFollowsTop => _config.PriceSource == PriceSource.CurrentMarket && _config.PriceType is not (PriceType.LastPrice or PriceType.Custom);

    private IOrderBookView SourceBook => _sourceBook ??= _config.PriceSource == PriceSource.ExternalMarket ? Context.Book(_config.PriceSourceMarket!) : PairBook;

    /// <summary>The reference price now (research §1.1 price_source/price_type; anything missing falls back to mid).</summary>
    public decimal? ReferencePrice()
    {
        var source = SourceBook;
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
        var built = BuildCycleProposal(reference);
        return new Proposal(built.Buys.ConvertAll(static o => new ProposedOrder(o.Price, o.Size)),
            built.Sells.ConvertAll(static o => new ProposedOrder(o.Price, o.Size)));
    }

    // The pipeline into the cycle's reused proposal (valid until the next build).
    private Proposal BuildCycleProposal(decimal reference)
    {
        _warnings.Clear();
        _putOffs.Clear();
        _arenaUsed = 0;
        var proposal = _cycleProposal;
        proposal.Buys.Clear();
        proposal.Sells.Clear();
        BaseProposal(reference, proposal);
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

        CyclesRun++;
        var rule = _cycleRule = Context.Rule(Pair);
        var balances = _cycleBalances = Context.Exchange.Balances;
        var open = _cycleOpen = Context.Orders.Open;
        var (state, createAt, cancelAt, places, amends, cancels) = (_state, _createAt, _cancelAt, Places, Amends, Cancels);
        _heldBack = HeldBack.No;
        _putOffUntil = DateTimeOffset.MaxValue;
        _unchanged.Clear();
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

        // A cycle that sent nothing and changed nothing is held, so that book changes that move nothing it read skip the
        // next ones (the order optimization reads the book's depth and the moving band the time: those always run). One
        // that wanted to refresh but was held back (an order of the set awaiting an answer, or no room on the trading
        // counter until a time the counter's decay tells) changed nothing either.
        bool changedNothing = _heldBack != HeldBack.Sending && ReferenceEquals(state, _state) && createAt == _createAt && cancelAt == _cancelAt
            && places == Places && amends == Amends && cancels == Cancels && ReferenceEquals(open, Context.Orders.Open);
        if (changedNothing && SkipsUnchangedCycles && !_config.OrderOptimizationEnabled && !_config.MovingPriceBandEnabled)
        {
            var book = PairBook;
            var until = UnchangedUntil(open);
            // The top's version is held with its prices only when it did not move while they were read.
            long? topVersion = book.TopVersion;
            decimal? bestBid = book.BestBid?.Price;
            decimal? bestAsk = book.BestAsk?.Price;
            var range = _heldBack == HeldBack.PutOff ? PutOffRange(reference, open, until) : null;
            _unchanged.Hold(reference, bestBid, bestAsk, balances, open, _state, rule, _config, _makerFee,
                _putOffUntil < until ? _putOffUntil : until, range, book.TopVersion == topVersion ? topVersion : null);
        }
    }

    /// <summary>
    /// Whether a cycle now would read what the last one that changed nothing read (see <see cref="UnchangedCycleInputs"/>).
    /// </summary>
    private bool CycleWouldChangeNothing(DateTimeOffset now)
    {
        // The top first: most book changes that need no cycle leave it as it was, and it is the cheapest input to read
        // (its version when the book keeps one: then its prices are not even read). A reference price taken from the
        // pair's own top (or the held state) is then the held one too.
        var book = PairBook;
        decimal? bestBid, bestAsk;
        bool sameTop;
        if (_unchanged.SameTopVersion(book.TopVersion))
        {
            (bestBid, bestAsk, sameTop) = (_unchanged.BestBid, _unchanged.BestAsk, true);
        }
        else
        {
            bestBid = book.BestBid?.Price;
            bestAsk = book.BestAsk?.Price;
            sameTop = _unchanged.SameTop(bestBid, bestAsk);
        }

        if ((!sameTop && !_unchanged.CoversOtherPrices(now)) || !IsReady)
        {
            return false;
        }

        decimal? reference = sameTop && ReferenceFollowsTop ? _unchanged.Reference : ReferencePrice();
        if (reference is not { } price)
        {
            return false;
        }

        var balances = Context.Exchange.Balances;
        var open = Context.Orders.Open;
        var rule = Context.Rule(Pair);
        if (sameTop && _unchanged.SameAtHeldTop(now, price, balances, open, _state, rule, _config, _makerFee))
        {
            return true;
        }

        // Another price in a put-off refresh's range: strictly inside the top (no proposed order takes), and no order below
        // the minimum spread there (the one thing a new price does besides the refresh; with the minimum spread off, the
        // range's low end already keeps every order clear of it, see PutOffRange).
        return bestBid < price && price < bestAsk && _unchanged.SameInRange(now, price, balances, open, _state, rule, _config, _makerFee)
            && (_config.MinimumSpread <= -1m || !AnyBelowMinimumSpread(price));
    }

    /// <summary>
    /// For a cycle whose refresh the trading counter put off at <paramref name="reference"/>: the range of references
    /// (whatever the top, as long as the reference lies inside it) at which a cycle would be put off as well, and until
    /// when; null when that cannot be told. Only for plain levels on the mid with nothing that adds or drops orders by
    /// price (no hanging orders, ping-pong, skew or static bands), a tolerance, and one live order per level on each side.
    /// Each proposed price only rises with the reference. When every proposed price of a side is above every live
    /// order's price of that side on both sides (below: on both), it stays so at any higher (lower) reference: no order
    /// can be kept as it is. Within the range no order is dropped either (buys at or under the mid and sells at or over it
    /// never take; the budget and the minimum cost are bounded at the range's ends), so a refresh there amends every
    /// live order and costs at least the sum of their amends at their ages, which does not fit the counter before it
    /// decays enough or an order's age makes an amend cheaper.
    /// </summary>
    private (decimal Low, decimal High, DateTimeOffset Until)? PutOffRange(decimal reference, IReadOnlyList<OwnedOrder> open, DateTimeOffset until)
    {
        var c = _config;
        if (c.OrderRefreshTolerance < 0 || c.HangingOrdersEnabled || _state.Hanging.Count > 0 || c.OrderOverride.Count > 0 || c.SplitOrderLevelsEnabled
            || c.PingPongEnabled || c.InventorySkewEnabled || c.PriceCeiling > 0 || c.PriceFloor > 0 || c.PriceSource != PriceSource.CurrentMarket
            || c.PriceType != PriceType.MidPrice || c.BidSpread < 0 || c.AskSpread < 0 || c.OrderLevelSpread < 0 || _makerFee < 0
            || Context.TradingCounter(Pair) is not { } counter)
        {
            return null;
        }

        var now = Context.Now;
        decimal amends = 0m;
        int buys = 0, sells = 0;
        decimal? lowestBuy = null, highestBuy = null, lowestSell = null, highestSell = null;
        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            if (!IsRegular(order))
            {
                continue;
            }

            if (order.IsBusy)
            {
                return null;
            }

            amends += TradingCost.AmendOrder(now - order.Order.UpdatedAt);
            if (TradingCost.UntilPenaltyChanges(now - order.Order.UpdatedAt) is { } wait && now + wait < until)
            {
                until = now + wait;
            }

            bool buy = order.Side == OrderSide.Buy;
            _ = buy ? buys++ : sells++;
            ref decimal? lowest = ref buy ? ref lowestBuy : ref lowestSell;
            ref decimal? highest = ref buy ? ref highestBuy : ref highestSell;
            lowest = lowest is { } l && l <= order.Price ? l : order.Price;
            highest = highest is { } h && h >= order.Price ? h : order.Price;
        }

        // The proposal before anything drops an order, by the pipeline's own steps.
        var scratch = _scratchProposal;
        scratch.Buys.Clear();
        scratch.Sells.Clear();
        BaseProposal(reference, scratch);
        if (c.AddTransactionCosts)
        {
            ApplyTransactionCosts(scratch);
        }

        if (buys != c.OrderLevels || sells != c.OrderLevels || scratch.Buys.Count != c.OrderLevels || scratch.Sells.Count != c.OrderLevels)
        {
            return null;
        }

        bool up = AllBeyond(scratch.Buys, highestBuy!.Value, above: true) && AllBeyond(scratch.Sells, highestSell!.Value, above: true);
        bool down = !up && AllBeyond(scratch.Buys, lowestBuy!.Value, above: false) && AllBeyond(scratch.Sells, lowestSell!.Value, above: false);
        if (!up && !down)
        {
            return null;
        }

        // The range's ends, with a margin for rounding. A buy is at most the reference and at least reference × its level's
        // factor − 2 ticks (each rounding down loses less than a tick); a sell at least the reference. Sizes do not depend
        // on the price here. Low: every order positive and at least the minimum cost (and, going up, the reference);
        // high: every buy within the quote budget (and, going down, the reference).
        const decimal Margin = 1.000001m;
        var rule = Rule;
        decimal minCost = Math.Max(rule.MinCost ?? 0m, 0m) * Margin;
        decimal low = up ? reference : 0m;
        decimal buySizes = 0m;
        for (int level = 0; level < scratch.Buys.Count; level++)
        {
            var buy = scratch.Buys[level];
            decimal factor = (1m - c.BidSpread - level * c.OrderLevelSpread) * (c.AddTransactionCosts ? 1m - _makerFee : 1m);
            if (buy.Size < rule.MinAmount || factor <= 0)
            {
                return null;
            }

            buySizes += buy.Size;
            low = Math.Max(low, (minCost / buy.Size + 3m * rule.TickSize) / factor);
        }

        decimal sellSizes = 0m;
        foreach (var sell in scratch.Sells)
        {
            if (sell.Size < rule.MinAmount)
            {
                return null;
            }

            sellSizes += sell.Size;
            low = Math.Max(low, minCost / sell.Size);
        }

        var (baseBudget, quoteBudget) = AdjustedBalances(open, regularOnly: true);
        decimal high = quoteBudget / (buySizes * (1m + _makerFee) * Margin);
        if (down && reference < high)
        {
            high = reference;
        }

        // The minimum spread when off (-1 or less): an order is below it only when it is a buy above twice the reference, so
        // a low end at half the highest buy keeps every order clear of it (exactly: halving a decimal price rounds nothing).
        if (c.MinimumSpread <= -1m && highestBuy!.Value / 2m > low)
        {
            low = highestBuy.Value / 2m;
        }

        if (sellSizes > baseBudget || low > reference || high < reference)
        {
            return null;
        }

        var fitsAt = now + counter.TimeUntilFits(amends + counter.Max * CounterReserve);
        return (low, high, fitsAt < until ? fitsAt : until);

        static bool AllBeyond(List<ProposedOrder> proposed, decimal live, bool above)
        {
            foreach (var order in proposed)
            {
                if (above ? order.Price <= live : order.Price >= live)
                {
                    return false;
                }
            }

            return true;
        }
    }

    // The first moment time alone changes what a cycle does: a creation or refresh time still ahead, an order's max age.
    private DateTimeOffset UnchangedUntil(IReadOnlyList<OwnedOrder> open)
    {
        var now = Context.Now;
        var until = DateTimeOffset.MaxValue;
        if (_createAt >= now && _createAt < until)
        {
            until = _createAt;
        }

        if (_cancelAt >= now && _cancelAt < until)
        {
            until = _cancelAt;
        }

        for (int i = 0; i < open.Count; i++)
        {
            var quoted = open[i].QuotedAt;
            var tooOldAt = _config.MaxOrderAge < DateTimeOffset.MaxValue - quoted ? quoted + _config.MaxOrderAge : DateTimeOffset.MaxValue;
            if (tooOldAt < until)
            {
                until = tooOldAt;
            }
        }

        return until;
    }

    private async ValueTask CycleAsync(decimal reference, CancellationToken cancellationToken)
    {
        var now = Context.Now;
        var proposal = _createAt <= now ? BuildCycleProposal(reference) : null;
        CancelHangingFarFromPrice(reference);

        var nonHanging = _nonHanging;
        nonHanging.Clear();
        bool tooOld = false;
        var open = OpenOrders;
        for (int at = 0; at < open.Count; at++)
        {
            var order = open[at];
            if (!IsHanging(order) && !IsLeaving(order))
            {
                nonHanging.Add(order);
                tooOld |= order.AgeAt(now) > _config.MaxOrderAge;
            }
        }

        bool refreshDue = _cancelAt <= now;
        if ((tooOld || refreshDue) && nonHanging.Count > 0)
        {
            if (proposal is null)
            {
                // Hummingbot: at the refresh time with no proposal (filled-order delay running), the set is withdrawn.
                PromoteCandidates();
                foreach (var order in nonHanging)
                {
                    if (!IsHanging(order))
                    {
                        SendCancel(order, urgent: false);
                    }
                }
            }
            else if (tooOld || !WithinTolerance(nonHanging, proposal))
            {
                await ApplyAsync(proposal, cancellationToken).ConfigureAwait(false);
            }
        }

        CancelBelowMinimumSpread(reference);
        bool noneLive = true;
        var openNow = Context.Orders.Open;
        for (int at = 0; at < openNow.Count; at++)
        {
            var order = openNow[at];
            noneLive &= !IsRegular(order);
        }

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
        _heldBack = HeldBack.Sending;
        var now = Context.Now;
        var buys = _liveBuys;
        var sells = _liveSells;
        buys.Clear();
        sells.Clear();
        bool busy = false;
        var open = OpenOrders;
        for (int at = 0; at < open.Count; at++)
        {
            var order = open[at];
            if (IsRegular(order))
            {
                (order.Side == OrderSide.Buy ? buys : sells).Add(order);
                busy |= order.IsBusy;
            }
        }

        if (busy || (_config.ShouldWaitOrderCancelConfirmation && CancelsInFlight() && proposal.Buys.Count + proposal.Sells.Count > buys.Count + sells.Count))
        {
            _heldBack = HeldBack.AwaitingAnswers;
            return false;
        }

        SortBestFirst(buys, OrderSide.Buy);
        SortBestFirst(sells, OrderSide.Sell);
        var plan = _plan;
        plan.Clear();
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
            // The change also gets cheaper as its orders age: it may fit once the first of them passes a penalty bracket.
            foreach (var (order, target, _, _) in plan)
            {
                var since = order is null ? (DateTimeOffset?)null : target is null ? order.Order.CreatedAt : order.Order.UpdatedAt;
                if (since is { } at && TradingCost.UntilPenaltyChanges(now - at) is { } wait && now + wait < _putOffUntil)
                {
                    _putOffUntil = now + wait;
                }
            }

            _heldBack = HeldBack.PutOff;
            return false;
        }

        PromoteCandidates();
        // What the exchange holds free right now: an amend that needs more, or a new order, is only sent when it fits, so
        // nothing is ever refused for funds; one that does not fit yet waits for a later tick, when what the cancels and
        // smaller amends of this refresh release is free. Our own orders as they will stand after each step: no step may
        // make one of our buys reach one of our sells, not even for the moment between two amends.
        var room = _room;
        room.Reset(AvailableNow(Pair.Base), AvailableNow(Pair.Quote), OpenOrders, Pair);

        // Cancels first; then amends that move away from the other side (buys down, sells up), then those that move
        // toward it, each group freeing funds before using them; then new orders.
        foreach (var step in plan)
        {
            if (step.Order is not null && step.Target is null)
            {
                SendCancel(step.Order, urgent: null);
            }
        }

        foreach (var step in AmendsInOrder(plan))
        {
            var (order, target, side, level) = step;
            if (!NeedsAmend(order!, target!))
            {
                order!.Label = LevelLabel(side, level);
                continue;
            }

            decimal change = HoldChange(order!, target!);
            if (room.CrossesOwn(side, target!.Price, order!.ClientOrderId) || !room.Fits(side, side == OrderSide.Buy ? change * (1m + _makerFee) : change))
            {
                continue;
            }

            room.Move(order.ClientOrderId, side, target.Price);

            order!.Label = LevelLabel(side, level);
            decimal? price = order.Price != target!.Price ? target.Price : null;
            decimal? amount = order.RemainingAmount != target.Size ? order.Order.FilledAmount + target.Size : null;
            if (Context.Orders.Amend(order, price, amount))
            {
                Amends++;
            }
        }

        Context.Orders.MarkChanged();
        var placed = _placed;
        placed.Clear();
        for (int i = 0; i < plan.Count; i++)
        {
            var (existing, target, side, level) = plan[i];
            if (existing is not null
                || room.CrossesOwn(side, target!.Price, null) || !room.Fits(side, side == OrderSide.Buy ? target.Size * target.Price * (1m + _makerFee) : target.Size))
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
                room.Move(order.ClientOrderId, side, target.Price);
            }
        }

        if (_config.HangingOrdersEnabled)
        {
            RecordPairs(plan, placed);
        }

        if (!room.Complete)
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

    private static void Plan(List<OwnedOrder> live, List<ProposedOrder> proposed, OrderSide side, List<PlanStep> plan)
    {
        for (int i = 0; i < Math.Max(live.Count, proposed.Count); i++)
        {
            plan.Add((i < live.Count ? live[i] : null, i < proposed.Count ? proposed[i] : null, side, i));
        }
    }

    // The steps that keep an order and give it a target, in the order amends go out: those that move away from the
    // other side first, then by how much more they hold; ties keep the plan's order (a stable sort, small n).
    private List<PlanStep> AmendsInOrder(List<PlanStep> plan)
    {
        var amends = _amends;
        amends.Clear();
        foreach (var step in plan)
        {
            if (step.Order is not null && step.Target is not null)
            {
                int at = amends.Count;
                while (at > 0 && AmendsBefore(step, amends[at - 1]))
                {
                    at--;
                }

                amends.Insert(at, step);
            }
        }

        return amends;

        static bool AmendsBefore(PlanStep a, PlanStep b)
        {
            int towardA = Toward(a.Order!, a.Target!) ? 1 : 0;
            int towardB = Toward(b.Order!, b.Target!) ? 1 : 0;
            return towardA != towardB ? towardA < towardB : HoldChange(a.Order!, a.Target!) < HoldChange(b.Order!, b.Target!);
        }
    }

    // Live orders best first (buys highest, sells lowest); equal prices keep their age order, as a stable sort would.
    private static void SortBestFirst(List<OwnedOrder> orders, OrderSide side)
    {
        for (int i = 1; i < orders.Count; i++)
        {
            var order = orders[i];
            int at = i;
            while (at > 0 && (side == OrderSide.Buy ? order.Price > orders[at - 1].Price : order.Price < orders[at - 1].Price))
            {
                orders[at] = orders[at - 1];
                at--;
            }

            orders[at] = order;
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

    private void RecordPairs(List<PlanStep> plan,
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

        return Within(live, proposal.Buys, OrderSide.Buy) && Within(live, proposal.Sells, OrderSide.Sell);
    }

    private bool Within(List<OwnedOrder> live, List<ProposedOrder> proposal, OrderSide side)
    {
        var current = _currentPrices;
        var proposed = _proposedPrices;
        current.Clear();
        proposed.Clear();
        foreach (var order in live)
        {
            if (order.Side == side)
            {
                current.Add(order.Price);
            }
        }

        foreach (var order in proposal)
        {
            proposed.Add(order.Price);
        }

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
        var open = OpenOrders;
        for (int at = 0; at < open.Count; at++)
        {
            var order = open[at];
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
        var open = Context.Orders.Open;
        for (int at = 0; at < open.Count; at++)
        {
            var order = open[at];
            if (BelowMinimumSpread(order, reference))
            {
                Context.Logger.LogInformation("Order {Order} is below the minimum spread ({Spread:P}); cancelling it.",
                    order.ClientOrderId, _config.MinimumSpread);
                SendCancel(order, urgent: true);
            }
        }
    }

    private bool AnyBelowMinimumSpread(decimal reference)
    {
        var open = Context.Orders.Open;
        for (int at = 0; at < open.Count; at++)
        {
            if (BelowMinimumSpread(open[at], reference))
            {
                return true;
            }
        }

        return false;
    }

    // An order of the set closer to the reference than the minimum spread (one being placed or leaving is let be). A
    // distance is under -100 % only for a buy above twice the reference, so the default (-1: off) needs no division.
    private bool BelowMinimumSpread(OwnedOrder order, decimal reference) =>
        !IsHanging(order) && !IsLeaving(order) && order.Order.State != OrderState.PendingCreate
        && (_config.MinimumSpread > -1m || (order.Side == OrderSide.Buy && order.Price - reference > reference))
        && (order.Side == OrderSide.Buy ? reference - order.Price : order.Price - reference) / reference < _config.MinimumSpread;

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
        // The counter only decays until something more is sent: nothing fits before then.
        var fitsAt = Context.Now + counter.TimeUntilFits(urgent ? cost : cost + counter.Max * CounterReserve);
        if (fitsAt < _putOffUntil)
        {
            _putOffUntil = fitsAt;
        }

        _putOffs.Add((cost, counter.Headroom, counter.Max));
        PureMarketMakingLog.ChangePutOff(Context.Logger, Pair, cost, counter.Headroom);
        return false;
    }

    private bool IsHanging(OwnedOrder order) => _state.Hanging.Contains(order.ClientOrderId);

    private bool IsCandidate(OwnedOrder order)
    {
        if (!_config.HangingOrdersEnabled)
        {
            return false;
        }

        var pairs = _state.Pairs;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Candidate == order.ClientOrderId)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLeaving(OwnedOrder order) => order.Pending == OrderAction.Cancel || order.Order.State == OrderState.PendingCancel;

    // One of the set a refresh maintains: not hanging, not about to hang, not on its way out.
    private bool IsRegular(OwnedOrder order) => !IsHanging(order) && !IsLeaving(order) && !IsCandidate(order);

    private bool CancelsInFlight()
    {
        var open = OpenOrders;
        for (int at = 0; at < open.Count; at++)
        {
            var order = open[at];
            if (IsLeaving(order))
            {
                return true;
            }
        }

        return false;
    }

    private static string LevelLabel(OrderSide side, int level)
    {
        var labels = side == OrderSide.Buy ? BuyLabels : SellLabels;
        return level < labels.Length ? labels[level] : $"{(side == OrderSide.Buy ? "buy" : "sell")} {level}";
    }

    private static string[] LevelLabels(string side)
    {
        var labels = new string[16];
        for (int level = 0; level < labels.Length; level++)
        {
            labels[level] = $"{side} {level}";
        }

        return labels;
    }

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

    // Available balance plus what the open orders hold (research §1.2 budget: only the regular set, which a refresh
    // replaces; §1.3 skew: all of them).
    private (decimal Base, decimal Quote) AdjustedBalances(IReadOnlyList<OwnedOrder> open, bool regularOnly)
    {
        decimal baseAmount = AvailableNow(Pair.Base);
        decimal quoteAmount = AvailableNow(Pair.Quote);
        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            if (order.Order.Request.Pair != Pair || (regularOnly && !IsRegular(order)))
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
