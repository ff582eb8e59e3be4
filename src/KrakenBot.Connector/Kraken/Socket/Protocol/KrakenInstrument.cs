namespace KrakenBot.Connector.Kraken.Socket.Protocol;

/// <summary>One pair from the <c>instrument</c> channel: the trading rules that come with it.</summary>
/// <param name="Symbol">v2 symbol, e.g. <c>BTC/USD</c>.</param>
/// <param name="Base">Base asset, e.g. <c>BTC</c>.</param>
/// <param name="Quote">Quote asset, e.g. <c>USD</c>.</param>
/// <param name="Status"><c>online</c>, <c>cancel_only</c>, <c>delisted</c>, <c>limit_only</c>, <c>maintenance</c>,
/// <c>post_only</c>, <c>reduce_only</c>, <c>work_in_progress</c>.</param>
/// <param name="PricePrecision">Decimals of prices (also used to format book prices for the checksum).</param>
/// <param name="PriceIncrement">Valid price multiple (tick).</param>
/// <param name="QuantityPrecision">Decimals of quantities (also used for the checksum).</param>
/// <param name="QuantityIncrement">Valid quantity multiple (lot).</param>
/// <param name="QuantityMin">Minimum order quantity in base, when sent.</param>
/// <param name="CostPrecision">Decimals of cost (quote), when sent.</param>
/// <param name="CostMin">Minimum order cost in quote, when sent.</param>
/// <param name="Marginable">Whether margin trading is allowed.</param>
/// <param name="HasIndex">Whether an index price exists.</param>
internal sealed record KrakenInstrumentPair(
    string Symbol,
    string Base,
    string Quote,
    string Status,
    int PricePrecision,
    decimal PriceIncrement,
    int QuantityPrecision,
    decimal QuantityIncrement,
    decimal? QuantityMin,
    int? CostPrecision,
    decimal? CostMin,
    bool Marginable,
    bool HasIndex);

/// <summary>One asset from the <c>instrument</c> channel.</summary>
/// <param name="Id">Asset code, e.g. <c>BTC</c>.</param>
/// <param name="Status"><c>enabled</c>, <c>depositonly</c>, <c>disabled</c>, …</param>
/// <param name="Precision">Ledger/balance decimals.</param>
/// <param name="PrecisionDisplay">Decimals for display.</param>
/// <param name="Borrowable">Whether the asset can be borrowed.</param>
/// <param name="CollateralValue">Collateral weight, when sent.</param>
/// <param name="MarginRate">Margin rate, when sent.</param>
internal sealed record KrakenInstrumentAsset(
    string Id,
    string Status,
    int Precision,
    int PrecisionDisplay,
    bool Borrowable,
    decimal? CollateralValue,
    decimal? MarginRate);

/// <summary>An <c>instrument</c> message: the full list (snapshot) or the entries that changed (update).</summary>
/// <param name="IsSnapshot">True when this is the full list.</param>
/// <param name="Assets">Assets in this message.</param>
/// <param name="Pairs">Pairs in this message.</param>
internal sealed record KrakenInstrumentUpdate(
    bool IsSnapshot,
    IReadOnlyList<KrakenInstrumentAsset> Assets,
    IReadOnlyList<KrakenInstrumentPair> Pairs);
