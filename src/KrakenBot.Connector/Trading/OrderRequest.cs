using System.Globalization;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Trading;

/// <summary>
/// What a user asks to trade, checked for basic sanity when built: a positive amount (in the base asset), a positive
/// price for limit types and none for market orders, and an expiry exactly when the time in force is GTD. The
/// market's own rules (tick, lot, minimums, status) are checked later against its <see cref="TradingRule"/>.
/// Immutable; properties cannot be changed after the checks ran.
/// </summary>
public sealed class OrderRequest
{
    /// <summary>Longest accepted <see cref="ClientTag"/>.</summary>
    public const int MaxClientTagLength = 64;

    /// <summary>Builds and checks a request.</summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: A value is missing, out of range or contradicts another; the message names it.</exception>
    public OrderRequest(
        TradingPair pair,
        OrderSide side,
        OrderType type,
        decimal amount,
        decimal? price = null,
        TimeInForce timeInForce = TimeInForce.Gtc,
        DateTimeOffset? expireTime = null,
        string? clientTag = null)
    {
        if (pair is null)
        {
            throw new ExchangeValidationException("The order has no pair: give one, e.g. BTC-USD.");
        }

        if (!Enum.IsDefined(side))
        {
            throw new ExchangeValidationException($"Order side {(int)side} is not valid: use Buy or Sell.");
        }

        if (!Enum.IsDefined(type) || !type.IsPlaceable())
        {
            throw new ExchangeValidationException(Enum.IsDefined(type)
                ? $"KrakenBot does not place {type} orders: use Limit, LimitMaker or Market. Orders of that type placed elsewhere are listed and followed read-only."
                : $"Order type {(int)type} is not valid: use Limit, LimitMaker or Market.");
        }

        if (!Enum.IsDefined(timeInForce))
        {
            throw new ExchangeValidationException($"Time in force {(int)timeInForce} is not valid: use Gtc, Ioc, Fok or Gtd.");
        }

        CheckAmountAndPrice(pair, type, amount, price);
        if (type == OrderType.Market && timeInForce == TimeInForce.Gtd)
        {
            throw new ExchangeValidationException($"A market order cannot be GTD ({pair}): it never rests on the book.");
        }

        if (type == OrderType.LimitMaker && timeInForce is TimeInForce.Ioc or TimeInForce.Fok)
        {
            throw new ExchangeValidationException(
                $"A limit-maker (post-only) order cannot be {timeInForce.ToString().ToUpperInvariant()} ({pair}): it must rest on the book to be a maker.");
        }

        if (timeInForce == TimeInForce.Gtd && expireTime is null)
        {
            throw new ExchangeValidationException($"A GTD order needs an expiry time ({pair}): give one, or use GTC.");
        }

        if (timeInForce != TimeInForce.Gtd && expireTime is not null)
        {
            throw new ExchangeValidationException(
                $"An expiry time only applies to GTD orders; this one is {timeInForce.ToString().ToUpperInvariant()} ({pair}): remove the expiry or use GTD.");
        }

        if (clientTag is not null && (clientTag.Length == 0 || clientTag.Length > MaxClientTagLength || string.IsNullOrWhiteSpace(clientTag)))
        {
            throw new ExchangeValidationException(
                $"The client tag must be 1 to {MaxClientTagLength} characters and not blank; got {clientTag.Length} characters.");
        }

        Pair = pair;
        Side = side;
        Type = type;
        Amount = amount;
        Price = price;
        TimeInForce = timeInForce;
        ExpireTime = expireTime;
        ClientTag = clientTag;
    }

    // An order found on the exchange, of any type: described as the exchange describes it, not checked as one to place.
    private OrderRequest(TradingPair pair, OrderSide side, OrderType type, decimal amount, decimal? price, OrderTrigger? trigger,
        TimeInForce timeInForce, DateTimeOffset? expireTime)
    {
        Pair = pair;
        Side = side;
        Type = type;
        Amount = amount;
        Price = price;
        Trigger = trigger;
        TimeInForce = timeInForce;
        ExpireTime = expireTime;
    }

    /// <summary>
    /// An order of a type KrakenBot does not place (a stop, a trailing stop, an iceberg…), as the exchange describes
    /// it, so that it can be listed and followed. <paramref name="price"/> is its limit price when it has a fixed one.
    /// </summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: The amount is not positive, or the type is one KrakenBot places (use the constructor).</exception>
    public static OrderRequest ReadOnly(TradingPair pair, OrderSide side, OrderType type, decimal amount, decimal? price = null,
        OrderTrigger? trigger = null, TimeInForce timeInForce = TimeInForce.Gtc, DateTimeOffset? expireTime = null)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (type.IsPlaceable() || !Enum.IsDefined(type))
            throw new ExchangeValidationException($"A {type} order is one KrakenBot places: build it with the OrderRequest constructor.");
        if (amount <= 0)
            throw new ExchangeValidationException($"Order amount must be positive; got {Format(amount)} {pair.Base} for {pair}.");
        if (price is <= 0)
            throw new ExchangeValidationException($"Order price must be positive; got {Format(price.Value)} {pair.Quote} for {pair}.");
        return new OrderRequest(pair, side, type, amount, price, trigger, timeInForce, expireTime);
    }

    /// <summary>
    /// The checks the constructor makes of an amount and price for an order of <paramref name="type"/>: a positive
    /// amount; no price for a market order, a positive one for any other. Also for figures that are checked without
    /// building a request (an amend's, on the thread that reacts to the book).
    /// </summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: The amount or price is missing, not positive, or not allowed.</exception>
    internal static void CheckAmountAndPrice(TradingPair pair, OrderType type, decimal amount, decimal? price)
    {
        if (amount <= 0)
        {
            throw new ExchangeValidationException(
                $"Order amount must be positive; got {Format(amount)} {pair.Base} for {pair}.");
        }

        if (type == OrderType.Market)
        {
            if (price is not null)
            {
                throw new ExchangeValidationException(
                    $"A market order takes no price (got {Format(price.Value)} for {pair}): remove the price, or use a limit order.");
            }
        }
        else if (price is null)
        {
            throw new ExchangeValidationException($"A {Describe(type)} order needs a price ({pair}): give the limit price.");
        }
        else if (price.Value <= 0)
        {
            throw new ExchangeValidationException(
                $"Order price must be positive; got {Format(price.Value)} {pair.Quote} for {pair}.");
        }
    }

    /// <summary>The same request with a new amount and price (an amend), checked again as its kind of request is.</summary>
    /// <exception cref="ExchangeException"><c>Validation</c>: The new values make an invalid request (e.g. a price on a market order).</exception>
    public OrderRequest WithAmountAndPrice(decimal amount, decimal? price) => Type.IsPlaceable()
        ? new OrderRequest(Pair, Side, Type, amount, price, TimeInForce, ExpireTime, ClientTag)
        : ReadOnly(Pair, Side, Type, amount, price, Trigger, TimeInForce, ExpireTime);

    /// <summary>A limit order.</summary>
    public static OrderRequest Limit(TradingPair pair, OrderSide side, decimal amount, decimal price,
        TimeInForce timeInForce = TimeInForce.Gtc, DateTimeOffset? expireTime = null, string? clientTag = null) =>
        new(pair, side, OrderType.Limit, amount, price, timeInForce, expireTime, clientTag);

    /// <summary>A post-only limit order.</summary>
    public static OrderRequest LimitMaker(TradingPair pair, OrderSide side, decimal amount, decimal price,
        TimeInForce timeInForce = TimeInForce.Gtc, DateTimeOffset? expireTime = null, string? clientTag = null) =>
        new(pair, side, OrderType.LimitMaker, amount, price, timeInForce, expireTime, clientTag);

    /// <summary>A market order.</summary>
    public static OrderRequest Market(TradingPair pair, OrderSide side, decimal amount,
        TimeInForce timeInForce = TimeInForce.Gtc, string? clientTag = null) =>
        new(pair, side, OrderType.Market, amount, null, timeInForce, null, clientTag);

    /// <summary>The market.</summary>
    public TradingPair Pair { get; }

    /// <summary>Buy or sell.</summary>
    public OrderSide Side { get; }

    /// <summary>Limit, limit-maker or market.</summary>
    public OrderType Type { get; }

    /// <summary>Amount of the base asset; always positive.</summary>
    public decimal Amount { get; }

    /// <summary>
    /// Limit price in the quote asset; null exactly for market orders among the types KrakenBot places. For a read-only
    /// order of another type, its fixed limit price when it has one.
    /// </summary>
    public decimal? Price { get; }

    /// <summary>How a triggered order (adopted read-only from the account) fires; null for every other order.</summary>
    public OrderTrigger? Trigger { get; }

    /// <summary>How long the order may rest.</summary>
    public TimeInForce TimeInForce { get; }

    /// <summary>When a GTD order expires; null for every other time in force.</summary>
    public DateTimeOffset? ExpireTime { get; }

    /// <summary>A free label chosen by the caller (not sent as the client order id).</summary>
    public string? ClientTag { get; }

    /// <summary>E.g. <c>Buy Limit 0.5 BTC-USD @ 65000.1 Gtc</c>.</summary>
    public override string ToString() =>
        $"{Side} {Type} {Format(Amount)} {Pair}{(Price is { } p ? " @ " + Format(p) : "")}{(Trigger is { } t ? " " + t : "")} {TimeInForce}";

    private static string Describe(OrderType type) => type == OrderType.LimitMaker ? "limit-maker" : "limit";

    private static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
