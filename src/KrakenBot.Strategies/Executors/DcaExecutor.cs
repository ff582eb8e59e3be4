using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// Hummingbot's DCA executor: enters in levels (quote amount at a price each), in order, and closes the whole position
/// on the average entry: take profit, stop loss, trailing stop (net P&amp;L fractions after fees, valued at the price
/// it would close at) or time limit. Maker mode rests each level as a post-only limit at its price; taker mode sends a
/// market order when the price reaches the level (ask at or under it to buy, bid at or over it to sell). With
/// activation bounds a level is placed only once the mid is within that fraction of its price.
/// </summary>
/// <remarks>In maker mode the stop loss is checked only once every level filled (levels below are meant to catch the fall).</remarks>
public sealed class DcaExecutor : Executor
{
    /// <summary>The executor type in configs and status.</summary>
    public const string Name = "dca_executor";

    private readonly DcaExecutorConfig _config;
    private readonly OwnedOrder?[] _levels;
    private readonly TrailingStopTracker? _trailing;
    private int _refusals;

    /// <summary>A DCA executor with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public DcaExecutor(string id, DcaExecutorConfig config)
        : base(id, Checked(config).Pair, config.Side)
    {
        _config = config;
        _levels = new OwnedOrder?[config.Prices.Count];
        _trailing = config.TrailingStop is { } stop ? new TrailingStopTracker(stop) : null;
    }

    /// <inheritdoc />
    public override string Type => Name;

    /// <summary>How many levels were placed.</summary>
    public int LevelsPlaced => _levels.Count(l => l is not null);

    private bool AllFilled => _levels.All(l => l is { IsTerminal: true }); // a level refused counts as done

    /// <inheritdoc />
    protected override async ValueTask<string?> CheckBudgetAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (Side == OrderSide.Sell)
        {
            decimal needed = 0;
            for (int i = 0; i < _levels.Length; i++)
            {
                needed += _config.AmountsQuote[i] / _config.Prices[i];
            }

            decimal held = context.Available(Pair.Base);
            return held >= needed ? null
                : $"insufficient balance: the levels sell {F(decimal.Round(needed, 8))} {Pair.Base}, and {F(held)} {Pair.Base} is available";
        }

        var fees = await context.Exchange.GetFeeEstimateAsync(Pair, cancellationToken).ConfigureAwait(false);
        decimal percent = _config.Mode == ExecutionMode.Taker ? fees.TakerPercent : fees.MakerPercent;
        decimal quote = _config.AmountsQuote.Sum() * (1 + percent / 100m);
        decimal available = context.Available(Pair.Quote);
        return available >= quote ? null
            : $"insufficient balance: the levels spend {F(quote)} {Pair.Quote} with fees, and {F(available)} {Pair.Quote} is available";
    }

    /// <inheritdoc />
    protected override async ValueTask ControlAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (_config.TimeLimit is { } limit && context.Now - StartedAt >= limit)
        {
            Close(CloseType.TimeLimit, $"time limit of {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s reached");
            return;
        }

        if (Ledger.Fills > 0 && CloseMark(context) is not null && CheckBarriers(context))
        {
            return;
        }

        await PlaceNextLevelAsync(context, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Info()
    {
        for (int i = 0; i < _levels.Length; i++)
        {
            string state = _levels[i] is { } order ? order.Order.State.ToString().ToLowerInvariant() : "waiting";
            yield return $"level {i + 1}: {F(_config.AmountsQuote[i])} {Pair.Quote} at {F(_config.Prices[i])} {state}";
        }
    }

    private bool CheckBarriers(StrategyContext context)
    {
        decimal pct = NetPnlPct(context);
        if (_config.StopLoss is { } sl && pct <= -sl && (_config.Mode == ExecutionMode.Taker || AllFilled))
        {
            Close(CloseType.StopLoss, $"net P&L {Percent(pct)} at or below the stop loss of -{Percent(sl)}");
            return true;
        }

        if (_trailing is not null && _trailing.Update(pct))
        {
            Close(CloseType.TrailingStop, $"net P&L {Percent(pct)} fell under the trailing trigger {Percent(_trailing.Trigger!.Value)}");
            return true;
        }

        if (_config.TakeProfit is { } tp && pct >= tp)
        {
            Close(CloseType.TakeProfit, $"net P&L {Percent(pct)} on the average entry reached the take profit of {Percent(tp)}");
            return true;
        }

        return false;
    }

    // Places the first level not yet placed when its conditions hold (one per step, in order).
    private async ValueTask PlaceNextLevelAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        for (int i = 0; i < _levels.Length; i++)
        {
            // A taker level the exchange refused (or that found nothing) is tried again, within the retries.
            if (_config.Mode == ExecutionMode.Taker && _levels[i] is { } level && IsSettled(level) && level.Order.FilledAmount == 0)
            {
                _levels[i] = null;
                if (++_refusals >= MaxRetries)
                {
                    Close(CloseType.Failed, $"{_refusals} level orders refused or unfilled; last: level {i + 1} {level.Order.State.ToString().ToLowerInvariant()}");
                    return;
                }
            }
        }

        int next = Array.FindIndex(_levels, l => l is null);
        if (next < 0)
        {
            return;
        }

        var book = context.Book(Pair);
        decimal price = _config.Prices[next];
        if (_config.ActivationBounds is { } bounds && (book.MidPrice is not { } mid || Math.Abs(mid - price) / mid > bounds))
        {
            return;
        }

        if (_config.Mode == ExecutionMode.Taker)
        {
            bool reached = Side == OrderSide.Buy ? book.BestAsk?.Price <= price : book.BestBid?.Price >= price;
            if (!reached)
            {
                return;
            }
        }

        var rule = context.Rule(Pair);
        decimal amount = rule.QuantizeAmount(_config.AmountsQuote[next] / price);
        var order = await PlaceAsync(context, Side, _config.Mode == ExecutionMode.Taker ? OrderType.Market : OrderType.LimitMaker, amount,
            _config.Mode == ExecutionMode.Taker ? null : price, $"level {next + 1}", cancellationToken).ConfigureAwait(false);
        if (order is null)
        {
            if (++_refusals >= MaxRetries)
            {
                Close(CloseType.Failed, $"{_refusals} level orders refused; last: {Notes[^1]}");
            }

            return;
        }

        _levels[next] = order;
        if (_config.Mode == ExecutionMode.Maker)
        {
            await PlaceNextLevelAsync(context, cancellationToken).ConfigureAwait(false); // the next may rest too
        }
    }

    private static DcaExecutorConfig Checked(DcaExecutorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config;
    }
}
