using System.Collections.Concurrent;
using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Cli.Paper;

/// <summary>
/// The market a paper account trades against, read by polling Kraken's public REST endpoints (Depth and Trades) once
/// per <see cref="Interval"/> for each watched pair. No credentials. A stand-in for the WebSocket market-data feed:
/// good enough for one-shot commands and the shell, not for latency-sensitive strategies.
/// </summary>
internal sealed class RestPaperMarketData : IPaperMarketData, IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly KrakenRestClient _rest;
    private readonly MarketCatalog _catalog;
    private readonly TimeProvider _time;
    private readonly int _depth;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<TradingPair, Task<PolledOrderBook>> _books = new();
    private readonly ConcurrentDictionary<TradingPair, Task> _trades = new();
    private readonly List<Task> _loops = [];

    public RestPaperMarketData(KrakenRestClient rest, MarketCatalog catalog, TimeProvider time, int depth = 100)
    {
        _rest = rest;
        _catalog = catalog;
        _time = time;
        _depth = depth;
        TradingRules = catalog.Pairs.Select(p => p.Rule).ToList();
    }

    public IReadOnlyList<TradingRule> TradingRules { get; }

    public event EventHandler<PublicTrade>? TradePrinted;

    public async Task<IOrderBookView> WatchOrderBookAsync(TradingPair pair, int depth, CancellationToken cancellationToken = default) =>
        await _books.GetOrAdd(pair, StartBookAsync).WaitAsync(cancellationToken).ConfigureAwait(false);

    public Task WatchTradesAsync(TradingPair pair, CancellationToken cancellationToken = default) =>
        _trades.GetOrAdd(pair, StartTradesAsync).WaitAsync(cancellationToken);

    private async Task<PolledOrderBook> StartBookAsync(TradingPair pair)
    {
        var id = _catalog.GetPair(pair).Id;
        var book = new PolledOrderBook(pair);
        book.Apply(await _rest.GetDepthAsync(id, _depth, _stop.Token).ConfigureAwait(false), _time.GetUtcNow());
        lock (_loops) _loops.Add(PollAsync(async ct => book.Apply(await _rest.GetDepthAsync(id, _depth, ct).ConfigureAwait(false), _time.GetUtcNow())));
        return book;
    }

    private async Task StartTradesAsync(TradingPair pair)
    {
        var id = _catalog.GetPair(pair).Id;
        // Start from the tape as it is now: only later prints can fill paper orders.
        var cursor = (await _rest.GetTradesAsync(id, cancellationToken: _stop.Token).ConfigureAwait(false)).Last;
        lock (_loops) _loops.Add(PollAsync(async ct =>
        {
            var page = await _rest.GetTradesAsync(id, cursor, cancellationToken: ct).ConfigureAwait(false);
            cursor = page.Last;
            foreach (var t in page.Trades)
            {
                var taker = t.Side == KrakenSide.Buy ? OrderSide.Buy : OrderSide.Sell;
                var tradeId = t.TradeId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"{t.Time.ToUnixTimeMilliseconds()}-{t.Price}-{t.Volume}";
                TradePrinted?.Invoke(this, new PublicTrade(pair, t.Price, t.Volume, taker, t.Time, tradeId));
            }
        }));
    }

    private async Task PollAsync(Func<CancellationToken, Task> poll)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, _time, _stop.Token).ConfigureAwait(false);
                await poll(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested) { return; }
            catch (Connector.Trading.Errors.ExchangeException)
            {
                // A missed poll: the next one catches up (the trade cursor did not move).
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] loops;
        lock (_loops) loops = [.. _loops];
        await Task.WhenAll(loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
