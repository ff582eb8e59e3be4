using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// Hummingbot's order executor: one order's life, worked as a limit, post-only limit, market order, or a limit chaser
/// that keeps a post-only order at a distance behind the best price of its side and re-prices it in place (an amend:
/// same order, no cancel and re-add) when the target drifted past the refresh threshold. Ends
/// <see cref="CloseType.Completed"/> when filled; the position is its purpose and is kept.
/// </summary>
/// <remarks>
/// A chaser order the exchange refuses (a post-only order that would have crossed) is placed again at the target of the
/// moment, up to <see cref="Executor.MaxRetries"/> times; any other order that ends unfilled ends the executor as failed.
/// </remarks>
public sealed class OrderExecutor : Executor
{
    /// <summary>The executor type in configs and status.</summary>
    public const string Name = "order_executor";

    private readonly OrderExecutorConfig _config;
    private readonly List<OwnedOrder> _orders = [];
    private int _refusals;

    /// <summary>An order executor with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public OrderExecutor(string id, OrderExecutorConfig config)
        : base(id, Checked(config).Pair, config.Side) => _config = config;

    /// <inheritdoc />
    public override string Type => Name;

    /// <summary>How many times the chaser re-priced its order.</summary>
    public int Chases { get; private set; }

    /// <inheritdoc />
    protected override bool KeepsPosition => true;

    private bool IsChaser => _config.ExecutionStrategy == ExecutionStrategy.LimitChaser;

    private decimal Filled => _orders.Sum(o => o.Order.FilledAmount);

    /// <inheritdoc />
    protected override async ValueTask<string?> CheckBudgetAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (Side == OrderSide.Sell)
        {
            decimal held = context.Available(Pair.Base);
            return held >= _config.Amount ? null
                : $"insufficient balance: selling {F(_config.Amount)} {Pair.Base}, and {F(held)} {Pair.Base} is available";
        }

        decimal? price = _config.Price ?? context.Book(Pair).BestAsk?.Price;
        if (price is null)
        {
            return $"no ask on {Pair} to price the order";
        }

        var fees = await context.Exchange.GetFeeEstimateAsync(Pair, cancellationToken).ConfigureAwait(false);
        decimal percent = _config.ExecutionStrategy == ExecutionStrategy.Market ? fees.TakerPercent : fees.MakerPercent;
        decimal needed = _config.Amount * price.Value * (1 + percent / 100m);
        decimal available = context.Available(Pair.Quote);
        return available >= needed ? null
            : $"insufficient balance: {F(_config.Amount)} {Pair.Base} at {F(price.Value)} needs {F(decimal.Round(needed, 8))} {Pair.Quote} with fees, and {F(available)} {Pair.Quote} is available";
    }

    /// <inheritdoc />
    protected override ValueTask OnStartAsync(StrategyContext context, CancellationToken cancellationToken) => PlaceAsync(context, cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask ControlAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (_orders.Count == 0 || _orders[^1] is not { } order)
        {
            return;
        }

        if (IsSettled(order))
        {
            if (Filled >= context.Rule(Pair).QuantizeAmount(_config.Amount))
            {
                Close(CloseType.Completed, $"filled {F(Filled)} {Pair.Base}");
            }
            else if (IsChaser && order.Order.State == OrderState.Failed && ++_refusals < MaxRetries)
            {
                await PlaceAsync(context, cancellationToken).ConfigureAwait(false); // refused post-only: the book moved, try at the new target
            }
            else
            {
                Close(CloseType.Failed, $"the order ended {order.Order.State.ToString().ToLowerInvariant()} with {F(Filled)} of {F(_config.Amount)} {Pair.Base} filled" +
                    (order.Order.FailureReason is { } why ? $": {why}" : ""));
            }

            return;
        }

        if (IsChaser && !order.IsBusy && Target(context) is { } target && Math.Abs(order.Price - target) / target > _config.Chaser!.RefreshThreshold)
        {
            if (context.Orders.Amend(order, target, null))
            {
                Chases++;
            }
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Info()
    {
        if (_orders.Count > 0)
        {
            var order = _orders[^1];
            yield return $"{_config.ExecutionStrategy} order {order.Order.State.ToString().ToLowerInvariant()} at {(order.Price == 0 ? "market" : F(order.Price))}, {F(Filled)} of {F(_config.Amount)} filled";
        }

        if (IsChaser)
        {
            yield return $"chased {Chases} times";
        }
    }

    private async ValueTask PlaceAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        var (type, price) = _config.ExecutionStrategy switch
        {
            ExecutionStrategy.Market => (OrderType.Market, (decimal?)null),
            ExecutionStrategy.Limit => (OrderType.Limit, _config.Price),
            ExecutionStrategy.LimitMaker => (OrderType.LimitMaker, _config.Price),
            _ => (OrderType.LimitMaker, Target(context)),
        };
        if (type != OrderType.Market && price is null)
        {
            Close(CloseType.Failed, $"no {(Side == OrderSide.Buy ? "bid" : "ask")} on {Pair} to chase");
            return;
        }

        var order = await PlaceAsync(context, Side, type, context.Rule(Pair).QuantizeAmount(_config.Amount - Filled), price, "order", cancellationToken)
            .ConfigureAwait(false);
        if (order is null)
        {
            Close(CloseType.Failed, "the order was refused: " + Notes[^1]);
            return;
        }

        _orders.Add(order);
    }

    // The chaser's price now: the distance behind the best price of its side, on the tick away from the book.
    private decimal? Target(StrategyContext context)
    {
        var book = context.Book(Pair);
        var rule = context.Rule(Pair);
        decimal distance = _config.Chaser!.Distance;
        return Side == OrderSide.Buy
            ? book.BestBid?.Price is { } bid ? rule.QuantizePrice(bid * (1 - distance), RoundingDirection.Down) : null
            : book.BestAsk?.Price is { } ask ? rule.QuantizePrice(ask * (1 + distance), RoundingDirection.Up) : null;
    }

    private static OrderExecutorConfig Checked(OrderExecutorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config;
    }
}
