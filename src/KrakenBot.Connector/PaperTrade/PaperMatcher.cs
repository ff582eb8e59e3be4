using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.PaperTrade;

/// <summary>
/// Paper trading's matching model, over the account's state: what an order's arrival, an amend, a cancel, an expiry or
/// a public print does to a <see cref="PaperChange"/> (orders, fills, holds, balances, queue positions, events). It does
/// no I/O and runs no work of its own: <see cref="PaperExchange"/> runs it on its work loop, one change at a time, and
/// stores the change; paper trading and the backtester share it.
/// </summary>
internal sealed class PaperMatcher(IPaperVenue venue, BookScratch bookScratch, PaperExchangeOptions options, Func<string> newId, ILogger logger)
{
    /// <summary>A good-till-date order's time ran out while it rested.</summary>
    public static void Expire(PaperChange change, string clientOrderId)
    {
        if (!change.Next.Resting.ContainsKey(clientOrderId))
        {
            return;
        }

        var order = change.Record(PaperOrderStepKind.StateChanged,
            change.Order(clientOrderId).TransitionTo(OrderState.Expired, change.At));
        change.ReleaseHold(clientOrderId);
        change.Raise(new OrderExpired(change.At, order));
    }

    /// <summary>An order arrives after the latency: checked, opened, taking what it crosses, then resting (or done).</summary>
    public void Activate(PaperChange change, string clientOrderId)
    {
        var order = change.Order(clientOrderId);
        if (order.State != OrderState.PendingCreate)
        {
            return;
        }

        var request = order.Request;
        order = change.Record(PaperOrderStepKind.ExchangeOrderIdAssigned,
            order.WithExchangeOrderId(PaperExchangeOptions.IdPrefix + "O-" + newId(), change.At));
        if (venue.TryGetRule(request.Pair) is not { } rule)
        {
            Fail(change, order, ExchangeErrorCategory.Validation, $"EQuery:Unknown asset pair ({request.Pair} is no longer traded)", false);
            return;
        }

        var book = venue.ReadyBook(request.Pair);
        bool mustTakeNow = request.Type == OrderType.Market || request.TimeInForce is TimeInForce.Ioc or TimeInForce.Fok;
        if (book is null && mustTakeNow)
        {
            Fail(change, order, ExchangeErrorCategory.ServiceUnavailable,
                $"The paper book for {request.Pair} is not ready, so this order cannot be executed now; retry once it is (see Readiness).",
                false);
            return;
        }

        var snapshot = (book is null ? null : bookScratch.Read(book));
        var opposite = snapshot is null ? [] : request.Side == OrderSide.Buy ? snapshot.Asks : snapshot.Bids;
        if (request.Type == OrderType.LimitMaker && opposite.Count > 0 && PaperPricing.Crosses(request.Side, request.Price!.Value, opposite[0]))
        {
            Fail(change, order, ExchangeErrorCategory.OrderRejected, "EOrder:Post only order", isPostOnly: true);
            return;
        }

        order = change.Record(PaperOrderStepKind.StateChanged, order.TransitionTo(OrderState.Open, change.At));
        change.Raise(new OrderCreated(change.At, order));

        if (request.TimeInForce == TimeInForce.Fok && TakeableAmount(change, request, opposite) < request.Amount)
        {
            Cancel(change, order, "FOK order could not be filled in full now: nothing was filled");
            return;
        }

        string? shortfall = request.Type == OrderType.LimitMaker ? null : Take(change, clientOrderId, rule, opposite, request.Price);
        order = change.Order(clientOrderId);
        if (order.IsTerminal)
        {
            return;
        }

        if (mustTakeNow)
        {
            Cancel(change, order, shortfall ?? (request.Type == OrderType.Market
                ? "market order: the visible book did not cover the rest"
                : "IOC order: the rest could not be filled now"));
            return;
        }

        var sameSide = snapshot is null ? null : request.Side == OrderSide.Buy ? snapshot.Bids : snapshot.Asks;
        change.Next.Resting[clientOrderId] = new RestingPosition(venue.NextPriority(),
            sameSide is null ? null : PaperPricing.VolumeAt(sameSide, request.Price!.Value));
        UpdateHold(change, order, rule);
        if (request.ExpireTime is { } expiry)
        {
            venue.ArmExpiry(clientOrderId, expiry);
        }
    }

    /// <summary>
    /// Takes liquidity from <paramref name="opposite"/> (best first) up to <paramref name="limit"/> (none for a market
    /// order): one taker fill per level at the level's price. A market buy is bounded by what the account can pay at
    /// each level. Returns why it stopped short of the order's amount, when it did for a reason other than the book.
    /// </summary>
    private string? Take(PaperChange change, string clientOrderId, TradingRule rule, IReadOnlyList<BookLevel> opposite, decimal? limit)
    {
        var request = change.Order(clientOrderId).Request;
        bool isMarketBuy = request.Side == OrderSide.Buy && limit is null;
        decimal takerPercent = PaperPricing.FeePercent(rule, options.ThirtyDayVolume, isMaker: false);
        if (isMarketBuy)
        {
            // The estimate held at placement is released: the buy now pays at the book's real prices from what is available.
            change.ReleaseHold(clientOrderId);
        }

        bool isAsk = request.Side == OrderSide.Buy;
        var taken = change.Next.Taken;
        taken.Forget(request.Pair, isAsk, opposite);
        for (int i = 0; i < opposite.Count; i++) // indexed: the levels come as an interface
        {
            var level = opposite[i];
            decimal remaining = change.Order(clientOrderId).RemainingAmount;
            if (remaining == 0 || (limit is { } price && !PaperPricing.Crosses(request.Side, price, level)))
            {
                break;
            }

            decimal amount = Math.Min(taken.Available(request.Pair, isAsk, level), remaining);
            if (isMarketBuy)
            {
                decimal available = change.Next.Ledger.Available(request.Pair.Quote);
                decimal affordable = rule.QuantizeAmount(available / (level.Price * (1m + takerPercent / 100m)));
                if (affordable < amount)
                {
                    if (affordable > 0)
                    {
                        ApplyFill(change, clientOrderId, rule, level.Price, affordable, isMaker: false);
                        taken.Take(request.Pair, isAsk, level, affordable);
                    }

                    return $"market order: the available {request.Pair.Quote} ran out at {level.Price}";
                }
            }

            if (amount > 0)
            {
                ApplyFill(change, clientOrderId, rule, level.Price, amount, isMaker: false);
                taken.Take(request.Pair, isAsk, level, amount);
            }
        }

        return null;
    }

    /// <summary>The visible amount an order could take now: opposite levels at or better than its limit, less what we already took.</summary>
    private static decimal TakeableAmount(PaperChange change, OrderRequest request, IReadOnlyList<BookLevel> opposite)
    {
        bool isAsk = request.Side == OrderSide.Buy;
        change.Next.Taken.Forget(request.Pair, isAsk, opposite);
        decimal sum = 0m;
        for (int i = 0; i < opposite.Count; i++)
        {
            var level = opposite[i];
            if (request.Price is { } price && !PaperPricing.Crosses(request.Side, price, level))
            {
                break;
            }

            sum += change.Next.Taken.Available(request.Pair, isAsk, level);
        }

        return sum;
    }

    private void ApplyFill(PaperChange change, string clientOrderId, TradingRule rule, decimal price, decimal amount, bool isMaker)
    {
        var before = change.Order(clientOrderId);
        var request = before.Request;
        decimal cost = price * amount;
        decimal fee = PaperPricing.Fee(cost, PaperPricing.FeePercent(rule, options.ThirtyDayVolume, isMaker));
        var fill = new Fill(PaperExchangeOptions.IdPrefix + newId(), clientOrderId, before.ExchangeOrderId, request.Pair,
            request.Side, price, amount, fee, request.Pair.Quote, isMaker, change.At);
        var order = change.Record(PaperOrderStepKind.Filled, before.ApplyFill(fill, change.At), fill);
        UpdateHold(change, order, rule);
        if (request.Side == OrderSide.Buy)
        {
            change.AddToTotal(request.Pair.Base, amount);
            change.AddToTotal(request.Pair.Quote, -(cost + fee));
        }
        else
        {
            change.AddToTotal(request.Pair.Base, -amount);
            change.AddToTotal(request.Pair.Quote, cost - fee);
        }

        change.Raise(new FillRecorded(change.At, fill));
        change.Raise(order.State == OrderState.Filled
            ? new OrderFilled(change.At, order)
            : new OrderPartiallyFilled(change.At, order, fill));
    }

    /// <summary>
    /// Fills resting orders a public trade reached. An order priced strictly better than the trade fills from the
    /// traded amount directly (everything ahead of it at its price traded first). An order at the trade's price, on
    /// the side the taker hit, first sees the trade consume its queue ahead; only what passes the queue can fill it.
    /// Our own orders share each trade's amount: better price first, then earlier arrival.
    /// </summary>
    public void MatchTrade(PaperChange change, PublicTrade trade)
    {
        if (venue.TryGetRule(trade.Pair) is not { } rule || trade.Amount <= 0)
        {
            return;
        }

        var book = venue.ReadyBook(trade.Pair);
        MatchSide(change, trade, OrderSide.Buy, rule, book);
        MatchSide(change, trade, OrderSide.Sell, rule, book);
    }

    private void MatchSide(PaperChange change, PublicTrade trade, OrderSide side, TradingRule rule, IOrderBookView? book)
    {
        var reached = new List<(TrackedOrder Order, RestingPosition Position)>();
        foreach (var (id, position) in change.Next.Resting)
        {
            var order = change.Order(id);
            var request = order.Request;
            if (request.Pair != trade.Pair || request.Side != side || request.Price is not { } price)
            {
                continue;
            }

            bool through = side == OrderSide.Buy ? trade.Price < price : trade.Price > price;
            bool atPriceAgainstUs = trade.Price == price && trade.TakerSide != side;
            if (through || atPriceAgainstUs)
            {
                reached.Add((order, position));
            }
        }

        if (reached.Count == 0)
        {
            return;
        }

        reached.Sort((a, b) =>
        {
            int byPrice = a.Order.Request.Price!.Value.CompareTo(b.Order.Request.Price!.Value);
            return byPrice != 0 ? (side == OrderSide.Buy ? -byPrice : byPrice) : a.Position.Priority.CompareTo(b.Position.Priority);
        });

        IReadOnlyList<BookLevel>? sameSide = null;
        decimal filledByUs = 0m;
        foreach (var (order, position) in reached)
        {
            decimal price = order.Request.Price!.Value;
            decimal passed; // traded amount that got past everything ahead of this order
            decimal queueLeft = 0m;
            if (trade.Price != price)
            {
                passed = trade.Amount;
            }
            else
            {
                decimal queue = position.QueueAhead ?? EstimateQueue(book, side, price, ref sameSide);
                decimal consumed = Math.Min(queue, trade.Amount);
                queueLeft = queue - consumed;
                passed = trade.Amount - consumed;
            }

            decimal amount = Math.Min(order.RemainingAmount, Math.Max(0m, passed - filledByUs));
            change.Next.Resting[order.ClientOrderId] = position with { QueueAhead = queueLeft };
            if (amount > 0)
            {
                ApplyFill(change, order.ClientOrderId, rule, price, amount, isMaker: true);
                filledByUs += amount;
            }
        }
    }

    private decimal EstimateQueue(IOrderBookView? book, OrderSide side, decimal price, ref IReadOnlyList<BookLevel>? sameSide)
    {
        if (book is null)
        {
            return 0m; // no book to estimate from: assume nothing ahead
        }

        if (sameSide is null)
        {
            var snapshot = bookScratch.Read(book);
            sameSide = side == OrderSide.Buy ? snapshot.Bids : snapshot.Asks;
        }

        return PaperPricing.VolumeAt(sameSide, price);
    }

    /// <summary>An amend arrives after the latency: applied when it still can be, else dropped and logged.</summary>
    public void ApplyAmend(PaperChange change, string clientOrderId, decimal? newPrice, decimal? newAmount)
    {
        var order = change.Order(clientOrderId);
        if (order.IsTerminal)
        {
            PaperLog.AmendDropped(logger, clientOrderId, $"the order is already {order.State}");
            return;
        }

        if (venue.TryGetRule(order.Request.Pair) is not { } rule)
        {
            PaperLog.AmendDropped(logger, clientOrderId, $"{order.Request.Pair} is no longer traded");
            return;
        }

        TrackedOrder amended;
        try
        {
            amended = order.WithAmendment(newPrice, newAmount, change.At);
        }
        catch (InvalidOperationException e)
        {
            PaperLog.AmendDropped(logger, clientOrderId, e.Message);
            return;
        }

        var request = amended.Request;
        if (request.Type == OrderType.LimitMaker && WouldCross(request))
        {
            PaperLog.AmendDropped(logger, clientOrderId, "post-only: the new price crosses the book now");
            return;
        }

        var hold = PaperPricing.HoldFor(amended, rule, options.ThirtyDayVolume);
        if (hold.Amount > change.Next.Ledger.Available(hold.Asset) + (change.Next.Ledger.HoldOf(clientOrderId)?.Amount ?? 0m))
        {
            PaperLog.AmendDropped(logger, clientOrderId, $"not enough {hold.Asset} available any more");
            return;
        }

        amended = change.Record(PaperOrderStepKind.Amended, amended);
        change.SetHold(clientOrderId, hold);
        change.Raise(new OrderAmended(change.At, amended));

        bool losesPriority = request.Price != order.Request.Price || request.Amount > order.Request.Amount;
        if (!losesPriority || !change.Next.Resting.ContainsKey(clientOrderId))
        {
            return;
        }

        var book = venue.ReadyBook(request.Pair);
        var snapshot = (book is null ? null : bookScratch.Read(book));
        if (snapshot is not null && request.Type == OrderType.Limit)
        {
            Take(change, clientOrderId, rule, request.Side == OrderSide.Buy ? snapshot.Asks : snapshot.Bids, request.Price);
            if (change.Order(clientOrderId).IsTerminal)
            {
                return;
            }
        }

        var sameSide = snapshot is null ? null : request.Side == OrderSide.Buy ? snapshot.Bids : snapshot.Asks;
        change.Next.Resting[clientOrderId] = new RestingPosition(venue.NextPriority(),
            sameSide is null ? null : PaperPricing.VolumeAt(sameSide, request.Price!.Value));
    }

    private void Fail(PaperChange change, TrackedOrder order, ExchangeErrorCategory category, string reason, bool isPostOnly)
    {
        order = change.Record(PaperOrderStepKind.StateChanged, order.TransitionTo(OrderState.Failed, change.At, reason));
        change.ReleaseHold(order.ClientOrderId);
        change.Raise(new OrderFailed(change.At, order, category, reason, isPostOnly));
    }

    /// <summary>The order ends cancelled with <paramref name="reason"/> (nothing when it already ended).</summary>
    public static void Cancel(PaperChange change, TrackedOrder order, string reason)
    {
        if (order.IsTerminal)
        {
            return;
        }

        order = change.Record(PaperOrderStepKind.StateChanged, order.TransitionTo(OrderState.Cancelled, change.At));
        change.ReleaseHold(order.ClientOrderId);
        change.Raise(new OrderCancelled(change.At, order, reason));
    }

    private void UpdateHold(PaperChange change, TrackedOrder order, TradingRule rule)
    {
        if (order.IsTerminal || (order.Request.Type == OrderType.Market && order.Request.Side == OrderSide.Buy))
        {
            change.ReleaseHold(order.ClientOrderId);
            return;
        }

        change.SetHold(order.ClientOrderId, PaperPricing.HoldFor(order, rule, options.ThirtyDayVolume));
    }

    /// <summary>True when a post-only order at its price would take liquidity from the book now.</summary>
    public bool WouldCross(OrderRequest request)
    {
        var book = venue.ReadyBook(request.Pair);
        if (book is null || request.Price is not { } price)
        {
            return false;
        }

        var best = request.Side == OrderSide.Buy ? book.BestAsk : book.BestBid;
        return best is { } level && PaperPricing.Crosses(request.Side, price, level);
    }
}
