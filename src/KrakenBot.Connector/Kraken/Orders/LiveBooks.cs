using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.Markets;
using KrakenBot.Connector.Kraken.Socket.Channels;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Kraken.Socket.Session;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Trading;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// The exchange's watched books: the public WebSocket's <c>book</c> channel feeding the <see cref="BookTracker"/>
/// (checksum per update; on a mismatch that symbol alone is resubscribed for a fresh snapshot). A disconnect marks
/// every book not ready until the replayed subscription brings a new snapshot. Started on the first watched book.
/// </summary>
internal sealed class LiveBooks : IAsyncDisposable
{
    private readonly KrakenMarketDataSocket _socket;
    private readonly BookTracker _tracker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<TradingPair, LiveBookView> _views = [];
    private bool _started;

    public LiveBooks(Uri publicUrl, SocketTransportOptions transport, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _time = time;
        _logger = loggerFactory.CreateLogger("KrakenBot.Connector.Kraken.Books");
        _socket = new KrakenMarketDataSocket(new SocketSessionOptions { Endpoint = publicUrl, Name = "public", Transport = transport },
            time, loggerFactory);
        _tracker = new BookTracker(loggerFactory.CreateLogger<BookTracker>());
        _socket.SetBookSink((ReadOnlyMemory<byte> utf8, in MessageHeader _) => _tracker.ProcessFrame(utf8.Span));
        _tracker.ResubscribeRequested += (_, e) => _ = ResubscribeAsync(e.Symbol);
        _socket.Disconnected += _ =>
        {
            foreach (var book in _tracker.Books) _tracker.Invalidate(book.Symbol);
        };
    }

    /// <summary>Every watched book, for readiness.</summary>
    public IReadOnlyList<LiveBookView> Views
    {
        get { lock (_views) return [.. _views.Values]; }
    }

    public long ChecksumMismatches => _tracker.ChecksumMismatches;

    /// <summary>Starts (or joins) the book of <paramref name="pair"/>; it becomes ready with its snapshot.</summary>
    public async Task<IOrderBookView> WatchAsync(MarketPair pair, int depth, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            lock (_views)
            {
                if (_views.TryGetValue(pair.Pair, out var existing)) return existing;
            }
            if (!_started)
            {
                _socket.Start(); // the public socket connects with the first watched book
                _started = true;
            }
            int krakenDepth = depth <= 10 ? 10 : depth <= 25 ? 25 : depth <= 100 ? 100 : depth <= 500 ? 500 : 1000;
            var book = _tracker.Track(pair.Symbol, krakenDepth, pair.Rule.PriceDecimals, pair.Rule.AmountDecimals);
            var result = await _socket.SubscribeBookAsync([pair.Symbol], krakenDepth, silenceTimeout: null, cancellationToken).ConfigureAwait(false);
            if (result.Failed.TryGetValue(pair.Symbol, out var error))
            {
                _tracker.Untrack(pair.Symbol);
                throw error;
            }
            var view = new LiveBookView(pair.Pair, book, _time);
            lock (_views) _views[pair.Pair] = view;
            return view;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ResubscribeAsync(string symbol)
    {
        try
        {
            await _socket.ResubscribeBookAsync(symbol, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning("Book {Symbol}: resubscribing after a checksum mismatch failed ({Reason}); it stays not ready until the next reconnect.",
                symbol, ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.DisposeAsync().ConfigureAwait(false);
        _tracker.Dispose();
        _gate.Dispose();
    }
}
