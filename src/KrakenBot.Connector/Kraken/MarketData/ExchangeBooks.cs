using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>
/// The exchange's watched books, served by <see cref="KrakenMarketData"/> (public socket, checksum-verified book
/// tracker, one-symbol resubscribe on mismatch), which the exchange starts (it also follows the instrument channel for
/// trading rules); a pair asked for again returns the same view (at the depth first asked for).
/// </summary>
internal sealed class ExchangeBooks(KrakenMarketData marketData) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<TradingPair, IOrderBookView> _views = [];

    /// <summary>Every watched book, for readiness.</summary>
    public IReadOnlyList<IOrderBookView> Views
    {
        get { lock (_views) return [.. _views.Values]; }
    }

    public async Task<IOrderBookView> WatchAsync(TradingPair pair, int depth, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_views)
            {
                if (_views.TryGetValue(pair, out var existing)) return existing;
            }
            int krakenDepth = depth <= 10 ? 10 : depth <= 25 ? 25 : depth <= 100 ? 100 : depth <= 500 ? 500 : 1000;
            var view = await marketData.WatchBookAsync(pair, krakenDepth, cancellationToken).ConfigureAwait(false);
            lock (_views) _views[pair] = view;
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await marketData.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
