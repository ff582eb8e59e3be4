using System.Collections.Concurrent;
using System.Globalization;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>
/// Paper trading's market (<see cref="IPaperMarketData"/>) from Kraken's live public data (or the sandbox's):
/// checksum-verified books, the public trade tape and the current trading rules of a <see cref="KrakenMarketData"/>.
/// </summary>
/// <remarks>
/// Trades are passed on only for pairs watched through this adapter, once each (the trade feed drops trades it already
/// delivered, e.g. the ones Kraken re-sends after a reconnect), so a resting paper order never fills twice from one print.
/// The adapter does not own the market data: dispose that separately.
/// </remarks>
internal sealed class KrakenPaperMarketData : IPaperMarketData, IDisposable
{
    private readonly KrakenMarketData _marketData;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TradingPair> _watchedTrades = new(StringComparer.Ordinal);

    /// <param name="marketData">The live market data to read.</param>
    /// <param name="logger">Where dropped handler failures are logged.</param>
    public KrakenPaperMarketData(KrakenMarketData marketData, ILogger<KrakenPaperMarketData>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(marketData);
        _marketData = marketData;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        marketData.Trades.TradeReceived += OnTrade;
    }

    /// <inheritdoc />
    public IReadOnlyList<TradingRule> TradingRules => _marketData.TradingRules;

    /// <inheritdoc />
    public event EventHandler<PublicTrade>? TradePrinted;

    /// <inheritdoc />
    public Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth, CancellationToken cancellationToken = default) =>
        _marketData.WatchBookAsync(pair, depth, cancellationToken);

    /// <inheritdoc />
    /// <exception cref="Trading.Errors.ExchangeException">Kraken refused the trade subscription or did not answer.</exception>
    public async Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        MarketPair market = _marketData.Markets.GetPair(pair);
        if (!_watchedTrades.TryAdd(market.Symbol, market.Pair))
        {
            return;
        }
        try
        {
            var result = await _marketData.SubscribeTradesAsync([market.Symbol], snapshot: false, cancellationToken).ConfigureAwait(false);
            result.ThrowIfAnyFailed();
        }
        catch
        {
            _watchedTrades.TryRemove(market.Symbol, out _);
            throw;
        }
    }

    /// <summary>Stops passing trades on.</summary>
    public void Dispose() => _marketData.Trades.TradeReceived -= OnTrade;

    private void OnTrade(KrakenTrade trade)
    {
        // A recent-trades snapshot describes the past: a paper order placed now must not fill from it.
        if (trade.IsSnapshot || !_watchedTrades.TryGetValue(trade.Symbol, out TradingPair? pair))
        {
            return;
        }
        var print = new PublicTrade(pair, trade.Price, trade.Quantity, trade.Side == TradeSide.Buy ? OrderSide.Buy : OrderSide.Sell,
            trade.Timestamp, trade.TradeId.ToString(CultureInfo.InvariantCulture));
        try
        {
            TradePrinted?.Invoke(this, print);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "A handler of TradePrinted threw on {Pair} trade {TradeId}; the feed continues", pair, print.TradeId);
        }
    }
}
