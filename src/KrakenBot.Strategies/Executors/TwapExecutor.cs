using System.Globalization;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;

namespace KrakenBot.Strategies.Executors;

/// <summary>
/// Hummingbot's TWAP executor: buys or sells a total in quote as duration ÷ interval + 1 slices on a fixed schedule
/// (slice i at start + i × interval), each sized to what is left ÷ the slices left, at market (taker) or resting
/// post-only at mid ∓ buffer (maker, re-posted at the price of the moment when not filled within the resubmission
/// time). Ends <see cref="CloseType.Completed"/> when every slice is done; the position bought or sold is its purpose and
/// is kept.
/// </summary>
/// <remarks>A slice the exchange refuses is tried again on the next step, up to <see cref="Executor.MaxRetries"/> refusals in all; then it fails.</remarks>
public sealed class TwapExecutor : Executor
{
    /// <summary>The executor type in configs and status.</summary>
    public const string Name = "twap_executor";

    private readonly TwapExecutorConfig _config;
    private readonly List<OwnedOrder> _sliceOrders = [];
    private int _nextSlice;
    private int _refusals;
    private OwnedOrder? _current;
    private decimal _currentQuote;

    /// <summary>A TWAP executor with id <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">The settings are not valid.</exception>
    public TwapExecutor(string id, TwapExecutorConfig config)
        : base(id, Checked(config).Pair, config.Side) => _config = config;

    /// <inheritdoc />
    public override string Type => Name;

    /// <summary>How many slices were placed (re-posts of a maker slice count once).</summary>
    public int SlicesPlaced => _nextSlice;

    /// <inheritdoc />
    protected override bool KeepsPosition => true;

    private decimal Filled => Side == OrderSide.Buy ? Ledger.QuotePaid : Ledger.QuoteReceived;

    /// <inheritdoc />
    protected override async ValueTask<string?> CheckBudgetAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        var book = context.Book(Pair);
        if (Side == OrderSide.Sell)
        {
            if (book.BestBid?.Price is not { } bid)
            {
                return $"no bid on {Pair} to size the sale";
            }

            decimal needed = _config.TotalAmountQuote / bid;
            decimal held = context.Available(Pair.Base);
            return held >= needed ? null
                : $"insufficient balance: selling {F(_config.TotalAmountQuote)} {Pair.Quote} at the bid {F(bid)} needs {F(decimal.Round(needed, 8))} {Pair.Base}, and {F(held)} {Pair.Base} is available";
        }

        var fees = await context.Exchange.GetFeeEstimateAsync(Pair, cancellationToken).ConfigureAwait(false);
        decimal percent = _config.Mode == ExecutionMode.Taker ? fees.TakerPercent : fees.MakerPercent;
        decimal quote = _config.TotalAmountQuote * (1 + percent / 100m);
        decimal available = context.Available(Pair.Quote);
        return available >= quote ? null
            : $"insufficient balance: buying {F(_config.TotalAmountQuote)} {Pair.Quote} needs {F(quote)} {Pair.Quote} with fees, and {F(available)} {Pair.Quote} is available";
    }

    /// <inheritdoc />
    protected override async ValueTask ControlAsync(StrategyContext context, CancellationToken cancellationToken)
    {
        if (_current is { } order)
        {
            if (!IsSettled(order))
            {
                if (_config.Mode == ExecutionMode.Maker && order.AgeAt(context.Now) >= _config.OrderResubmissionTime)
                {
                    context.Orders.Cancel(order); // re-posted for what is left of the slice once it is final
                }

                return;
            }

            decimal sliceLeft = _currentQuote - SliceFilled(order);
            _current = null;
            if (_config.Mode == ExecutionMode.Maker && sliceLeft > 0 && await PlaceSliceAsync(context, sliceLeft, cancellationToken).ConfigureAwait(false))
            {
                return; // the rest of the slice, re-posted
            }
        }

        if (_nextSlice < _config.Slices && context.Now >= StartedAt!.Value + _config.OrderInterval * _nextSlice)
        {
            decimal quote = (_config.TotalAmountQuote - Filled) / (_config.Slices - _nextSlice);
            _nextSlice++;
            _currentQuote = 0;
            if (quote > 0)
            {
                await PlaceSliceAsync(context, quote, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (_nextSlice == _config.Slices && _current is null && !OpenOrders(context).Any())
        {
            Close(CloseType.Completed, string.Create(CultureInfo.InvariantCulture,
                $"{_config.Slices} slices done: {F(Filled)} of {F(_config.TotalAmountQuote)} {Pair.Quote}"));
        }
    }

    /// <inheritdoc />
    protected override IEnumerable<string> Info()
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"slices {_nextSlice} of {_config.Slices} placed, {F(Filled)} of {F(_config.TotalAmountQuote)} {Pair.Quote} filled ({_config.Mode.ToString().ToLowerInvariant()})");
    }

    // Places a slice (or its rest) of `quote`; false when it was not placed (refusals counted; too many fail the executor).
    private async ValueTask<bool> PlaceSliceAsync(StrategyContext context, decimal quote, CancellationToken cancellationToken)
    {
        var rule = context.Rule(Pair);
        var book = context.Book(Pair);
        decimal? price;
        decimal? sizing;
        if (_config.Mode == ExecutionMode.Taker)
        {
            price = null;
            sizing = Side == OrderSide.Buy ? book.BestAsk?.Price : book.BestBid?.Price;
        }
        else
        {
            price = book.MidPrice is { } mid
                ? rule.QuantizePrice(Side == OrderSide.Buy ? mid * (1 - _config.LimitOrderBuffer) : mid * (1 + _config.LimitOrderBuffer),
                    Side == OrderSide.Buy ? RoundingDirection.Down : RoundingDirection.Up)
                : null;
            sizing = price;
        }

        if (sizing is not { } at)
        {
            return false; // no book yet: next step
        }

        decimal amount = rule.QuantizeAmount(quote / at);
        string role = $"slice {_nextSlice}";
        var order = amount > 0
            ? await PlaceAsync(context, Side, _config.Mode == ExecutionMode.Taker ? OrderType.Market : OrderType.LimitMaker, amount, price, role,
                cancellationToken).ConfigureAwait(false)
            : null;
        if (order is null)
        {
            if (amount <= 0)
            {
                Note($"{role}: {F(quote)} {Pair.Quote} is under one lot at {F(at)}, skipped");
                return false;
            }

            if (++_refusals >= MaxRetries)
            {
                Close(CloseType.Failed, $"{_refusals} slices refused; last: {Notes[^1]}");
            }
            else if (_currentQuote == 0)
            {
                _nextSlice--; // try the slice again on the next step
            }

            return false;
        }

        _current = order;
        _currentQuote = _currentQuote == 0 ? quote : _currentQuote;
        _sliceOrders.Add(order);
        return true;
    }

    // Quote filled for the slice `order` belongs to: its own fills and those of earlier posts of the same slice.
    private decimal SliceFilled(OwnedOrder order)
    {
        decimal filled = 0;
        foreach (var o in _sliceOrders)
        {
            if (o.Label == order.Label)
            {
                filled += o.Order.Fills.Sum(f => f.Cost);
            }
        }

        return filled;
    }

    private static TwapExecutorConfig Checked(TwapExecutorConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        return config;
    }
}
