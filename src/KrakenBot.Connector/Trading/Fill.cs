namespace KrakenBot.Connector.Trading;

/// <summary>
/// One execution of (part of) an order. The trade id is unique per exchange and is what fills are de-duplicated by.
/// </summary>
public sealed record Fill
{
    /// <summary>Builds and checks a fill.</summary>
    /// <exception cref="ArgumentException">An id or the fee asset is missing, or price or amount is not positive.</exception>
    public Fill(string tradeId, string? clientOrderId, string? exchangeOrderId, TradingPair pair, OrderSide side,
        decimal price, decimal amount, decimal feeAmount, string feeAsset, bool isMaker, DateTimeOffset timestamp)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tradeId);
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentException.ThrowIfNullOrWhiteSpace(feeAsset);
        if (string.IsNullOrEmpty(clientOrderId) && string.IsNullOrEmpty(exchangeOrderId))
        {
            throw new ArgumentException($"Fill {tradeId} names no order: it needs a client or an exchange order id.", nameof(clientOrderId));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(price);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);

        TradeId = tradeId;
        ClientOrderId = clientOrderId;
        ExchangeOrderId = exchangeOrderId;
        Pair = pair;
        Side = side;
        Price = price;
        Amount = amount;
        FeeAmount = feeAmount;
        FeeAsset = feeAsset;
        IsMaker = isMaker;
        Timestamp = timestamp;
    }

    /// <summary>The exchange's trade id, e.g. <c>THVRQM-33VKH-UCI7BS</c>.</summary>
    public string TradeId { get; }

    /// <summary>Our client order id, when the exchange reported it.</summary>
    public string? ClientOrderId { get; }

    /// <summary>The exchange's order id, when reported.</summary>
    public string? ExchangeOrderId { get; }

    /// <summary>The market.</summary>
    public TradingPair Pair { get; }

    /// <summary>The side of our order.</summary>
    public OrderSide Side { get; }

    /// <summary>Execution price in the quote asset.</summary>
    public decimal Price { get; }

    /// <summary>Executed amount of the base asset.</summary>
    public decimal Amount { get; }

    /// <summary>Fee charged for this fill, in <see cref="FeeAsset"/>.</summary>
    public decimal FeeAmount { get; }

    /// <summary>The asset the fee was charged in.</summary>
    public string FeeAsset { get; }

    /// <summary>True when our order provided liquidity.</summary>
    public bool IsMaker { get; }

    /// <summary>When the exchange executed it.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Price × amount, in the quote asset.</summary>
    public decimal Cost => Price * Amount;
}
