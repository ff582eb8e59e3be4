namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>An order's <c>descr</c>: Kraken's own description of what was asked. Older payloads carry only <see cref="Text"/>.</summary>
/// <param name="Pair">Pair altname, e.g. <c>XBTUSD</c>.</param>
/// <param name="OrderType">
/// Kraken's order type: <c>limit</c>, <c>market</c>, <c>iceberg</c>, <c>stop-loss</c>, <c>take-profit</c>,
/// <c>stop-loss-limit</c>, <c>take-profit-limit</c>, <c>trailing-stop</c>, <c>trailing-stop-limit</c>, <c>settle-position</c>.
/// </param>
/// <param name="Price">The limit price, or for triggered types the trigger price (possibly an offset); null when none.</param>
/// <param name="Price2">The limit price of a triggered limit type (possibly an offset); null when none.</param>
/// <param name="Text">Kraken's human text, e.g. <c>buy 1.25000000 XBTUSD @ limit 30010.0</c>.</param>
internal sealed record KrakenOrderDescription(
    string? Pair,
    KrakenSide? Side,
    string? OrderType,
    KrakenOrderPrice? Price,
    KrakenOrderPrice? Price2,
    string? Leverage,
    string Text,
    string? Close);

/// <summary>An order as reported by <c>OpenOrders</c>, <c>ClosedOrders</c> and <c>QueryOrders</c>.</summary>
/// <param name="TxId">Kraken order id, e.g. <c>OQCLML-BW3P3-BUCMWZ</c>.</param>
/// <param name="Status"><c>pending</c>, <c>open</c>, <c>closed</c> (fully filled), <c>canceled</c> or <c>expired</c>.</param>
/// <param name="AveragePrice">Kraken's <c>price</c>: average fill price.</param>
/// <param name="TradeIds">Trade ids, when requested with <c>trades=true</c>; otherwise empty.</param>
internal sealed record KrakenOrder(
    string TxId,
    string Status,
    string? ClientOrderId,
    long? UserRef,
    string? RefId,
    DateTimeOffset OpenTime,
    DateTimeOffset? StartTime,
    DateTimeOffset? ExpireTime,
    DateTimeOffset? CloseTime,
    string? Reason,
    KrakenOrderDescription Description,
    decimal Volume,
    decimal VolumeExecuted,
    decimal Cost,
    decimal Fee,
    decimal AveragePrice,
    decimal? StopPrice,
    decimal? LimitPrice,
    string Misc,
    string OrderFlags,
    IReadOnlyList<string> TradeIds)
{
    /// <summary>What a triggered order watches: <c>last</c> (Kraken's default) or <c>index</c>; null for other types.</summary>
    public string? Trigger { get; init; }

    /// <summary>
    /// Why this order could not be read, when Kraken sent something this client does not understand: the order is
    /// still listed (never silently dropped, never hiding the others) with its id and status, and nothing else of it
    /// is trusted.
    /// </summary>
    public string? UnreadableReason { get; init; }

    /// <summary>A stand-in for an order whose fields could not be read.</summary>
    public static KrakenOrder Unreadable(string txId, string status, string reason) =>
        new(txId, status, null, null, null, DateTimeOffset.UnixEpoch, null, null, null, null,
            new KrakenOrderDescription(null, null, null, null, null, null, "(unreadable: " + reason + ")", null),
            0m, 0m, 0m, 0m, 0m, null, null, "", "", [])
        { UnreadableReason = reason };
}

/// <summary>One page of <c>ClosedOrders</c> (50 per page, newest first). <paramref name="TotalCount"/> counts all matches.</summary>
internal sealed record KrakenClosedOrdersPage(IReadOnlyList<KrakenOrder> Orders, int TotalCount);

/// <summary>Filters for <c>ClosedOrders</c>. <c>Start</c>/<c>End</c> take a unix time or an order txid, as Kraken does.</summary>
internal sealed record KrakenClosedOrdersQuery
{
    /// <summary>Include trade ids in each order.</summary>
    public bool IncludeTrades { get; init; }
    public long? UserRef { get; init; }
    public string? ClientOrderId { get; init; }
    /// <summary>Exclusive lower bound: unix seconds or a txid.</summary>
    public string? Start { get; init; }
    /// <summary>Inclusive upper bound: unix seconds or a txid.</summary>
    public string? End { get; init; }
    /// <summary><c>open</c>, <c>close</c> or <c>both</c> (Kraken's default).</summary>
    public string? CloseTime { get; init; }
}

/// <summary>One of the account's own trades (<c>TradesHistory</c>, <c>QueryTrades</c>).</summary>
/// <param name="TradeTxId">The trade's key, e.g. <c>TNJAD2-A56J2-34HIEZ</c>.</param>
/// <param name="OrderTxId">The order it filled.</param>
/// <param name="PairId">Pair id, e.g. <c>XXBTZUSD</c>.</param>
/// <param name="TradeId">Kraken's numeric trade id, when sent.</param>
/// <param name="IsMaker">True when the fill provided liquidity, when sent.</param>
internal sealed record KrakenTrade(
    string TradeTxId,
    string OrderTxId,
    string? PositionTxId,
    string PairId,
    DateTimeOffset Time,
    KrakenSide Side,
    string OrderType,
    decimal Price,
    decimal Cost,
    decimal Fee,
    decimal Volume,
    decimal? Margin,
    string Misc,
    long? TradeId,
    bool? IsMaker);

/// <summary>One page of <c>TradesHistory</c> (50 per page, newest first). <paramref name="TotalCount"/> counts all matches.</summary>
internal sealed record KrakenTradesPage(IReadOnlyList<KrakenTrade> Trades, int TotalCount);

/// <summary>Filters for <c>TradesHistory</c>.</summary>
internal sealed record KrakenTradesHistoryQuery
{
    /// <summary><c>all</c> (default), <c>any position</c>, <c>closed position</c>, <c>closing position</c>, <c>no position</c>.</summary>
    public string? Type { get; init; }
    /// <summary>Exclusive lower bound: unix seconds or a trade txid.</summary>
    public string? Start { get; init; }
    /// <summary>Inclusive upper bound: unix seconds or a trade txid.</summary>
    public string? End { get; init; }
}
