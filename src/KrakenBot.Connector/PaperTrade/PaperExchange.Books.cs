using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.PaperTrade;

// The real market it follows: a book and the public trades per pair, watched on first use.
public sealed partial class PaperExchange
{
    private Task<IOrderBookView> EnsureWatchingAsync(TradingPair pair, CancellationToken cancellationToken)
    {
        bool created = false;
        var watch = _books.GetOrAdd(pair, p =>
        {
            created = true;
            return WatchAsync(p);
        });
        if (!created && (watch.IsFaulted || watch.IsCanceled))
        {
            // An earlier attempt failed (and stays visible in Readiness until now): try again.
            var retry = WatchAsync(pair);
            watch = _books.TryUpdate(pair, retry, watch) ? retry : _books[pair];
        }

        return watch.WaitAsync(cancellationToken);
    }

    private async Task<IOrderBookView> WatchAsync(TradingPair pair)
    {
        try
        {
            await _market.WatchTradesAsync(pair).ConfigureAwait(false);
            return await _market.WatchOrderBookAsync(pair, _options.BookDepth).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            PaperLog.WatchFailed(_logger, pair.ToString(), e.Message);
            throw new NetworkException(
                $"Paper trading cannot follow the {pair} market ({e.Message}); check the market-data connection and retry.", e);
        }
    }

    /// <summary>The pair's book when it is being watched and exact now; otherwise null.</summary>
    private IOrderBookView? ReadyBook(TradingPair pair) =>
        _books.TryGetValue(pair, out var watch) && watch.IsCompletedSuccessfully && watch.Result.IsReady ? watch.Result : null;

    private void OnTradePrinted(object? sender, PublicTrade trade)
    {
        if (trade is not null)
        {
            Post(PaperWork.Of(() => ProcessTradeAsync(trade)));
        }
    }
}
