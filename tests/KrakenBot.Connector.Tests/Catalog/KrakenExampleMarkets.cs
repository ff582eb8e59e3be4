using KrakenBot.Connector.Kraken.Catalog;

namespace KrakenBot.Connector.Tests.Catalog;

/// <summary>
/// Catalog inputs holding the values of Kraken's official examples (krakenfx/api-specs, commit 86715cf5b4b1):
/// <c>spot-rest/examples/responses/public/assets/info.yaml</c> (all 25 assets) and
/// <c>spot-rest/examples/responses/public/assets/pairs.yaml</c> (XETHXXBT, XXBTZUSD), copied value for value.
/// The official examples hold no unprefixed or DOGE pair, so <see cref="SolUsd"/> and <see cref="XdgUsd"/> are
/// written here in the same shape as the live entries (marked below); SOL is added to the assets for them.
/// </summary>
internal static class KrakenExampleMarkets
{
    private static readonly FeeTier[] Taker =
    [
        new(0m, 0.26m), new(50000m, 0.24m), new(100000m, 0.22m), new(250000m, 0.2m), new(500000m, 0.18m),
        new(1000000m, 0.16m), new(2500000m, 0.14m), new(5000000m, 0.12m), new(10000000m, 0.1m),
    ];

    private static readonly FeeTier[] Maker =
    [
        new(0m, 0.16m), new(50000m, 0.14m), new(100000m, 0.12m), new(250000m, 0.1m), new(500000m, 0.08m),
        new(1000000m, 0.06m), new(2500000m, 0.04m), new(5000000m, 0.02m), new(10000000m, 0m),
    ];

    // info.yaml, in file order.
    public static readonly KrakenAsset[] OfficialAssets =
    [
        new("ADA", "currency", "ADA", 8, 6, 0.9m, "enabled"),
        new("BCH", "currency", "BCH", 10, 5, null, "enabled"),
        new("DASH", "currency", "DASH", 10, 5, null, "enabled"),
        new("EOS", "currency", "EOS", 10, 5, null, "enabled"),
        new("GNO", "currency", "GNO", 10, 5, null, "enabled"),
        new("KFEE", "currency", "FEE", 2, 2, null, "enabled"),
        new("QTUM", "currency", "QTUM", 10, 6, null, "enabled"),
        new("USDT", "currency", "USDT", 8, 4, 0.9m, "enabled"),
        new("XETC", "currency", "ETC", 10, 5, null, "enabled"),
        new("XETH", "currency", "ETH", 10, 5, 1m, "enabled"),
        new("XLTC", "currency", "LTC", 10, 5, 0.7m, "enabled"),
        new("XMLN", "currency", "MLN", 10, 5, null, "enabled"),
        new("XREP", "currency", "REP", 10, 5, null, "enabled"),
        new("XTZ", "currency", "XTZ", 8, 5, 0.5m, "enabled"),
        new("XXBT", "currency", "XBT", 10, 5, 1m, "enabled"),
        new("XXDG", "currency", "XDG", 8, 2, null, "enabled"),
        new("XXLM", "currency", "XLM", 8, 5, null, "enabled"),
        new("XXMR", "currency", "XMR", 10, 5, null, "enabled"),
        new("XXRP", "currency", "XRP", 8, 5, null, "enabled"),
        new("XZEC", "currency", "ZEC", 10, 5, null, "enabled"),
        new("ZCAD", "currency", "CAD", 4, 2, 1m, "enabled"),
        new("ZEUR", "currency", "EUR", 4, 2, 1m, "enabled"),
        new("ZGBP", "currency", "GBP", 4, 2, 1m, "enabled"),
        new("ZJPY", "currency", "JPY", 2, 0, 1m, "enabled"),
        new("ZUSD", "currency", "USD", 4, 2, 1m, "enabled"),
    ];

    // pairs.yaml
    public static readonly KrakenPair XethXxbt = new(
        "XETHXXBT", "ETHXBT", "ETH/XBT", "XETH", "XXBT", PairDecimals: 5, CostDecimals: 6, LotDecimals: 8,
        OrderMin: 0.01m, CostMin: 0.00002m, TickSize: 0.00001m, "online", Taker, Maker, "ZUSD");

    // pairs.yaml
    public static readonly KrakenPair XxbtZusd = new(
        "XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", PairDecimals: 1, CostDecimals: 5, LotDecimals: 8,
        OrderMin: 0.0001m, CostMin: 0.5m, TickSize: 0.1m, "online", Taker, Maker, "ZUSD");

    // Not in the official examples: shaped like the live SOLUSD entry (no X/Z prefix on id or assets).
    public static readonly KrakenAsset Sol = new("SOL", "currency", "SOL", 10, 5, null, "enabled");

    public static readonly KrakenPair SolUsd = new(
        "SOLUSD", "SOLUSD", "SOL/USD", "SOL", "ZUSD", PairDecimals: 2, CostDecimals: 5, LotDecimals: 8,
        OrderMin: 0.02m, CostMin: 0.5m, TickSize: 0.01m, "online", Taker, Maker, "ZUSD");

    // Not in the official examples: shaped like the live XDGUSD entry (legacy XXDG base, altname XDG → DOGE).
    public static readonly KrakenPair XdgUsd = new(
        "XDGUSD", "XDGUSD", "XDG/USD", "XXDG", "ZUSD", PairDecimals: 7, CostDecimals: 5, LotDecimals: 8,
        OrderMin: 50m, CostMin: 0.5m, TickSize: 0.0000001m, "online", Taker, Maker, "ZUSD");

    // A legacy dark-pool key, which the catalog must skip.
    public static readonly KrakenPair DarkPool = XxbtZusd with { Id = "XXBTZUSD.d", AltName = "XBTUSD.d", WsName = null };

    public static KrakenAsset[] Assets => [.. OfficialAssets, Sol];

    public static KrakenPair[] Pairs => [XethXxbt, XxbtZusd, SolUsd, XdgUsd, DarkPool];

    public static MarketCatalog Catalog() => new(Assets, Pairs);

    public static MarketCatalog CatalogWith(params KrakenPair[] pairs) => new(Assets, pairs);
}
