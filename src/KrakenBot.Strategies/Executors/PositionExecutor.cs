using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// Hummingbot's position executor on spot: opens a position with a limit (or market) order, then closes it at the
/// first barrier reached: stop loss, trailing stop, take profit (at market when the P&amp;L reaches it, or by a limit
/// resting at entry × (1 ± take profit) once the entry filled) or time limit. Barriers are checked on the net P&amp;L
/// fraction after fees (the position valued at the best bid when long, the best ask when short) on every step.
/// </summary>
/// <remarks>
/// The time limit also ends an entry that never filled (its order cancelled, nothing to close). An entry the exchange
/// refuses, or that ends with nothing filled for another reason (cancelled from outside, expired), ends the executor
/// as <see cref="CloseType.Failed"/>. A short position sells base the account holds and buys it back on close.
/// </remarks>
public sealed class PositionExecutor : Executor
{
    /// <summary>The executor type in configs and status.</summary>
    public const string Name = "position_executor";

    private readonly PositionExecutorConfig _config;
    private OwnedOrder? _open;
    private OwnedOrder? _takeProfit;
    private readonly TrailingStopTracker? _trailing;
    private decimal? _entryPrice;
    private bool _cancelledOutOfBounds;

    /// <summary>A position executor with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public PositionExecutor(string id, PositionExecutorConfig config)
        : base(id, Checked(config).Pair, config.Side)
    {
        _config = config;
        _trailing = config.Barrier.TrailingStop is { } stop ? new TrailingStopTracker(stop) : null;
    }

    /// <inheritdoc />
    public override string Type => Name;

    /// <summary>The settings.</summary>
    public PositionExecutorConfig Config => _config;

    /// <summary>The trailing stop's trigger (a net P&amp;L fraction) once armed.</summary>
    public decimal? TrailingTrigger => _trailing?.Trigger;

    private TripleBarrier Barrier => _config.Barrier;

    /// <inheritdoc />
    protected override async ValueTask<string?> CheckBudgetAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (Side == OrderSide.Sell)
        {
            decimal held = context.Available(Pair.Base);
            return held >= _config.Amount ? null
                : $"insufficient balance: a short of {F(_config.Amount)} {Pair.Base} sells base the account holds, and {F(held)} {Pair.Base} is available";
        }

        decimal? price = _config.Barrier.OpenOrderType == OrderType.Market || _config.EntryPrice is null
            ? context.Book(Pair).BestAsk?.Price
            : _config.EntryPrice;
        if (price is null)
        {
            return $"no ask on {Pair} to price the entry";
        }

        var fees = await context.Exchange.GetFeeEstimateAsync(Pair, cancellationToken).ConfigureAwait(false);
        decimal percent = _config.Barrier.OpenOrderType == OrderType.Market ? fees.TakerPercent : fees.MakerPercent;
        decimal needed = _config.Amount * price.Value * (1 + percent / 100m);
        decimal available = context.Available(Pair.Quote);
        return available >= needed ? null
            : $"insufficient balance: {F(_config.Amount)} {Pair.Base} at {F(price.Value)} needs {F(decimal.Round(needed, 8))} {Pair.Quote} with fees, and {F(available)} {Pair.Quote} is available";
    }

    /// <inheritdoc />
    protected override async ValueTask OnStartAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (EntryPrice(context, out decimal? price) && WithinBounds(context, price))
        {
            await PlaceEntryAsync(context, price, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override async ValueTask ControlAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (_open is null)
        {
            if (!TimeLimitReached(context) && EntryPrice(context, out decimal? price) && WithinBounds(context, price))
            {
                await PlaceEntryAsync(context, price, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        decimal filled = Side == OrderSide.Buy ? Ledger.Bought : Ledger.Sold;
        if (filled > 0)
        {
            _entryPrice = Side == OrderSide.Buy ? Ledger.AverageBuyPrice : Ledger.AverageSellPrice;
            if (CheckBarriers(context))
            {
                return;
            }
        }
        else if (IsSettled(_open))
        {
            if (_cancelledOutOfBounds)
            {
                _open = null; // placed again once the price is back within the bounds
                _cancelledOutOfBounds = false;
                TimeLimitReached(context);
                return;
            }

            Close(CloseType.Failed, $"the entry order ended {_open.Order.State.ToString().ToLowerInvariant()} with nothing filled" +
                (_open.Order.FailureReason is { } why ? $": {why}" : ""));
            return;
        }
        else if (!_cancelledOutOfBounds && _config.ActivationBounds is not null && !WithinBounds(context, _open.Price))
        {
            _cancelledOutOfBounds = context.Orders.Cancel(_open);
        }

        if (TimeLimitReached(context))
        {
            return;
        }

        if (Barrier.TakeProfit is { } tp && Barrier.TakeProfitOrderType != OrderType.Market && _takeProfit is null && IsSettled(_open))
        {
            await PlaceTakeProfitAsync(context, tp, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Info()
    {
        if (_entryPrice is { } entry)
        {
            yield return $"entry {F(decimal.Round(entry, 12))}";
        }

        if (_takeProfit is { } tp)
        {
            yield return $"take profit order {tp.Order.State.ToString().ToLowerInvariant()} at {F(tp.Price)}";
        }

        if (TrailingTrigger is { } trigger)
        {
            yield return $"trailing stop armed, fires under {F(decimal.Round(trigger * 100, 4))} %";
        }
    }

    // True when a barrier decided the close.
    private bool CheckBarriers(StrategyContext context)
    {
        if (_takeProfit is { } order && IsSettled(order) && order.Order.State == OrderState.Filled)
        {
            Close(CloseType.TakeProfit, $"take profit order filled at {F(order.Price)}");
            return true;
        }

        if (CloseMark(context) is null)
        {
            return false;
        }

        decimal pct = NetPnlPct(context);
        if (Barrier.StopLoss is { } sl && pct <= -sl)
        {
            Close(CloseType.StopLoss, $"net P&L {Percent(pct)} at or below the stop loss of -{Percent(sl)}");
            return true;
        }

        if (_trailing is not null && _trailing.Update(pct))
        {
            Close(CloseType.TrailingStop, $"net P&L {Percent(pct)} fell under the trailing trigger {Percent(_trailing.Trigger!.Value)}");
            return true;
        }

        if (Barrier.TakeProfit is { } tp && Barrier.TakeProfitOrderType == OrderType.Market && pct >= tp)
        {
            Close(CloseType.TakeProfit, $"net P&L {Percent(pct)} reached the take profit of {Percent(tp)}");
            return true;
        }

        return false;
    }

    // True (and the close decided) when the time limit ran out.
    private bool TimeLimitReached(StrategyContext context)
    {
        if (Barrier.TimeLimit is not { } limit || context.Now - StartedAt < limit)
        {
            return false;
        }

        Close(CloseType.TimeLimit, $"time limit of {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s reached");
        return true;
    }

    // The entry's limit price now (null for a market entry); false when the book has no price for it (the executor failed).
    private bool EntryPrice(StrategyContext context, out decimal? price)
    {
        price = null;
        if (Barrier.OpenOrderType == OrderType.Market)
        {
            return true;
        }

        var book = context.Book(Pair);
        decimal? raw = _config.EntryPrice ?? (Side == OrderSide.Buy ? book.BestBid?.Price : book.BestAsk?.Price);
        if (raw is null)
        {
            Close(CloseType.Failed, $"no {(Side == OrderSide.Buy ? "bid" : "ask")} on {Pair} to price the entry");
            return false;
        }

        price = context.Rule(Pair).QuantizePrice(raw.Value, Side == OrderSide.Buy ? RoundingDirection.Down : RoundingDirection.Up);
        return true;
    }

    // A limit entry rests only while its price is within the activation bounds of the mid (always without bounds, or at market).
    private bool WithinBounds(StrategyContext context, decimal? price) =>
        _config.ActivationBounds is not { } bounds || price is not { } p
        || (context.Book(Pair).MidPrice is { } mid && Math.Abs(p - mid) / mid <= bounds);

    private async ValueTask PlaceEntryAsync(StrategyContext context, decimal? price, CancellationToken cancellationToken)
    {
        _open = await PlaceAsync(context, Side, Barrier.OpenOrderType, context.Rule(Pair).QuantizeAmount(_config.Amount), price, "open", cancellationToken)
            .ConfigureAwait(false);
        if (_open is null)
        {
            Close(CloseType.Failed, "the entry order was refused: " + Notes[^1]);
        }
    }

    private async ValueTask PlaceTakeProfitAsync(StrategyContext context, decimal tp, CancellationToken cancellationToken)
    {
        var rule = context.Rule(Pair);
        decimal entry = _entryPrice!.Value;
        decimal price = Side == OrderSide.Buy
            ? rule.QuantizePrice(entry * (1 + tp), RoundingDirection.Up)
            : rule.QuantizePrice(entry * (1 - tp), RoundingDirection.Down);
        decimal amount = rule.QuantizeAmount(Side == OrderSide.Buy ? Ledger.Position - Ledger.BaseFees : -Ledger.Position);
        var side = Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;
        _takeProfit = await PlaceAsync(context, side, Barrier.TakeProfitOrderType, amount, price, "take_profit", cancellationToken).ConfigureAwait(false);
        if (_takeProfit is null)
        {
            Close(CloseType.Failed, "the take profit order was refused: " + Notes[^1]);
        }
    }

    private static PositionExecutorConfig Checked(PositionExecutorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config;
    }
}
