using System.Collections.Concurrent;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.MarketData;

// Books: watch, feed the tracker, repair.
public sealed partial class KrakenMarketData
{
    private readonly ConcurrentDictionary<string, WatchedBook> _books = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _watchGate = new(1, 1);

    /// <summary>
    /// Follows the order book of <paramref name="pair"/> (any name form) at <paramref name="depth"/> levels per side.
    /// The view is not ready until Kraken's snapshot arrives (await <see cref="WaitUntilReadyAsync"/> for that); from then
    /// on every message is checksum-verified, and a mismatch makes the book not ready until a renewed subscription's
    /// snapshot has rebuilt it. Watching the same pair at the same depth again returns the same view.
    /// </summary>
    /// <param name="pair">E.g. <c>BTC/USD</c>, <c>XBTUSD</c>, <c>XXBTZUSD</c> or <c>BTC-USD</c>.</param>
    /// <param name="depth">10, 25, 100, 500 or 1000.</param>
    /// <param name="cancellationToken">Stops waiting for Kraken's answer.</param>
    /// <exception cref="Trading.Errors.ExchangeException"><c>Validation</c>: Kraken lists no such pair; the message suggests close names.</exception>
    /// <exception cref="Trading.Errors.ExchangeException">Kraken refused the subscription or did not answer it; other books are unaffected.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An unsupported depth.</exception>
    /// <exception cref="InvalidOperationException">The pair is already watched at another depth.</exception>
    public async Task<IOrderBookView> WatchBookAsync(string pair, int depth = 10, CancellationToken cancellationToken = default)
    {
        MarketPair market = Markets.GetPair(pair);
        await _watchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_books.TryGetValue(market.Symbol, out WatchedBook? existing))
            {
                return existing.Depth == depth
                    ? existing.View
                    : throw new InvalidOperationException(
                        $"The {market.DisplayName} book is already watched at depth {existing.Depth}; use that view, or a new {nameof(KrakenMarketData)} for depth {depth}.");
            }

            (int pricePrecision, int qtyPrecision) = PrecisionOf(market);
            OrderBook book = _tracker.Track(market.Symbol, depth, pricePrecision, qtyPrecision);
            var watched = new WatchedBook(market, depth, new OrderBookView(market.Pair, book, _time));
            _books[market.Symbol] = watched;
            try
            {
                SubscriptionResult result = await _socket.SubscribeBookAsync([market.Symbol], depth, _options.BookSilenceTimeout,
                    cancellationToken).ConfigureAwait(false);
                result.ThrowIfAnyFailed();
            }
            catch
            {
                Forget(watched);
                throw;
            }
            return watched.View;
        }
        finally
        {
            _watchGate.Release();
        }
    }

    /// <summary>Follows the order book of <paramref name="pair"/>; see <see cref="WatchBookAsync(string, int, CancellationToken)"/>.</summary>
    public Task<IOrderBookView> WatchBookAsync(TradingPair pair, int depth = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return WatchBookAsync(Markets.GetPair(pair).Symbol, depth, cancellationToken);
    }

    /// <summary>Completes when <paramref name="book"/> is ready (exact); immediately if it already is.</summary>
    public static async Task WaitUntilReadyAsync(IOrderBookView book, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(book);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        EventHandler onChange = (_, _) =>
        {
            if (book.IsReady) ready.TrySetResult();
        };
        book.Changed += onChange;
        try
        {
            if (book.IsReady) return;
            await ready.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            book.Changed -= onChange;
        }
    }

    /// <summary>
    /// The decimals of prices and quantities in <paramref name="pair"/>'s book messages, as the checksum formats them
    /// (the instrument channel's, AssetPairs' until it has spoken).
    /// </summary>
    public (int Price, int Quantity) BookPrecision(string pair) => PrecisionOf(Markets.GetPair(pair));

    private (int Price, int Quantity) PrecisionOf(MarketPair market) =>
        // The instrument channel is the authority for the checksum's formatting; AssetPairs until it has spoken.
        _socket.Instruments.TryGetPair(market.Symbol, out KrakenInstrumentPair instrument)
            ? (instrument.PricePrecision, instrument.QuantityPrecision)
            : (market.Source.PairDecimals, market.Source.LotDecimals);

    private void Forget(WatchedBook watched)
    {
        // The subscription failed, so no frame for this symbol is being applied: untracking here cannot race the receive thread.
        _books.TryRemove(watched.Market.Symbol, out _);
        watched.View.Detach();
        _tracker.Untrack(watched.Market.Symbol);
    }

    private void OnBookMessage(ReadOnlyMemory<byte> utf8, in MessageHeader header) => _tracker.ProcessFrame(utf8.Span);

    private void OnResubscribeRequested(object? sender, BookResubscribeRequestedEventArgs e)
    {
        _tap?.OnGap(e.Symbol, $"{e.Reason}: {e.Detail}");
        if (_books.ContainsKey(e.Symbol))
        {
            _resubscriber.Request(e.Symbol, $"{e.Reason}: {e.Detail}");
        }
    }

    /// <summary>On the receive thread: a book tracked with outdated precisions could never verify; track it anew.</summary>
    private void RetrackIfPrecisionChanged(string symbol, int pricePrecision, int qtyPrecision)
    {
        if (!_books.TryGetValue(symbol, out WatchedBook? watched))
        {
            return;
        }
        OrderBook current = watched.View.Book;
        if (current.PricePrecision == pricePrecision && current.QtyPrecision == qtyPrecision)
        {
            return;
        }
        _logger.LogWarning("Precision of {Symbol} changed from {OldPrice}/{OldQty} to {Price}/{Qty}; rebuilding its book",
            symbol, current.PricePrecision, current.QtyPrecision, pricePrecision, qtyPrecision);
        _tracker.Untrack(symbol);
        watched.View.Attach(_tracker.Track(symbol, watched.Depth, pricePrecision, qtyPrecision));
        _resubscriber.Request(symbol, "precision changed");
    }

    private sealed record WatchedBook(MarketPair Market, int Depth, OrderBookView View);
}
