namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>One entry of Kraken's <c>Assets</c> endpoint, as sent.</summary>
/// <param name="Id">REST asset id, e.g. <c>XXBT</c>, <c>ZUSD</c>, <c>SOL</c>.</param>
/// <param name="AltName">Alternate name, e.g. <c>XBT</c>, <c>USD</c>.</param>
/// <param name="Decimals">Scaling decimals used for balances.</param>
/// <param name="DisplayDecimals">Decimals Kraken shows to people.</param>
/// <param name="Status">e.g. <c>enabled</c>, <c>deposit_only</c>.</param>
internal sealed record KrakenAsset(
    string Id,
    string AssetClass,
    string AltName,
    int Decimals,
    int DisplayDecimals,
    decimal? CollateralValue,
    string Status);
