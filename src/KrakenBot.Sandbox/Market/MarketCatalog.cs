using System.Diagnostics.CodeAnalysis;

namespace KrakenBot.Sandbox.Market;

/// <summary>
/// The sandbox's assets and pairs. One catalog maps every name Kraken uses (REST id, altname,
/// WS v1 name, WS v2 symbol) to the same pair, so callers never juggle XBT/BTC or XDG/DOGE.
/// </summary>
internal sealed class MarketCatalog
{
    private readonly Dictionary<string, AssetInfo> _assetsByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PairInfo> _pairsByName = new(StringComparer.OrdinalIgnoreCase);

    public MarketCatalog(IReadOnlyList<AssetInfo> assets, IReadOnlyList<PairInfo> pairs)
    {
        Assets = assets;
        Pairs = pairs;
        foreach (var asset in assets)
        {
            _assetsByName[asset.Id] = asset;
            _assetsByName.TryAdd(asset.AltName, asset);
            _assetsByName.TryAdd(asset.WsName, asset);
        }
        foreach (var pair in pairs)
        {
            _pairsByName[pair.Id] = pair;
            _pairsByName.TryAdd(pair.AltName, pair);
            _pairsByName.TryAdd(pair.WsName, pair);
            _pairsByName.TryAdd(pair.Symbol, pair);
        }
    }

    public IReadOnlyList<AssetInfo> Assets { get; }
    public IReadOnlyList<PairInfo> Pairs { get; }

    /// <summary>Finds a pair by REST id, altname, WS v1 name or WS v2 symbol.</summary>
    public bool TryGetPair(string? name, [NotNullWhen(true)] out PairInfo? pair)
    {
        pair = null;
        return name is not null && _pairsByName.TryGetValue(name, out pair);
    }

    /// <summary>Finds an asset by REST id (<c>XXBT</c>), altname (<c>XBT</c>) or WS v2 name (<c>BTC</c>).</summary>
    public bool TryGetAsset(string? name, [NotNullWhen(true)] out AssetInfo? asset)
    {
        asset = null;
        return name is not null && _assetsByName.TryGetValue(name, out asset);
    }

    /// <summary>The default catalog: Kraken's real names, decimals and rules for six spot pairs.</summary>
    public static MarketCatalog CreateDefault()
    {
        var xbt = new AssetInfo(0, "XXBT", "XBT", "BTC", 10, 5) { CollateralValue = 1m };
        var usd = new AssetInfo(1, "ZUSD", "USD", "USD", 4, 2) { CollateralValue = 1m };
        var eth = new AssetInfo(2, "XETH", "ETH", "ETH", 10, 5) { CollateralValue = 1m };
        var sol = new AssetInfo(3, "SOL", "SOL", "SOL", 10, 5) { CollateralValue = 0.95m };
        var xdg = new AssetInfo(4, "XXDG", "XDG", "DOGE", 8, 2) { CollateralValue = 0.8m };
        var usdt = new AssetInfo(5, "USDT", "USDT", "USDT", 8, 4) { CollateralValue = 1m };
        AssetInfo[] assets = [xbt, usd, eth, sol, xdg, usdt];

        PairInfo[] pairs =
        [
            new() { Index = 0, Id = "XXBTZUSD", AltName = "XBTUSD", WsName = "XBT/USD", Symbol = "BTC/USD", Base = xbt, Quote = usd,
                PairDecimals = 1, LotDecimals = 8, CostDecimals = 5, TickSize = 0.1m, OrderMin = 0.0001m, CostMin = 0.5m,
                TakerFees = FeeSchedule.KrakenTaker, MakerFees = FeeSchedule.KrakenMaker, LeverageBuy = [2, 3, 4, 5], LeverageSell = [2, 3, 4, 5],
                ReferencePrice = 60000m },
            new() { Index = 1, Id = "XETHZUSD", AltName = "ETHUSD", WsName = "ETH/USD", Symbol = "ETH/USD", Base = eth, Quote = usd,
                PairDecimals = 2, LotDecimals = 8, CostDecimals = 5, TickSize = 0.01m, OrderMin = 0.002m, CostMin = 0.5m,
                TakerFees = FeeSchedule.KrakenTaker, MakerFees = FeeSchedule.KrakenMaker, LeverageBuy = [2, 3, 4, 5], LeverageSell = [2, 3, 4, 5],
                ReferencePrice = 3000m },
            new() { Index = 2, Id = "XETHXXBT", AltName = "ETHXBT", WsName = "ETH/XBT", Symbol = "ETH/BTC", Base = eth, Quote = xbt,
                PairDecimals = 5, LotDecimals = 8, CostDecimals = 6, TickSize = 0.00001m, OrderMin = 0.01m, CostMin = 0.00002m,
                TakerFees = FeeSchedule.KrakenTaker, MakerFees = FeeSchedule.KrakenMaker, LeverageBuy = [2, 3, 4, 5], LeverageSell = [2, 3, 4, 5],
                ReferencePrice = 0.05m },
            new() { Index = 3, Id = "SOLUSD", AltName = "SOLUSD", WsName = "SOL/USD", Symbol = "SOL/USD", Base = sol, Quote = usd,
                PairDecimals = 2, LotDecimals = 8, CostDecimals = 5, TickSize = 0.01m, OrderMin = 0.02m, CostMin = 0.5m,
                TakerFees = FeeSchedule.KrakenTaker, MakerFees = FeeSchedule.KrakenMaker, LeverageBuy = [2, 3], LeverageSell = [2, 3],
                ReferencePrice = 150m },
            new() { Index = 4, Id = "XDGUSD", AltName = "XDGUSD", WsName = "XDG/USD", Symbol = "DOGE/USD", Base = xdg, Quote = usd,
                PairDecimals = 7, LotDecimals = 8, CostDecimals = 5, TickSize = 0.0000001m, OrderMin = 13m, CostMin = 0.5m,
                TakerFees = FeeSchedule.KrakenTaker, MakerFees = FeeSchedule.KrakenMaker, LeverageBuy = [2, 3], LeverageSell = [2, 3],
                ReferencePrice = 0.15m },
            new() { Index = 5, Id = "USDTZUSD", AltName = "USDTUSD", WsName = "USDT/USD", Symbol = "USDT/USD", Base = usdt, Quote = usd,
                PairDecimals = 5, LotDecimals = 8, CostDecimals = 5, TickSize = 0.00001m, OrderMin = 5m, CostMin = 0.5m,
                TakerFees = FeeSchedule.StableTaker, MakerFees = FeeSchedule.StableMaker,
                ReferencePrice = 1m },
        ];
        return new MarketCatalog(assets, pairs);
    }
}
