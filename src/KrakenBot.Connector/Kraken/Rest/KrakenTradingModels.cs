namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>Kraken order types (<c>ordertype</c>).</summary>
internal enum KrakenOrderType
{
    Market,
    Limit,
    Iceberg,
    StopLoss,
    TakeProfit,
    StopLossLimit,
    TakeProfitLimit,
    TrailingStop,
    TrailingStopLimit,
    SettlePosition,
}

/// <summary>How long an order stays on the book (<c>timeinforce</c>).</summary>
internal enum KrakenTimeInForce
{
    /// <summary><c>GTC</c>: until filled or cancelled (Kraken's default).</summary>
    GoodTillCancelled,
    /// <summary><c>IOC</c>: fill what can be filled now, cancel the rest.</summary>
    ImmediateOrCancel,
    /// <summary><c>FOK</c>: fill completely now or not at all.</summary>
    FillOrKill,
    /// <summary><c>GTD</c>: until <see cref="KrakenOrderRequest.ExpireAt"/>.</summary>
    GoodTillDate,
}

/// <summary>A new order for <c>AddOrder</c> (or one entry of <c>AddOrderBatch</c>).</summary>
internal sealed record KrakenOrderRequest
{
    /// <summary>Pair id or altname, e.g. <c>XBTUSD</c>.</summary>
    public required string Pair { get; init; }
    public required KrakenSide Side { get; init; }
    public required KrakenOrderType OrderType { get; init; }
    /// <summary>Volume in base currency, already rounded to the pair's lot decimals.</summary>
    public required decimal Volume { get; init; }
    /// <summary>Limit price (limit/iceberg) or trigger price (stop/take-profit), already rounded to the tick size.</summary>
    public decimal? Price { get; init; }
    /// <summary>Limit price of a triggered <c>*-limit</c> order.</summary>
    public decimal? Price2 { get; init; }
    /// <summary>Client order id (UUID or ≤ 18 ASCII chars), unique among open orders. Lets a lost reply be looked up.</summary>
    public string? ClientOrderId { get; init; }
    /// <summary>Non-unique numeric tag. Kraken refuses it together with <see cref="ClientOrderId"/>.</summary>
    public int? UserRef { get; init; }
    /// <summary>Post-only (<c>oflags=post</c>): refuse the order rather than take liquidity. Limit orders only.</summary>
    public bool PostOnly { get; init; }
    /// <summary>Null leaves Kraken's default (GTC).</summary>
    public KrakenTimeInForce? TimeInForce { get; init; }
    /// <summary>Expiry for <see cref="KrakenTimeInForce.GoodTillDate"/> (sent as unix seconds).</summary>
    public DateTimeOffset? ExpireAt { get; init; }
    /// <summary>Ask Kraken to check the order without placing it: the result then has no txid.</summary>
    public bool ValidateOnly { get; init; }
    /// <summary>
    /// Kraken's matching engine refuses the order if it reaches it after this time (2 to 60 s ahead): a call whose reply
    /// is lost can then be settled by looking the order up once the deadline has passed. <c>AddOrder</c> only.
    /// </summary>
    public DateTimeOffset? Deadline { get; init; }
}

/// <summary>Result of <c>AddOrder</c>. <paramref name="TxIds"/> is empty when the order was only validated.</summary>
internal sealed record KrakenAddOrderResult(IReadOnlyList<string> TxIds, string Description, string? CloseDescription);

/// <summary>One entry of <c>AddOrderBatch</c>'s result, in request order: a txid, or the error for that order.</summary>
internal sealed record KrakenBatchOrderResult(string? TxId, string? Description, string? Error)
{
    public bool IsSuccess => Error is null;
}

/// <summary>A change to an open order for <c>AmendOrder</c>: identify it by txid or client order id; set what changes.</summary>
internal sealed record KrakenAmendOrderRequest
{
    public string? TxId { get; init; }
    public string? ClientOrderId { get; init; }
    public decimal? OrderQuantity { get; init; }
    public decimal? DisplayQuantity { get; init; }
    public decimal? LimitPrice { get; init; }
    public decimal? TriggerPrice { get; init; }
    /// <summary>Refuse a price change that would take liquidity.</summary>
    public bool PostOnly { get; init; }
}

/// <summary>A cancel-and-replace for <c>EditOrder</c> (legacy; prefer AmendOrder). The new order gets a new txid.</summary>
internal sealed record KrakenEditOrderRequest
{
    public required string TxId { get; init; }
    public required string Pair { get; init; }
    public decimal? Volume { get; init; }
    public decimal? Price { get; init; }
    public decimal? Price2 { get; init; }
    /// <summary>Post-only must be re-sent on every edit to stay set.</summary>
    public bool PostOnly { get; init; }
    public int? UserRef { get; init; }
    public bool ValidateOnly { get; init; }
}

/// <summary>Result of <c>EditOrder</c>.</summary>
internal sealed record KrakenEditOrderResult(
    string Status,
    string? TxId,
    string? OriginalTxId,
    decimal? Volume,
    decimal? Price,
    decimal? Price2,
    int OrdersCancelled,
    string? Description,
    string? ErrorMessage);

/// <summary>Result of <c>CancelOrder</c>: how many orders were cancelled, and whether the cancel is still pending.</summary>
internal sealed record KrakenCancelResult(int Count, bool Pending);

/// <summary>Result of <c>CancelAllOrdersAfter</c>. <paramref name="TriggerTime"/> is null when the switch is disarmed.</summary>
internal sealed record KrakenDeadManSwitch(DateTimeOffset CurrentTime, DateTimeOffset? TriggerTime);

/// <summary>A WebSocket auth token from <c>GetWebSocketsToken</c>. The token is a credential: it is never printed.</summary>
internal sealed record KrakenWebSocketToken(string Token, TimeSpan ExpiresIn)
{
    public override string ToString() => $"KrakenWebSocketToken(Token=***, ExpiresIn={ExpiresIn})";
}
