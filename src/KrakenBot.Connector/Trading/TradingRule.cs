using System.Globalization;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Trading;

/// <summary>
/// What a market accepts: price grid (tick), amount grid (lot decimals), minimum amount and cost, status and fees.
/// Validation never moves a user's price or amount: it refuses and says which values would be accepted. Quantizing is
/// a separate, explicit step for callers who want it.
/// </summary>
public sealed class TradingRule
{
    /// <summary>Builds a rule.</summary>
    /// <exception cref="ArgumentException">A size or decimal count is out of range.</exception>
    public TradingRule(TradingPair pair, decimal tickSize, int priceDecimals, int amountDecimals, int costDecimals,
        decimal minAmount, decimal? minCost, MarketStatus status, FeeSchedule takerFees, FeeSchedule makerFees)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tickSize);
        ArgumentOutOfRangeException.ThrowIfNegative(priceDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(priceDecimals, 28);
        ArgumentOutOfRangeException.ThrowIfNegative(amountDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amountDecimals, 28);
        ArgumentOutOfRangeException.ThrowIfNegative(costDecimals);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(costDecimals, 28);
        ArgumentOutOfRangeException.ThrowIfNegative(minAmount);
        if (minCost is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minCost), minCost, "The minimum cost cannot be negative.");
        }

        ArgumentNullException.ThrowIfNull(takerFees);
        ArgumentNullException.ThrowIfNull(makerFees);
        Pair = pair;
        TickSize = tickSize;
        PriceDecimals = priceDecimals;
        AmountDecimals = amountDecimals;
        CostDecimals = costDecimals;
        MinAmount = minAmount;
        MinCost = minCost;
        Status = status;
        TakerFees = takerFees;
        MakerFees = makerFees;
    }

    /// <summary>The market.</summary>
    public TradingPair Pair { get; }

    /// <summary>Smallest price step; every price must be a whole multiple of it.</summary>
    public decimal TickSize { get; }

    /// <summary>Decimals of a price.</summary>
    public int PriceDecimals { get; }

    /// <summary>Decimals of an amount (lot decimals).</summary>
    public int AmountDecimals { get; }

    /// <summary>Decimals of a cost (price × amount).</summary>
    public int CostDecimals { get; }

    /// <summary>Smallest order amount, in the base asset.</summary>
    public decimal MinAmount { get; }

    /// <summary>Smallest order cost, in the quote asset; null when the market sets none.</summary>
    public decimal? MinCost { get; }

    /// <summary>What the market currently allows.</summary>
    public MarketStatus Status { get; }

    /// <summary>Fees when taking liquidity.</summary>
    public FeeSchedule TakerFees { get; }

    /// <summary>Fees when providing liquidity (empty: the taker schedule applies).</summary>
    public FeeSchedule MakerFees { get; }

    /// <summary>Moves a price onto the tick grid in the given direction.</summary>
    public decimal QuantizePrice(decimal price, RoundingDirection direction)
    {
        decimal steps = price / TickSize;
        decimal whole = direction switch
        {
            RoundingDirection.Down => decimal.Floor(steps),
            RoundingDirection.Up => decimal.Ceiling(steps),
            RoundingDirection.Nearest => decimal.Round(steps, MidpointRounding.AwayFromZero),
            _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown rounding direction."),
        };
        return whole * TickSize;
    }

    /// <summary>Cuts an amount down to the lot decimals (never up: that could spend more than the caller has).</summary>
    public decimal QuantizeAmount(decimal amount) => decimal.Round(amount, AmountDecimals, MidpointRounding.ToZero);

    /// <summary>The fee percent for a 30-day volume; the maker schedule falls back to the taker one when empty.</summary>
    public decimal FeePercent(decimal thirtyDayVolume, bool isMaker)
    {
        var schedule = isMaker && !MakerFees.IsEmpty ? MakerFees : TakerFees;
        return schedule.PercentFor(thirtyDayVolume);
    }

    /// <summary>
    /// Refuses an order this market would reject: wrong pair, a status that forbids it, a price off the tick, an
    /// amount with more decimals than the lot allows, under the minimum amount, or under the minimum cost. The cost
    /// uses the limit price; for a market order it uses <paramref name="referencePrice"/> (e.g. the best opposite
    /// price) and is skipped when none is given.
    /// </summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: The order breaks a rule; the message names the value and what is accepted.</exception>
    public void Validate(OrderRequest request, decimal? referencePrice = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Pair != Pair)
        {
            throw new ExchangeValidationException($"The order is for {request.Pair} but this rule is for {Pair}.");
        }

        // OrderRequest already refused a non-positive amount or limit price.
        ValidateFigures(request.Type, request.Amount, request.Price, referencePrice);
    }

    /// <summary>
    /// <see cref="Validate"/> for an order of this pair and <paramref name="type"/> holding <paramref name="amount"/> and
    /// <paramref name="price"/>, without building it (an amend's new figures); the caller has checked them with
    /// <see cref="OrderRequest.CheckAmountAndPrice"/>.
    /// </summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: The figures break a rule; the message names the value and what is accepted.</exception>
    internal void ValidateFigures(OrderType type, decimal amount, decimal? price, decimal? referencePrice = null)
    {
        CheckStatus(type);
        if (price is { } limit)
        {
            CheckPrice(limit);
        }

        if (referencePrice is <= 0)
        {
            throw new ExchangeValidationException(
                $"The reference price must be positive; got {F(referencePrice.Value)} {Pair.Quote} for {Pair}.");
        }

        CheckAmount(amount);
        if (MinCost is { } minCost && (price ?? referencePrice) is { } costPrice)
        {
            CheckCost(amount, costPrice, minCost, price is null);
        }
    }

    private void CheckStatus(OrderType type)
    {
        string? refusal = Status switch
        {
            MarketStatus.Online => null,
            MarketStatus.CancelOnly => "accepts cancels only, no new orders",
            MarketStatus.PostOnly when type != OrderType.LimitMaker =>
                "accepts post-only orders only: use a limit-maker order",
            MarketStatus.LimitOnly when type == OrderType.Market => "accepts limit orders only: use a limit order",
            MarketStatus.ReduceOnly => "accepts only orders that reduce a margin position, none for spot",
            MarketStatus.Unknown => "has a status the connector does not know, so it sends no new orders",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new ExchangeValidationException($"{Pair} {refusal} (market status {Status}).");
        }
    }

    private void CheckPrice(decimal price)
    {
        decimal below = QuantizePrice(price, RoundingDirection.Down);
        if (below != price)
        {
            decimal above = below + TickSize;
            string nearest = below > 0
                ? $"the nearest valid prices are {F(below)} and {F(above)}"
                : $"the lowest valid price is {F(above)}";
            throw new ExchangeValidationException(
                $"Price {F(price)} is off the tick for {Pair}: prices must be multiples of {F(TickSize)} {Pair.Quote}; " +
                $"{nearest}. The connector never moves your price: choose one.");
        }
    }

    private void CheckAmount(decimal amount)
    {
        decimal onLot = QuantizeAmount(amount);
        if (onLot != amount)
        {
            throw new ExchangeValidationException(
                $"Amount {F(amount)} {Pair.Base} has more decimals than {Pair} allows ({AmountDecimals}); " +
                $"e.g. {F(onLot)} or {F(onLot + Step(AmountDecimals))}.");
        }

        if (amount < MinAmount)
        {
            throw new ExchangeValidationException(
                $"Amount {F(amount)} {Pair.Base} is under the minimum order amount {F(MinAmount)} {Pair.Base} for {Pair}.");
        }
    }

    private void CheckCost(decimal amount, decimal price, decimal minCost, bool isEstimate)
    {
        decimal cost = amount * price;
        if (cost >= minCost)
        {
            return;
        }

        // Smallest amount on the lot grid whose cost reaches the minimum at this price.
        decimal step = Step(AmountDecimals);
        decimal needed = decimal.Ceiling(minCost / price / step) * step;
        throw new ExchangeValidationException(
            $"Cost {F(Trim(cost))} {Pair.Quote} ({F(amount)} × {F(price)}{(isEstimate ? " reference price" : "")}) is under the " +
            $"minimum order cost {F(minCost)} {Pair.Quote} for {Pair}; at this price the amount must be at least {F(Trim(needed))} {Pair.Base}.");
    }

    private static decimal Step(int decimals) => new(1, 0, 0, false, (byte)decimals);

    // Drops trailing zeros of computed values (0.40000 → 0.4); values the user typed are shown as typed.
    private static decimal Trim(decimal value) => value / 1.000000000000000000000000000000000m;

    private static string F(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
