using System.Diagnostics.CodeAnalysis;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>
/// The one place that knows every name of every Kraken asset and pair, built from Kraken's own <c>Assets</c> and
/// <c>AssetPairs</c> answers (never by guessing from X/Z prefixes).
/// </summary>
/// <remarks>
/// <para>Asset names: REST id (<c>XXBT</c>), altname (<c>XBT</c>), common/WS v2 name (<c>BTC</c>: the altname with
/// Kraken's documented renames XBT→BTC, XDG→DOGE). Pair names: REST id (<c>XXBTZUSD</c>), altname (<c>XBTUSD</c>),
/// WS v1 name (<c>XBT/USD</c>), WS v2 symbol (<c>BTC/USD</c>) and display name (<c>BTC-USD</c>).</para>
/// <para>Lookups accept any of these names, exactly or ignoring case where that is unambiguous. When names collide
/// the earlier kind wins, in the order listed above, and among pairs of one kind the first listed.</para>
/// <para>Left out, and listed in <see cref="Skipped"/>: legacy dark-pool pairs (ids containing '.', e.g.
/// <c>XXBTZUSD.d</c>), pairs whose base or quote asset is not in the asset list, and malformed entries (e.g. a
/// negative tick size).</para>
/// <para>Immutable and thread-safe once built.</para>
/// </remarks>
internal sealed class MarketCatalog
{
    private readonly List<MarketAsset> _assets = [];
    private readonly List<MarketPair> _pairs = [];
    private readonly List<SkippedPair> _skipped = [];
    private readonly NameIndex<MarketAsset> _assetsByName = new();
    private readonly NameIndex<MarketPair> _pairsByName = new();
    private readonly Dictionary<TradingPair, MarketPair> _pairsByTradingPair = [];

    // The last pair found by TradingPair, matched by reference: a strategy asks for its one pair (the same object) several
    // times per reaction, and hashing the pair's two names is most of a look-up. A stale entry only costs a miss.
    private PairHit? _lastPairHit;

    /// <summary>Builds the catalog from Kraken's asset and pair lists.</summary>
    internal MarketCatalog(IEnumerable<KrakenAsset> assets, IEnumerable<KrakenPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(pairs);

        var assetsById = new Dictionary<string, MarketAsset>(StringComparer.Ordinal);
        foreach (var source in assets)
        {
            if (assetsById.ContainsKey(source.Id))
            {
                continue; // Kraken keys results by id, so a repeat is the same asset.
            }

            var asset = new MarketAsset(source, KrakenAssetNames.CommonNameOf(source.AltName));
            assetsById.Add(source.Id, asset);
            _assets.Add(asset);
        }

        foreach (var source in pairs)
        {
            if (source.Id.Contains('.', StringComparison.Ordinal))
            {
                _skipped.Add(new SkippedPair(source.Id, "legacy dark-pool pair ('.' in the id); not tradable on the spot book"));
                continue;
            }

            if (!assetsById.TryGetValue(source.Base, out var @base) || !assetsById.TryGetValue(source.Quote, out var quote))
            {
                string missing = assetsById.ContainsKey(source.Base) ? source.Quote : source.Base;
                _skipped.Add(new SkippedPair(source.Id, $"asset '{missing}' is not in the asset list; reload both lists together"));
                continue;
            }

            MarketPair entry;
            try
            {
                var pair = new TradingPair(@base.CommonName, quote.CommonName);
                entry = new MarketPair(source, @base, quote, pair, KrakenTradingRules.From(source, pair));
            }
            catch (ArgumentException e)
            {
                // One malformed entry must not take every other market down with it.
                _skipped.Add(new SkippedPair(source.Id, $"entry is malformed: {e.Message}"));
                continue;
            }

            _pairs.Add(entry);
            _pairsByTradingPair.TryAdd(entry.Pair, entry);
        }

        // Index kind by kind so that a REST id always beats an altname, an altname a common name, and so on.
        foreach (var a in _assets) { _assetsByName.Add(a.Id, a); }
        foreach (var a in _assets) { _assetsByName.Add(a.AltName, a); }
        foreach (var a in _assets) { _assetsByName.Add(a.CommonName, a); }
        foreach (var p in _pairs) { _pairsByName.Add(p.Id, p); }
        foreach (var p in _pairs) { _pairsByName.Add(p.AltName, p); }
        foreach (var p in _pairs) { _pairsByName.Add(p.WsName, p); }
        foreach (var p in _pairs) { _pairsByName.Add(p.Symbol, p); }
        foreach (var p in _pairs) { _pairsByName.Add(p.DisplayName, p); }
    }

    /// <summary>Every asset, in the order Kraken listed them.</summary>
    public IReadOnlyList<MarketAsset> Assets => _assets;

    /// <summary>Every tradable pair, in the order Kraken listed them.</summary>
    public IReadOnlyList<MarketPair> Pairs => _pairs;

    /// <summary>Pairs Kraken listed that the catalog left out, with the reason.</summary>
    public IReadOnlyList<SkippedPair> Skipped => _skipped;

    /// <summary>Finds an asset by REST id, altname or common name.</summary>
    public bool TryGetAsset(string name, [NotNullWhen(true)] out MarketAsset? asset)
    {
        asset = null;
        return !string.IsNullOrEmpty(name) && _assetsByName.TryGet(name, out asset);
    }

    /// <summary>Finds an asset by REST id, altname or common name.</summary>
    /// <exception cref="ExchangeValidationException">No asset has that name; the message suggests close names.</exception>
    public MarketAsset GetAsset(string name)
    {
        if (TryGetAsset(name, out var asset))
        {
            return asset;
        }

        var close = NameSuggestions.Closest(name ?? "", _assets, static a => [a.Id, a.AltName, a.CommonName], static a => a.CommonName);
        throw new ExchangeValidationException($"Unknown asset '{name}'.{DidYouMean(close)}");
    }

    /// <summary>Finds a pair by REST id, altname, WS v1 name, WS v2 symbol or display name.</summary>
    public bool TryGetPair(string name, [NotNullWhen(true)] out MarketPair? pair)
    {
        pair = null;
        return !string.IsNullOrEmpty(name) && _pairsByName.TryGet(name, out pair);
    }

    /// <summary>
    /// Finds a pair by any of its names given as characters (e.g. a WS v2 symbol sliced from a message), without
    /// allocating a string.
    /// </summary>
    public bool TryGetPair(ReadOnlySpan<char> name, [NotNullWhen(true)] out MarketPair? pair)
    {
        pair = null;
        return !name.IsEmpty && _pairsByName.TryGet(name, out pair);
    }

    /// <summary>Finds the pair trading <paramref name="pair"/>'s base against its quote.</summary>
    public bool TryGetPair(TradingPair pair, [NotNullWhen(true)] out MarketPair? marketPair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        if (_lastPairHit is { } hit && ReferenceEquals(hit.Key, pair))
        {
            marketPair = hit.Pair;
            return true;
        }

        if (_pairsByTradingPair.TryGetValue(pair, out marketPair) || TryGetPair(pair.ToString(), out marketPair))
        {
            _lastPairHit = new PairHit(pair, marketPair);
            return true;
        }

        return false;
    }

    /// <summary>Finds a pair by REST id, altname, WS v1 name, WS v2 symbol or display name.</summary>
    /// <exception cref="ExchangeValidationException">No pair has that name; the message suggests close names.</exception>
    public MarketPair GetPair(string name) => TryGetPair(name, out var pair) ? pair : throw UnknownPair(name);

    /// <summary>Finds the pair trading <paramref name="pair"/>'s base against its quote.</summary>
    /// <exception cref="ExchangeValidationException">Kraken lists no such pair; the message suggests close names.</exception>
    public MarketPair GetPair(TradingPair pair) => TryGetPair(pair, out var found) ? found : throw UnknownPair(pair.ToString());

    /// <summary>
    /// Checks an order against its pair's rule (see <see cref="TradingRule.Validate"/>): unknown pair, status,
    /// tick, lot decimals, minimum amount and minimum cost. <paramref name="referencePrice"/> prices the cost check of
    /// market orders.
    /// </summary>
    /// <exception cref="ExchangeValidationException">The order would be refused; the message names the value and the fix.</exception>
    public void Validate(OrderRequest request, decimal? referencePrice = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        GetPair(request.Pair).Rule.Validate(request, referencePrice);
    }

    private ExchangeValidationException UnknownPair(string name)
    {
        var close = NameSuggestions.Closest(name ?? "", _pairs,
            static p => p.WsName is null ? [p.Id, p.AltName, p.Symbol, p.DisplayName] : [p.Id, p.AltName, p.WsName, p.Symbol, p.DisplayName],
            static p => p.DisplayName);
        string assets = "";
        if (TradingPair.TryParse(name, out var parsed) && TryGetAsset(parsed.Base, out _) && TryGetAsset(parsed.Quote, out _))
        {
            assets = $" Kraken lists both {parsed.Base} and {parsed.Quote}, but no market between them.";
        }

        return new ExchangeValidationException($"Unknown pair '{name}'.{assets}{DidYouMean(close)}");
    }

    private static string DidYouMean(IReadOnlyList<string> close) =>
        close.Count == 0 ? " No known name is close; list the markets to see what is traded." : $" Did you mean {string.Join(", ", close)}?";

    private sealed record PairHit(TradingPair Key, MarketPair Pair);
}
