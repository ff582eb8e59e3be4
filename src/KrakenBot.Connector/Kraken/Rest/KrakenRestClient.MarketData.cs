using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Rest.Internal;

namespace KrakenBot.Connector.Kraken.Rest;

// Public market-data endpoints (GET /0/public/…). They use no credentials and no REST budget.
internal sealed partial class KrakenRestClient
{
    private static readonly int[] OhlcIntervals = [1, 5, 15, 30, 60, 240, 1440, 10080, 21600];

    /// <summary>Kraken's clock (<c>Time</c>).</summary>
    public Task<KrakenServerTime> GetServerTimeAsync(CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.Time, KrakenForm.Empty, KrakenMarketDataParser.ParseTime, cancellationToken);

    /// <summary>Whether the exchange is online, in maintenance, cancel-only or post-only (<c>SystemStatus</c>).</summary>
    public Task<KrakenSystemStatus> GetSystemStatusAsync(CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.SystemStatus, KrakenForm.Empty, KrakenMarketDataParser.ParseSystemStatus, cancellationToken);

    /// <summary>Asset catalog (<c>Assets</c>); all assets when <paramref name="assets"/> is null or empty.</summary>
    public Task<IReadOnlyList<KrakenAsset>> GetAssetsAsync(IReadOnlyCollection<string>? assets = null, CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.Assets, new KrakenForm().AddIfSet("asset", JoinOrNull(assets)), KrakenMarketDataParser.ParseAssets, cancellationToken);

    /// <summary>
    /// Tradable pairs and their rules (<c>AssetPairs</c>); all pairs when <paramref name="pairs"/> is null or empty. Ask by
    /// id or altname to get each pair's REST id back in <see cref="KrakenPair.Id"/>: Kraken answers a slash name
    /// (<c>BTC/USD</c>) under that name instead.
    /// </summary>
    public Task<IReadOnlyList<KrakenPair>> GetAssetPairsAsync(IReadOnlyCollection<string>? pairs = null, CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.AssetPairs, new KrakenForm().AddIfSet("pair", JoinOrNull(pairs)), KrakenMarketDataParser.ParseAssetPairs, cancellationToken);

    /// <summary>Ticker for the given pairs (<c>Ticker</c>); all pairs when <paramref name="pairs"/> is null or empty.</summary>
    public Task<IReadOnlyList<KrakenTicker>> GetTickerAsync(IReadOnlyCollection<string>? pairs = null, CancellationToken cancellationToken = default)
        => CallAsync(KrakenEndpoint.Ticker, new KrakenForm().AddIfSet("pair", JoinOrNull(pairs)), KrakenMarketDataParser.ParseTicker, cancellationToken);

    /// <summary>
    /// Candles (<c>OHLC</c>): at most the 720 most recent; the last one is still open. Pass the page's
    /// <see cref="KrakenCandlePage.Last"/> as <paramref name="since"/> to get only newer candles.
    /// </summary>
    /// <param name="intervalMinutes">1, 5, 15, 30, 60, 240, 1440, 10080 or 21600.</param>
    public Task<KrakenCandlePage> GetOhlcAsync(string pair, int intervalMinutes = 1, long? since = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pair);
        if (Array.IndexOf(OhlcIntervals, intervalMinutes) < 0)
            throw new ArgumentOutOfRangeException(nameof(intervalMinutes), intervalMinutes, "Kraken OHLC intervals are 1, 5, 15, 30, 60, 240, 1440, 10080 or 21600 minutes.");
        var form = new KrakenForm().Add("pair", pair).AddIfSet("interval", (long)intervalMinutes).AddIfSet("since", since);
        return CallAsync(KrakenEndpoint.Ohlc, form, KrakenMarketDataParser.ParseOhlc, cancellationToken);
    }

    /// <summary>Order book snapshot (<c>Depth</c>), <paramref name="count"/> levels per side (1..500, Kraken's default 100).</summary>
    public Task<KrakenDepth> GetDepthAsync(string pair, int? count = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pair);
        if (count is < 1 or > 500)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Depth count must be between 1 and 500.");
        return CallAsync(KrakenEndpoint.Depth, new KrakenForm().Add("pair", pair).AddIfSet("count", count), KrakenMarketDataParser.ParseDepth, cancellationToken);
    }

    /// <summary>
    /// Recent public trades (<c>Trades</c>). Pass the page's <see cref="KrakenPublicTradePage.Last"/> as
    /// <paramref name="since"/> to continue; <paramref name="count"/> is 1..1000.
    /// </summary>
    public Task<KrakenPublicTradePage> GetTradesAsync(string pair, string? since = null, int? count = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pair);
        if (count is < 1 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Trades count must be between 1 and 1000.");
        var form = new KrakenForm().Add("pair", pair).AddIfSet("since", since).AddIfSet("count", count);
        return CallAsync(KrakenEndpoint.Trades, form, KrakenMarketDataParser.ParseTrades, cancellationToken);
    }

    private static string? JoinOrNull(IReadOnlyCollection<string>? values)
        => values is null || values.Count == 0 ? null : string.Join(',', values);
}
