using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Strategies.Arbitrage;

/// <summary>
/// Fires one cycle and sees it to its end, on the strategy's loop: a small state machine advanced by
/// <see cref="StepAsync"/> on every input, with its fills counted by <see cref="OnFill"/>.
/// </summary>
/// <remarks>
/// <para>Legs go one after the other, each an IOC limit order at the worst level its plan walked, so no leg fills worse
/// than planned: what the book no longer offers is simply not filled. Sequential, not parallel, because each leg
/// spends what the one before brought: the cycle needs only the start asset, and when a leg fails the cycle holds one
/// asset to bring back instead of three legs' worth of open risk. The price of that is the time between legs.</para>
/// <para>A leg after the first spends what the cycle holds of its asset from its own fills (not the plan's figure),
/// once the exchange shows it as available (or after <see cref="TriangularArbitrageConfig.BalanceWait"/>, on what is).
/// A leg refused, or that filled nothing, ends the legs; a leg that filled in part lets the rest go on with what it
/// brought. Then whatever the cycle still holds in another asset is sold back to the start asset on the direct pair at
/// the best prices of the book now (IOC at the level that covers it), until nothing above the minimum order is left or
/// the attempts run out.</para>
/// </remarks>
internal sealed class CycleExecutor
{
    private readonly CycleQuote _plan;
    private readonly TriangularArbitrageConfig _config;
    private readonly IReadOnlyDictionary<TradingPair, decimal> _feePercents;
    private readonly Dictionary<string, decimal> _holdings = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _unwindAttempts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dust = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];
    private OwnedOrder? _current;
    private DateTimeOffset _currentSince;
    private DateTimeOffset? _waitingSince;
    private bool _cancelSent;
    private bool _unwinding;
    private int _leg;
    private int _unwinds;
    private bool _firstLegFilledNothing;
    private decimal _spentStart;
    private decimal _receivedStart;

    public CycleExecutor(int number, CycleQuote plan, TriangularArbitrageConfig config, IReadOnlyDictionary<TradingPair, decimal> feePercents,
        DateTimeOffset now)
    {
        Number = number;
        _plan = plan;
        _config = config;
        _feePercents = feePercents;
        StartedAt = now;
    }

    public int Number { get; }

    public DateTimeOffset StartedAt { get; }

    public string Route => _plan.Cycle.Route;

    public CycleOutcome Outcome { get; private set; } = CycleOutcome.Running;

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsDone => Outcome != CycleOutcome.Running;

    private string Start => _plan.Cycle.StartAsset;

    /// <summary>What it is doing now, for status.</summary>
    public string Stage => IsDone ? Outcome.ToString().ToLowerInvariant()
        : _unwinding ? "unwinding" : $"leg {_leg + 1} ({_plan.Cycle.Legs[_leg]})";

    /// <summary>True when <paramref name="order"/> is one of this cycle's.</summary>
    public bool Owns(OwnedOrder order) => _orders.Contains(order.ClientOrderId);

    /// <summary>Counts a fill of one of the cycle's orders into what the cycle holds.</summary>
    public void OnFill(OwnedOrder order, Fill fill)
    {
        if (!Owns(order))
        {
            return;
        }

        var pair = fill.Pair;
        bool buy = fill.Side == OrderSide.Buy;
        Move(pair.Base, buy ? fill.Amount : -fill.Amount);
        Move(pair.Quote, buy ? -fill.Cost : fill.Cost);
        Move(fill.FeeAsset, -fill.FeeAmount);
    }

    /// <summary>The record of the cycle now.</summary>
    public CycleRecord Record()
    {
        var residual = _holdings.Where(h => h.Key != Start && h.Value != 0).ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal);
        return new CycleRecord(Number, _plan.Cycle.Route, Start, StartedAt, EndedAt, Outcome, _plan.Spent, _plan.Edge, _plan.EdgeBps,
            _receivedStart - _spentStart, _spentStart, residual, [.. _notes]);
    }

    /// <summary>Moves the cycle on as far as it can now (fires the next order, or waits for one).</summary>
    public async ValueTask StepAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        while (!IsDone)
        {
            if (_current is { } order && !Settled(context, order))
            {
                return; // its final state or fills are still to come
            }

            bool progressed = _unwinding
                ? await UnwindNextAsync(context, cancellationToken).ConfigureAwait(false)
                : await FireLegAsync(context, cancellationToken).ConfigureAwait(false);
            if (!progressed)
            {
                return;
            }
        }
    }

    // True once the current order is final with all its fills counted; the leg or unwind it was is then taken in.
    private bool Settled(StrategyContext context, OwnedOrder order)
    {
        var now = context.Now;
        bool timedOut = now - _currentSince >= _config.LegTimeout;
        if (!order.IsTerminal)
        {
            if (!_cancelSent && timedOut)
            {
                _cancelSent = context.Orders.Cancel(order);
                Note($"{order.Label}: no final state after {_config.LegTimeout.TotalSeconds:0.#} s, cancelled");
            }

            return false;
        }

        if (order.Order.Fills.Sum(f => f.Amount) != order.Order.FilledAmount)
        {
            if (!timedOut)
            {
                return false; // the exchange reported the order's end before some of its trades
            }

            Note($"{order.Label}: {order.Order.FilledAmount} filled, trades of {order.Order.Fills.Sum(f => f.Amount)} seen after {_config.LegTimeout.TotalSeconds:0.#} s: went on with those");
        }

        _current = null;
        _cancelSent = false;
        if (_unwinding)
        {
            return true;
        }

        var leg = _plan.Cycle.Legs[_leg];
        if (order.Order.FilledAmount == 0)
        {
            string why = order.Order.State == OrderState.Failed ? $"refused ({order.Order.FailureReason})" : "filled nothing";
            Note($"leg {_leg + 1} ({leg}) {why}");
            _firstLegFilledNothing = _leg == 0;
            _unwinding = true;
            return true;
        }

        if (order.Order.FilledAmount < order.Order.Request.Amount)
        {
            Note($"leg {_leg + 1} ({leg}) filled {order.Order.FilledAmount} of {order.Order.Request.Amount} {leg.Pair.Base}");
        }

        _leg++;
        _waitingSince = null;
        if (_leg == _plan.Cycle.Legs.Count)
        {
            _unwinding = true;
        }

        return true;
    }

    // Sends the next leg; false when it waits (for a balance) and nothing was sent.
    private async ValueTask<bool> FireLegAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        var plan = _plan.Legs[_leg];
        var leg = plan.Leg;
        decimal amount = plan.Amount;
        if (_leg > 0)
        {
            decimal input = _holdings.GetValueOrDefault(leg.From);
            decimal available = context.Available(leg.From);
            if (available < input)
            {
                if (!WaitedEnough(context.Now))
                {
                    return false;
                }

                Note($"leg {_leg + 1} ({leg}): {input} {leg.From} brought, {available} shown available after {_config.BalanceWait.TotalSeconds:0.#} s: sized on that");
            }

            input = Math.Min(input, available);
            var rule = context.Rule(leg.Pair);
            amount = leg.Side == OrderSide.Sell ? rule.QuantizeAmount(input) : BuyAmount(rule, input, available, plan.LimitPrice, FeeOf(leg.Pair) / 100m);
            if (amount <= 0 || amount < rule.MinAmount || (rule.MinCost is { } minCost && amount * plan.LimitPrice < minCost))
            {
                Note($"leg {_leg + 1} ({leg}): {amount} {leg.Pair.Base} is under the market's minimum");
                _unwinding = true;
                return true;
            }
        }

        var order = await context.Orders.PlaceAsync(
            OrderRequest.Limit(leg.Pair, leg.Side, amount, plan.LimitPrice, TimeInForce.Ioc), $"arb {Number} leg {_leg + 1}", cancellationToken)
            .ConfigureAwait(false);
        if (order is null)
        {
            Note($"leg {_leg + 1} ({leg}) refused by the exchange");
            _firstLegFilledNothing = _leg == 0;
            _unwinding = true;
            return true;
        }

        Track(order, context.Now);
        return true;
    }

    // Sends the next unwind order; false when it waits (for a balance, or an order's answer), true when it ended the cycle too.
    private async ValueTask<bool> UnwindNextAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        foreach (var (asset, held) in _holdings.Where(h => h.Key != Start && h.Value > 0 && !_dust.Contains(h.Key)).ToList())
        {
            if (_unwindAttempts.GetValueOrDefault(asset) >= _config.MaxUnwindAttempts)
            {
                continue;
            }

            var pair = _plan.Cycle.Legs.Select(l => l.Pair).First(p => (p.Base == asset && p.Quote == Start) || (p.Base == Start && p.Quote == asset));
            var leg = new CycleLeg(pair, pair.Base == asset ? OrderSide.Sell : OrderSide.Buy);
            var market = LegMarket.From(context.Rule(pair), context.Book(pair).GetSnapshot(context.Options.BookDepth), FeeOf(pair));
            var (plan, problem) = CycleDetector.PriceLeg(leg, market, held);
            if (plan is null && problem is not null && problem.Contains("minimum", StringComparison.Ordinal))
            {
                _dust.Add(asset); // too little to trade: it stays as residual
                continue;
            }

            decimal available = context.Available(asset);
            if (available < held && !WaitedEnough(context.Now))
            {
                return false;
            }

            if (available < held)
            {
                (plan, problem) = CycleDetector.PriceLeg(leg, market, available);
            }

            _unwindAttempts[asset] = _unwindAttempts.GetValueOrDefault(asset) + 1;
            if (plan is null)
            {

                Note($"unwind of {held} {asset} ({leg}) not possible now: {problem}");
                return false; // tried again on the next input, while attempts last
            }

            _unwinds++;
            var order = await context.Orders.PlaceAsync(
                OrderRequest.Limit(pair, leg.Side, plan.Amount, plan.LimitPrice, TimeInForce.Ioc), $"arb {Number} unwind {asset}", cancellationToken)
                .ConfigureAwait(false);
            Note($"unwind {leg} {plan.Amount} {pair.Base} at up to {plan.LimitPrice}{(order is null ? ": refused" : "")}");
            if (order is null)
            {
                return false; // tried again on the next input, while attempts last
            }

            Track(order, context.Now);
            return true;
        }

        Finish(context.Now);
        return true;
    }

    private void Finish(DateTimeOffset now)
    {
        bool stuck = _holdings.Any(h => h.Key != Start && h.Value > 0 && !_dust.Contains(h.Key));
        Outcome = stuck ? CycleOutcome.Stuck
            : _unwinds > 0 ? CycleOutcome.Unwound
            : _firstLegFilledNothing ? CycleOutcome.Missed
            : CycleOutcome.Captured;
        EndedAt = now;
    }

    private bool WaitedEnough(DateTimeOffset now)
    {
        _waitingSince ??= now;
        return now - _waitingSince.Value >= _config.BalanceWait;
    }

    private void Track(OwnedOrder order, DateTimeOffset now)
    {
        _orders.Add(order.ClientOrderId);
        _current = order;
        _currentSince = now;
        _waitingSince = null;
    }

    // The most base that input buys at the limit, fee included. Kraken holds a buy's cost and fee each rounded up to the
    // cost decimals: when that hold would go over what is available, two such steps are kept aside.
    private static decimal BuyAmount(TradingRule rule, decimal input, decimal available, decimal limit, decimal fee)
    {
        decimal amount = rule.QuantizeAmount(input / (limit * (1m + fee)));
        decimal step = 1m / Pow10(rule.CostDecimals);
        decimal cost = decimal.Ceiling(amount * limit / step) * step;
        decimal hold = cost + decimal.Ceiling(cost * fee / step) * step;
        return hold <= available ? amount : rule.QuantizeAmount(Math.Max(0m, input - 2m * step) / (limit * (1m + fee)));
    }

    private static decimal Pow10(int decimals)
    {
        decimal value = 1m;
        for (int i = 0; i < decimals; i++) value *= 10m;
        return value;
    }

    private void Note(FormattableString text) => _notes.Add(FormattableString.Invariant(text));

    private decimal FeeOf(TradingPair pair) => _feePercents.GetValueOrDefault(pair);

    private void Move(string asset, decimal delta)
    {
        if (delta == 0)
        {
            return;
        }

        _holdings[asset] = _holdings.GetValueOrDefault(asset) + delta;
        if (asset == Start)
        {
            if (delta < 0) _spentStart -= delta;
            else _receivedStart += delta;
        }
    }
}
