namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>Buy or sell, as Kraken spells it on REST (<c>buy</c>/<c>sell</c>, <c>b</c>/<c>s</c>).</summary>
internal enum KrakenSide
{
    Buy,
    Sell,
}

/// <summary>Kraken's clock (<c>Time</c>).</summary>
internal sealed record KrakenServerTime(DateTimeOffset Time, string Rfc1123);

/// <summary>Exchange state (<c>SystemStatus</c>): <c>online</c>, <c>maintenance</c>, <c>cancel_only</c> or <c>post_only</c>.</summary>
internal sealed record KrakenSystemStatus(string Status, DateTimeOffset Timestamp)
{
    /// <summary>True when orders can be placed normally.</summary>
    public bool IsOnline => Status == "online";
}

/// <summary>A value for "today" (since 00:00 UTC) and for the last 24 hours.</summary>
internal readonly record struct KrakenDayAnd24Hours<T>(T Today, T Last24Hours);

/// <summary>Best ask or bid in a ticker: price, whole-lot volume and lot volume.</summary>
internal readonly record struct KrakenTickerQuote(decimal Price, decimal WholeLotVolume, decimal LotVolume);

/// <summary>One pair of the <c>Ticker</c> endpoint.</summary>
/// <param name="PairId">The key Kraken used: the pair id (<c>XXBTZUSD</c>) for a pair asked for by id or altname, the name as sent for a slash name (<c>BTC/USD</c>).</param>
internal sealed record KrakenTicker(
    string PairId,
    KrakenTickerQuote Ask,
    KrakenTickerQuote Bid,
    decimal LastTradePrice,
    decimal LastTradeVolume,
    KrakenDayAnd24Hours<decimal> Volume,
    KrakenDayAnd24Hours<decimal> VolumeWeightedAveragePrice,
    KrakenDayAnd24Hours<long> TradeCount,
    KrakenDayAnd24Hours<decimal> Low,
    KrakenDayAnd24Hours<decimal> High,
    decimal OpeningPrice);

/// <summary>One OHLC row. The newest row of a page is the current, still open candle.</summary>
internal readonly record struct KrakenCandle(
    DateTimeOffset OpenTime,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal VolumeWeightedAveragePrice,
    decimal Volume,
    long TradeCount);

/// <summary>A page of the <c>OHLC</c> endpoint (at most 720 rows). <paramref name="Last"/> is the <c>since</c> cursor for the next call.</summary>
internal sealed record KrakenCandlePage(string PairId, IReadOnlyList<KrakenCandle> Candles, long Last);

/// <summary>One level of the <c>Depth</c> endpoint.</summary>
internal readonly record struct KrakenDepthLevel(decimal Price, decimal Volume, DateTimeOffset Time);

/// <summary>An order book snapshot from <c>Depth</c>: asks ascending, bids descending.</summary>
internal sealed record KrakenDepth(string PairId, IReadOnlyList<KrakenDepthLevel> Asks, IReadOnlyList<KrakenDepthLevel> Bids);

/// <summary>One public trade.</summary>
/// <param name="IsMarketOrder">True for <c>m</c> (market), false for <c>l</c> (limit).</param>
/// <param name="TradeId">Kraken's trade id; older payloads have 6 fields and no id.</param>
internal readonly record struct KrakenPublicTrade(
    decimal Price,
    decimal Volume,
    DateTimeOffset Time,
    KrakenSide Side,
    bool IsMarketOrder,
    string Misc,
    long? TradeId);

/// <summary>A page of the <c>Trades</c> endpoint. <paramref name="Last"/> (nanoseconds, as sent) is the <c>since</c> cursor for the next call.</summary>
internal sealed record KrakenPublicTradePage(string PairId, IReadOnlyList<KrakenPublicTrade> Trades, string Last);
