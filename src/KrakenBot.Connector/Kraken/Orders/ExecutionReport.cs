namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>What Kraken's v2 <c>exec_type</c> says happened to an order.</summary>
internal enum ExecutionType
{
    Unknown,
    PendingNew,
    New,
    Trade,
    Filled,
    Canceled,
    Expired,
    Amended,
    Restated,
    Status,
}

/// <summary>
/// One entry of the <c>executions</c> channel, in Kraken's sparse shape: which fields are present depends on
/// <see cref="Type"/> (API-addendum §2.1). Numbers are exactly as sent.
/// </summary>
internal sealed record ExecutionReport
{
    public required string OrderId { get; init; }
    public string? ClientOrderId { get; init; }
    public ExecutionType Type { get; init; }
    public string? OrderStatus { get; init; }
    public string? Symbol { get; init; }
    public string? Side { get; init; }
    /// <summary>The execution id: the trade txid, what fills are de-duplicated by.</summary>
    public string? ExecId { get; init; }
    public decimal? LastQuantity { get; init; }
    public decimal? LastPrice { get; init; }
    public bool? IsMaker { get; init; }
    public decimal? CumulativeQuantity { get; init; }
    public decimal? OrderQuantity { get; init; }
    public decimal? LimitPrice { get; init; }
    public string? FeeAsset { get; init; }
    public decimal? FeeQuantity { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    /// <summary>True for entries of a snapshot (the state of an open order after a (re)subscribe).</summary>
    public bool IsSnapshot { get; init; }
}
