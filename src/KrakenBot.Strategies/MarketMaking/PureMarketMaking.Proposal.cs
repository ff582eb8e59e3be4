using KrakenBot.Connector.Trading;

namespace KrakenBot.Strategies.MarketMaking;

// The proposal pipeline: base levels or override → bands, ping-pong → optimization, transaction costs → skew →
// budget → no takers.
public sealed partial class PureMarketMaking
{
    // Read once per cycle: the connector's rule lookup and balance snapshot are not free, and a cycle needs them often.
    private TradingRule? _cycleRule;
    private IReadOnlyDictionary<string, Balance>? _cycleBalances;
    private IReadOnlyList<Hosting.OwnedOrder>? _cycleOpen;

    private TradingRule Rule => _cycleRule ?? Context.Rule(Pair);

    private IReadOnlyList<Hosting.OwnedOrder> OpenOrders => _cycleOpen ?? Context.Orders.Open;

    private decimal AvailableNow(string asset)
    {
        var balances = _cycleBalances ?? Context.Exchange.Balances;
        return balances.TryGetValue(asset, out var balance) ? balance.Available : 0m;
    }

    // Buys round down and sells round up to the tick, so a quote is never inside its configured spread (Hummingbot
    // floors both).
    private decimal BuyPrice(decimal price) => Rule.QuantizePrice(price, RoundingDirection.Down);

    private decimal SellPrice(decimal price) => Rule.QuantizePrice(price, RoundingDirection.Up);

    // Fills proposal (emptied by the caller) with the base levels or the order override.
    private void BaseProposal(decimal reference, Proposal proposal)
    {
        decimal buyReference = reference;
        decimal sellReference = reference;
        if (_config.PriceType == PriceType.InventoryCost)
        {
            if (_state.InventoryBase is > 0 && _state.InventoryQuote is { } paid)
            {
                // Only sells are limited: never below what the inventory cost.
                sellReference = Math.Max(paid / _state.InventoryBase.Value, sellReference);
            }
            else if (Context.Total(Pair.Base) > 0 && _state.InventoryBase is null)
            {
                throw new InvalidOperationException("Initial inventory price is not set while the inventory_cost price type is active.");
            }
        }

        var buys = proposal.Buys;
        var sells = proposal.Sells;
        var overrides = _config.EffectiveOverride;
        if (overrides.Count > 0)
        {
            foreach (var entry in overrides)
            {
                decimal size = Rule.QuantizeAmount(entry.Amount);
                if (entry.Side == OrderSide.Buy)
                {
                    Add(buys, BuyPrice(buyReference * (1m - entry.Spread)), size);
                }
                else
                {
                    Add(sells, SellPrice(sellReference * (1m + entry.Spread)), size);
                }
            }

            buys.Sort(static (a, b) => b.Price.CompareTo(a.Price));
            sells.Sort(static (a, b) => a.Price.CompareTo(b.Price));
        }
        else
        {
            for (int level = 0; level < _config.OrderLevels; level++)
            {
                decimal size = Rule.QuantizeAmount(_config.OrderAmount + _config.OrderLevelAmount * level);
                Add(buys, BuyPrice(buyReference * (1m - _config.BidSpread - level * _config.OrderLevelSpread)), size);
                Add(sells, SellPrice(sellReference * (1m + _config.AskSpread + level * _config.OrderLevelSpread)), size);
            }
        }

        void Add(List<ProposedOrder> side, decimal price, decimal size)
        {
            if (size > 0 && price > 0)
            {
                side.Add(RentProposedOrder(price, size));
            }
        }
    }

    // Proposed orders of the cycle's proposal come from a reused arena: a cycle runs on every book change once a
    // refresh is due, and a backtest replays millions of them.
    private ProposedOrder RentProposedOrder(decimal price, decimal size)
    {
        if (_arenaUsed == _arena.Count)
        {
            _arena.Add(new ProposedOrder(price, size));
        }

        var order = _arena[_arenaUsed++];
        order.Price = price;
        order.Size = size;
        return order;
    }

    private void ApplyPriceBands(Proposal proposal, decimal reference)
    {
        if (_config.PriceCeiling > 0 && reference >= _config.PriceCeiling)
        {
            proposal.Buys.Clear();
        }

        if (_config.PriceFloor > 0 && reference <= _config.PriceFloor)
        {
            proposal.Sells.Clear();
        }

        if (_config.MovingPriceBandEnabled)
        {
            var band = MovingPriceBand.Update(_state.Band, Context.Now, reference, _config);
            if (band != _state.Band)
            {
                SaveState(_state with { Band = band });
            }

            if (reference >= band.Ceiling)
            {
                proposal.Buys.Clear();
            }

            if (reference <= band.Floor)
            {
                proposal.Sells.Clear();
            }
        }
    }

    private void ApplyPingPong(Proposal proposal)
    {
        if (_state.FilledBuys == _state.FilledSells && _state.FilledBuys != 0)
        {
            SaveState(_state with { FilledBuys = 0, FilledSells = 0 });
        }

        if (_state.FilledBuys > 0)
        {
            proposal.Buys.RemoveRange(0, Math.Min(_state.FilledBuys, proposal.Buys.Count));
            _warnings.Add($"  Ping-pong removed {_state.FilledBuys} buy orders.");
        }

        if (_state.FilledSells > 0)
        {
            proposal.Sells.RemoveRange(0, Math.Min(_state.FilledSells, proposal.Sells.Count));
            _warnings.Add($"  Ping-pong removed {_state.FilledSells} sell orders.");
        }
    }

    private void ApplyOrderOptimization(Proposal proposal)
    {
        var book = PairBook;
        var snapshot = book.GetSnapshot(Context.Options.BookDepth);
        decimal tick = Rule.TickSize;
        if (proposal.Buys.Count > 0 && PriceForVolume(snapshot.Bids, _config.BidOrderOptimizationDepth + TopOwn(OpenOrders, OrderSide.Buy)) is { } topBid)
        {
            decimal aboveBid = (decimal.Ceiling(topBid / tick) + 1m) * tick;
            proposal.Buys.Sort(static (a, b) => b.Price.CompareTo(a.Price));
            decimal lower = BuyPrice(Math.Min(proposal.Buys[0].Price, aboveBid));
            for (int i = 0; i < proposal.Buys.Count; i++)
            {
                decimal factor = _config.SplitOrderLevelsEnabled && i < _config.BidOrderLevelSpreads.Count
                    ? (1m - _config.BidOrderLevelSpreads[i]) / (1m - _config.BidOrderLevelSpreads[0])
                    : 1m - _config.OrderLevelSpread * i;
                proposal.Buys[i].Price = BuyPrice(lower * factor);
            }
        }

        if (proposal.Sells.Count > 0 && PriceForVolume(snapshot.Asks, _config.AskOrderOptimizationDepth + TopOwn(OpenOrders, OrderSide.Sell)) is { } topAsk)
        {
            decimal belowAsk = (decimal.Floor(topAsk / tick) - 1m) * tick;
            proposal.Sells.Sort(static (a, b) => a.Price.CompareTo(b.Price));
            decimal higher = SellPrice(Math.Max(proposal.Sells[0].Price, belowAsk));
            for (int i = 0; i < proposal.Sells.Count; i++)
            {
                decimal factor = _config.SplitOrderLevelsEnabled && i < _config.AskOrderLevelSpreads.Count
                    ? (1m + _config.AskOrderLevelSpreads[i]) / (1m + _config.AskOrderLevelSpreads[0])
                    : 1m + _config.OrderLevelSpread * i;
                proposal.Sells[i].Price = SellPrice(higher * factor);
            }
        }
    }

    // The strategy's own best order on a side (not being cancelled; the first of equals): its volume is looked past
    // when finding the price to jump.
    private static decimal TopOwn(IReadOnlyList<Hosting.OwnedOrder> open, OrderSide side)
    {
        Hosting.OwnedOrder? best = null;
        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            if (order.Side == side && !IsLeaving(order)
                && (best is null || (side == OrderSide.Buy ? order.Price > best.Price : order.Price < best.Price)))
            {
                best = order;
            }
        }

        return best?.RemainingAmount ?? 0m;
    }

    // The price of the level at which the cumulative volume from the top reaches volume (the last level when it never does).
    private static decimal? PriceForVolume(IReadOnlyList<BookLevel> levels, decimal volume)
    {
        decimal cumulative = 0m;
        foreach (var level in levels)
        {
            cumulative += level.Amount;
            if (cumulative >= volume)
            {
                return level.Price;
            }
        }

        return levels.Count > 0 ? levels[^1].Price : null;
    }

    private void ApplyTransactionCosts(Proposal proposal)
    {
        foreach (var buy in proposal.Buys)
        {
            buy.Price = BuyPrice(buy.Price * (1m - _makerFee));
        }

        foreach (var sell in proposal.Sells)
        {
            sell.Price = SellPrice(sell.Price * (1m + _makerFee));
        }
    }

    private void ApplyInventorySkew(Proposal proposal, decimal reference)
    {
        var (baseAmount, quoteAmount) = AdjustedBalances(OpenOrders, regularOnly: false);
        decimal range = InventorySkew.TotalOrderSize(_config.OrderAmount, _config.OrderLevelAmount, _config.OrderLevels)
            * _config.InventoryRangeMultiplier;
        var ratios = InventorySkew.Ratios(baseAmount, quoteAmount, reference, _config.InventoryTargetBase, range);
        foreach (var buy in proposal.Buys)
        {
            buy.Size = Rule.QuantizeAmount(buy.Size * ratios.BidRatio);
        }

        foreach (var sell in proposal.Sells)
        {
            sell.Size = Rule.QuantizeAmount(sell.Size * ratios.AskRatio);
        }
    }

    // What may be spent: available balance plus what the strategy's regular orders (not hanging, not about to hang)
    // hold, since a refresh replaces them. The last buy or sell that does not fit is shrunk, later ones dropped.
    private void ApplyBudget(Proposal proposal)
    {
        var (baseBudget, quoteBudget) = AdjustedBalances(OpenOrders, regularOnly: true);
        foreach (var buy in proposal.Buys)
        {
            decimal needed = buy.Size * buy.Price * (1m + _makerFee);
            if (quoteBudget < needed)
            {
                buy.Size = quoteBudget <= 0 ? 0m : Rule.QuantizeAmount(quoteBudget / (buy.Price * (1m + _makerFee)));
                quoteBudget = 0m;
            }
            else
            {
                quoteBudget -= needed;
            }
        }

        proposal.Buys.RemoveAll(static b => b.Size <= 0);
        foreach (var sell in proposal.Sells)
        {
            if (baseBudget < sell.Size)
            {
                sell.Size = baseBudget <= 0 ? 0m : Rule.QuantizeAmount(baseBudget);
                baseBudget = 0m;
            }
            else
            {
                baseBudget -= sell.Size;
            }
        }

        proposal.Sells.RemoveAll(static s => s.Size <= 0);
    }

    // Orders that stay while the set is refreshed (hanging ones, candidates): the proposal must not reach them.
    private void DropCrossingStayingOrders(Proposal proposal)
    {
        decimal? lowestSell = null;
        decimal? highestBuy = null;
        var open = OpenOrders;
        for (int i = 0; i < open.Count; i++)
        {
            var order = open[i];
            if (!IsHanging(order) && !IsCandidate(order))
            {
                continue;
            }

            if (order.Side == OrderSide.Sell && (lowestSell is null || order.Price < lowestSell))
            {
                lowestSell = order.Price;
            }
            else if (order.Side == OrderSide.Buy && (highestBuy is null || order.Price > highestBuy))
            {
                highestBuy = order.Price;
            }
        }

        if (lowestSell is { } sell)
        {
            KeepBuysBelow(proposal.Buys, sell);
        }

        if (highestBuy is { } buy)
        {
            KeepSellsAbove(proposal.Sells, buy);
        }
    }

    private void DropTakers(Proposal proposal)
    {
        var book = PairBook;
        if (book.BestAsk is { } ask)
        {
            KeepBuysBelow(proposal.Buys, ask.Price);
        }

        if (book.BestBid is { } bid)
        {
            KeepSellsAbove(proposal.Sells, bid.Price);
        }
    }

    private static void KeepBuysBelow(List<ProposedOrder> buys, decimal limit)
    {
        int kept = 0;
        for (int i = 0; i < buys.Count; i++)
        {
            var buy = buys[i];
            if (buy.Price < limit)
            {
                buys[kept++] = buy;
            }
        }

        buys.RemoveRange(kept, buys.Count - kept);
    }

    private static void KeepSellsAbove(List<ProposedOrder> sells, decimal limit)
    {
        int kept = 0;
        for (int i = 0; i < sells.Count; i++)
        {
            var sell = sells[i];
            if (sell.Price > limit)
            {
                sells[kept++] = sell;
            }
        }

        sells.RemoveRange(kept, sells.Count - kept);
    }

    // What the exchange would refuse: under the minimum amount or cost.
    private void DropUnplaceable(Proposal proposal)
    {
        KeepPlaceable(proposal.Buys, Rule);
        KeepPlaceable(proposal.Sells, Rule);
    }

    private static void KeepPlaceable(List<ProposedOrder> orders, TradingRule rule)
    {
        int kept = 0;
        for (int i = 0; i < orders.Count; i++)
        {
            var o = orders[i];
            if (o.Size > 0 && o.Price > 0 && o.Size >= rule.MinAmount && (rule.MinCost is not { } min || o.Size * o.Price >= min))
            {
                orders[kept++] = o;
            }
        }

        orders.RemoveRange(kept, orders.Count - kept);
    }
}
