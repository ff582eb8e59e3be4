using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// Hummingbot's grid executor on spot: levels evenly spaced from start to end price (<see cref="GridLevels"/>); each
/// level rests a post-only entry (a buy for a buy grid; a level past the mid enters just inside it), and once its entry
/// filled rests a take profit one step (or the configured fraction) away; when that fills the level is complete and
/// starts over (recycled). At most <see cref="GridExecutorConfig.MaxOpenOrders"/> entries rest at once, nearest the
/// mid first, within the activation bounds.
/// </summary>
/// <remarks>
/// Ends: <see cref="CloseType.StopLoss"/> when the mid crosses the limit price or the grid's net P&amp;L falls to the
/// stop loss; <see cref="CloseType.TimeLimit"/>; <see cref="CloseType.TakeProfit"/> when, after at least one level
/// completed and with nothing held, the mid left the grid on the profitable side (past the last take profit). On a
/// stop what the grid holds is sold at market (bought back for a sell grid) unless
/// <see cref="GridExecutorConfig.KeepPosition"/>.
/// </remarks>
public sealed class GridExecutor : Executor
{
    /// <summary>The executor type in configs and status.</summary>
    public const string Name = "grid_executor";

    private readonly GridExecutorConfig _config;
    private readonly List<LevelState> _levels = [];

    /// <summary>A grid executor with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public GridExecutor(string id, GridExecutorConfig config)
        : base(id, Checked(config).Pair, config.Side) => _config = config;

    /// <inheritdoc />
    public override string Type => Name;

    /// <summary>The levels (known once started).</summary>
    public IReadOnlyList<GridLevel> Levels => [.. _levels.Select(l => l.Level)];

    /// <summary>How many times a level's take profit filled (round trips), all levels together.</summary>
    public int CompletedRoundTrips => _levels.Sum(l => l.Completed);

    private OrderSide ExitSide => Side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy;

    /// <inheritdoc />
    protected override async ValueTask<string?> CheckBudgetAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (context.Book(Pair).MidPrice is not { } mid)
        {
            return $"no mid on {Pair} to lay out the grid";
        }

        foreach (var level in GridLevels.Compute(_config, context.Rule(Pair), mid))
        {
            _levels.Add(new LevelState(level));
        }

        if (Side == OrderSide.Sell)
        {
            decimal needed = _levels.Sum(l => l.Level.AmountQuote / l.Level.Price);
            decimal held = context.Available(Pair.Base);
            return held >= needed ? null
                : $"insufficient balance: the sell grid needs {F(decimal.Round(needed, 8))} {Pair.Base}, and {F(held)} {Pair.Base} is available";
        }

        var fees = await context.Exchange.GetFeeEstimateAsync(Pair, cancellationToken).ConfigureAwait(false);
        decimal quote = _config.TotalAmountQuote * (1 + fees.MakerPercent / 100m);
        decimal available = context.Available(Pair.Quote);
        return available >= quote ? null
            : $"insufficient balance: the grid needs {F(quote)} {Pair.Quote} with fees, and {F(available)} {Pair.Quote} is available";
    }

    /// <inheritdoc />
    protected override async ValueTask ControlAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (_config.TimeLimit is { } limit && context.Now - StartedAt >= limit)
        {
            Close(CloseType.TimeLimit, $"time limit of {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s reached", _config.KeepPosition);
            return;
        }

        if (context.Book(Pair).MidPrice is not { } mid)
        {
            return;
        }

        if (Side == OrderSide.Buy ? mid < _config.LimitPrice : mid > _config.LimitPrice)
        {
            Close(CloseType.StopLoss, $"mid {F(mid)} crossed the limit price {F(_config.LimitPrice)}", _config.KeepPosition);
            return;
        }

        if (_config.StopLoss is { } sl && Ledger.Fills > 0 && NetPnlPct(context) is var pct && pct <= -sl)
        {
            Close(CloseType.StopLoss, $"net P&L {Percent(pct)} at or below the stop loss of -{Percent(sl)}", _config.KeepPosition);
            return;
        }

        await FollowLevelsAsync(context, cancellationToken).ConfigureAwait(false);
        bool past = Side == OrderSide.Buy ? mid > _levels.Max(l => l.Level.TakeProfitPrice) : mid < _levels.Min(l => l.Level.TakeProfitPrice);
        if (past && CompletedRoundTrips > 0 && _levels.All(l => l.Open is null || l.Open.Order.FilledAmount == 0))
        {
            Close(CloseType.TakeProfit, $"mid {F(mid)} left the grid on the profitable side after {CompletedRoundTrips} round trips");
            return;
        }

        await PlaceEntriesAsync(context, mid, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Info()
    {
        foreach (var l in _levels)
        {
            string state = l.TakeProfit is { IsTerminal: false } ? "take profit resting"
                : l.Open is null || (l.Open.IsTerminal && l.Open.Order.FilledAmount == 0) ? "not active"
                : l.Open.Order.FilledAmount > 0 ? "holding" : "entry resting";
            yield return $"level {l.Level.Number} at {F(l.Level.Price)} → {F(l.Level.TakeProfitPrice)}: {state}, {l.Completed} round trips";
        }
    }

    // Entries that filled get their take profit; take profits that filled complete (and recycle) their level.
    private async ValueTask FollowLevelsAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        foreach (var level in _levels)
        {
            if (level.Open is not { } open || !IsSettled(open))
            {
                continue;
            }

            decimal entered = open.Order.FilledAmount - open.Order.Fills.Where(f => f.FeeAsset == Pair.Base).Sum(f => f.FeeAmount);
            if (entered <= 0)
            {
                level.Open = null; // refused or cancelled unfilled: it may rest again
                continue;
            }

            decimal exited = level.TakeProfitFilled + (level.TakeProfit?.Order.FilledAmount ?? 0m);
            if (level.TakeProfit is { } tp && !IsSettled(tp))
            {
                continue;
            }

            if (exited >= context.Rule(Pair).QuantizeAmount(entered))
            {
                level.Completed++;
                level.Open = null;
                level.TakeProfit = null;
                level.TakeProfitFilled = 0;
                continue;
            }

            level.TakeProfitFilled = exited;
            level.TakeProfit = await PlaceAsync(context, ExitSide, OrderType.Limit, context.Rule(Pair).QuantizeAmount(entered - exited),
                level.Level.TakeProfitPrice, $"L{level.Level.Number} take_profit", cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask PlaceEntriesAsync(StrategyContext context, decimal mid, CancellationToken cancellationToken)
    {
        int resting = _levels.Count(l => l.Open is { IsTerminal: false });
        if (resting >= _config.MaxOpenOrders)
        {
            return;
        }

        var rule = context.Rule(Pair);
        var candidates = _levels.Where(l => l.Open is null
                && (_config.ActivationBounds is not { } bounds || Math.Abs(l.Level.Price - mid) / mid <= bounds))
            .OrderBy(l => Math.Abs(l.Level.Price - mid)).ToList();
        foreach (var level in candidates)
        {
            if (resting >= _config.MaxOpenOrders)
            {
                break;
            }

            decimal price = Side == OrderSide.Buy
                ? Math.Min(level.Level.Price, rule.QuantizePrice(mid * (1 - _config.SafeExtraSpread), RoundingDirection.Down))
                : Math.Max(level.Level.Price, rule.QuantizePrice(mid * (1 + _config.SafeExtraSpread), RoundingDirection.Up));
            decimal amount = rule.QuantizeAmount(level.Level.AmountQuote / level.Level.Price);
            level.Open = await PlaceAsync(context, Side, OrderType.LimitMaker, amount, price, $"L{level.Level.Number} open", cancellationToken)
                .ConfigureAwait(false);
            if (level.Open is not null)
            {
                resting++;
            }
        }
    }

    private static GridExecutorConfig Checked(GridExecutorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config;
    }

    private sealed class LevelState(GridLevel level)
    {
        public GridLevel Level { get; } = level;

        public OwnedOrder? Open { get; set; }

        public OwnedOrder? TakeProfit { get; set; }

        // Filled by earlier take profit orders of this round trip (a take profit re-placed after it ended unfilled in part).
        public decimal TakeProfitFilled { get; set; }

        public int Completed { get; set; }
    }
}
