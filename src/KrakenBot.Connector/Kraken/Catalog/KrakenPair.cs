namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>One step of a fee schedule: from <paramref name="Volume"/> (30-day, fee volume currency) the fee is <paramref name="Percent"/>.</summary>
internal readonly record struct FeeTier(decimal Volume, decimal Percent);

/// <summary>One entry of Kraken's <c>AssetPairs</c> endpoint, as sent.</summary>
/// <param name="Id">
/// The key Kraken answered under: the REST pair id (e.g. <c>XXBTZUSD</c>, <c>SOLUSD</c>) when the pair was asked for
/// by id or altname, or not asked for; the name as sent when it was asked for by a slash name (<c>BTC/USD</c>).
/// </param>
/// <param name="AltName">e.g. <c>XBTUSD</c>.</param>
/// <param name="WsName">WS v1 name, e.g. <c>XBT/USD</c> (may be absent for some pairs).</param>
/// <param name="Base">Base asset id, e.g. <c>XXBT</c>.</param>
/// <param name="Quote">Quote asset id, e.g. <c>ZUSD</c>.</param>
/// <param name="PairDecimals">Price decimals.</param>
/// <param name="CostDecimals">Cost (quote) decimals.</param>
/// <param name="LotDecimals">Volume (base) decimals.</param>
/// <param name="OrderMin">Minimum order volume in base.</param>
/// <param name="CostMin">Minimum order cost in quote (null when not sent).</param>
/// <param name="TickSize">Minimum price increment (null when not sent: 10^-PairDecimals applies).</param>
/// <param name="Status"><c>online</c>, <c>cancel_only</c>, <c>post_only</c>, <c>limit_only</c>, <c>reduce_only</c>.</param>
/// <param name="TakerFees">Taker schedule, ascending volume.</param>
/// <param name="MakerFees">Maker schedule, ascending volume (Kraken omits it for some pairs: then taker applies).</param>
/// <param name="FeeVolumeCurrency">e.g. <c>ZUSD</c>.</param>
internal sealed record KrakenPair(
    string Id,
    string AltName,
    string? WsName,
    string Base,
    string Quote,
    int PairDecimals,
    int CostDecimals,
    int LotDecimals,
    decimal OrderMin,
    decimal? CostMin,
    decimal? TickSize,
    string Status,
    IReadOnlyList<FeeTier> TakerFees,
    IReadOnlyList<FeeTier> MakerFees,
    string? FeeVolumeCurrency);
