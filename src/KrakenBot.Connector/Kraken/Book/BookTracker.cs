using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using System.Text;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>
/// Keeps the order books of the tracked symbols exact from WebSocket v2 <c>book</c> frames: parses each frame,
/// applies every level in order, truncates to the subscribed depth and verifies Kraken's CRC32 checksum. A book
/// that fails is emptied, marked not ready, counted (metric and log), and <see cref="ResubscribeRequested"/> asks the
/// session for a fresh snapshot of that symbol only.
/// </summary>
/// <remarks>
/// <see cref="ProcessFrame(ReadOnlySpan{byte})"/>, <see cref="Invalidate"/> and <see cref="Untrack"/> must be called from one thread (the
/// socket's receive loop). <see cref="Track"/> and the books' read methods may be called from any thread. Processing a frame allocates
/// nothing in steady state.
/// </remarks>
internal sealed class BookTracker : IDisposable
{
    /// <summary>Name of the <see cref="Meter"/> that carries the book counters.</summary>
    public const string MeterName = Diagnostics.ConnectorMeter.Name;

    private static readonly int[] SupportedDepths = [10, 25, 100, 500, 1000];

    private readonly BookMessage _message = new();
    private readonly ILogger _logger;
    private readonly BookMetrics _metrics;
    private readonly Lock _registryGate = new();
    private volatile BookRegistry _registry = BookRegistry.Empty;
    private OrderBook? _lastBook;
    private BookRegistry? _lastBookRegistry;
    private long _checksumMismatches;
    private int _presizedCapacity;
    private BookWireLevel[]? _presizedLevels;

    /// <param name="logger">Where mismatches and protocol errors are logged.</param>
    /// <param name="meterFactory">Creates the <see cref="MeterName"/> meter; without one the process-wide connector meter is used.</param>
    public BookTracker(ILogger<BookTracker>? logger = null, IMeterFactory? meterFactory = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _metrics = new BookMetrics(meterFactory);
    }

    /// <summary>
    /// Raised (on the receive thread) when a symbol's book needs a fresh snapshot. The session answers by
    /// unsubscribing and subscribing that symbol's book again at the given depth.
    /// </summary>
    public event EventHandler<BookResubscribeRequestedEventArgs>? ResubscribeRequested;

    /// <summary>Checksum mismatches seen since this tracker was created.</summary>
    public long ChecksumMismatches => Interlocked.Read(ref _checksumMismatches);

    /// <summary>The books being tracked.</summary>
    public IReadOnlyCollection<OrderBook> Books => _registry.Books.Values;

    /// <summary>
    /// Starts tracking <paramref name="symbol"/>'s book. It is not ready until its snapshot arrives.
    /// </summary>
    /// <param name="symbol">The WebSocket v2 symbol, e.g. <c>BTC/USD</c>.</param>
    /// <param name="depth">The subscribed depth: 10, 25, 100, 500 or 1000.</param>
    /// <param name="pricePrecision">The pair's price precision (instrument channel <c>price_precision</c>).</param>
    /// <param name="qtyPrecision">The pair's quantity precision (instrument channel <c>qty_precision</c>).</param>
    /// <returns>The book, also when it was already tracked with the same parameters.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An unsupported depth or precision.</exception>
    /// <exception cref="InvalidOperationException">The symbol is tracked with other parameters: <see cref="Untrack"/> it first.</exception>
    public OrderBook Track(string symbol, int depth, int pricePrecision, int qtyPrecision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        if (Array.IndexOf(SupportedDepths, depth) < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(depth), depth, "Kraken book depth must be 10, 25, 100, 500 or 1000.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(pricePrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pricePrecision, ScaledDecimal.MaxPrecision);
        ArgumentOutOfRangeException.ThrowIfNegative(qtyPrecision);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(qtyPrecision, ScaledDecimal.MaxPrecision);
        lock (_registryGate)
        {
            if (_registry.Books.TryGetValue(symbol, out OrderBook? existing))
            {
                if (existing.Depth == depth && existing.PricePrecision == pricePrecision && existing.QtyPrecision == qtyPrecision)
                {
                    return existing;
                }
                throw new InvalidOperationException(
                    $"Book {symbol} is already tracked at depth {existing.Depth} with precisions {existing.PricePrecision}/{existing.QtyPrecision}; untrack it before tracking it at depth {depth} with {pricePrecision}/{qtyPrecision}.");
            }
            var book = new OrderBook(symbol, depth, pricePrecision, qtyPrecision);
            _registry = _registry.With(book);
            // A snapshot carries at most depth levels per side. The parse buffer for it is allocated here, on the caller's
            // thread, and handed to the receive thread, so that even the first snapshot allocates nothing there.
            if (2 * depth > _presizedCapacity)
            {
                _presizedCapacity = 2 * depth;
                Volatile.Write(ref _presizedLevels, new BookWireLevel[2 * depth]);
            }
            return book;
        }
    }

    /// <summary>
    /// Stops tracking <paramref name="symbol"/>: frames for it are then ignored, and the book is emptied and marked
    /// not ready so that nobody keeps reading a book that no longer updates. Call it from the receive thread.
    /// </summary>
    public bool Untrack(string symbol)
    {
        OrderBook? book;
        lock (_registryGate)
        {
            if (!_registry.Books.TryGetValue(symbol, out book))
            {
                return false;
            }
            _registry = _registry.Without(symbol);
        }
        Empty(book);
        SetReady(book, ready: false);
        return true;
    }

    /// <summary>The tracked book of <paramref name="symbol"/>.</summary>
    public bool TryGetBook(string symbol, [NotNullWhen(true)] out OrderBook? book) => _registry.Books.TryGetValue(symbol, out book);

    /// <summary>
    /// Empties <paramref name="symbol"/>'s book and marks it not ready until its next snapshot, without asking for a
    /// resubscription: for the session when it knows the stream broke (connection lost) and replays subscriptions itself.
    /// Call it from the receive thread.
    /// </summary>
    public void Invalidate(string symbol)
    {
        if (TryGetBook(symbol, out OrderBook? book))
        {
            Empty(book);
            SetReady(book, ready: false);
        }
    }

    /// <summary>
    /// Applies one WebSocket v2 <c>book</c> channel frame (its UTF-8 text) to the tracked books and verifies the
    /// checksums. Never throws for bad input: problems are logged, counted and reported in the result.
    /// </summary>
    public BookFrameResult ProcessFrame(ReadOnlySpan<byte> utf8Frame)
    {
        BookMessage message = _message;
        if (Volatile.Read(ref _presizedLevels) is not null && Interlocked.Exchange(ref _presizedLevels, null) is { } presized)
        {
            message.AdoptLevelBuffer(presized);
        }
        try
        {
            BookMessageParser.Parse(utf8Frame, message);
        }
        catch (UnexpectedResponseException ex)
        {
            return RejectFrame(message, ex.Message);
        }
        BookFrameResult result = BookFrameResult.Applied;
        for (int i = 0; i < message.EntryCount; i++)
        {
            BookFrameResult entryResult = ApplyEntry(message, in message.Entry(i));
            if (entryResult > result)
            {
                result = entryResult;
            }
        }
        return result;
    }

    /// <summary>
    /// <see cref="ProcessFrame(ReadOnlySpan{byte})"/> for a frame the transport reassembled from several buffers:
    /// a multi-segment frame is first copied into one pooled buffer (no allocation).
    /// </summary>
    public BookFrameResult ProcessFrame(in ReadOnlySequence<byte> utf8Frame)
    {
        if (utf8Frame.IsSingleSegment)
        {
            return ProcessFrame(utf8Frame.FirstSpan);
        }
        int length = checked((int)utf8Frame.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            utf8Frame.CopyTo(buffer);
            return ProcessFrame(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _metrics.Dispose();

    private BookFrameResult ApplyEntry(BookMessage message, in BookEntry entry)
    {
        ReadOnlySpan<byte> symbol = message.Symbol(entry);
        OrderBook? book = Find(symbol);
        if (book is null)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                BookTrackerLog.UnknownSymbol(_logger, Encoding.UTF8.GetString(symbol));
            }
            return BookFrameResult.UnknownSymbol;
        }
        bool snapshot = message.Type == BookMessageType.Snapshot;
        if (!snapshot && !book.IsReady)
        {
            return BookFrameResult.AwaitingSnapshot;
        }
        if (!entry.HasChecksum)
        {
            return FailBook(book, BookResyncReason.ProtocolError, "Kraken book message has no \"checksum\"; the book cannot be verified.");
        }

        uint actual = 0;
        string? problem;
        book.BeginUpdate();
        try
        {
            if (snapshot)
            {
                book.Clear();
            }
            if (TryApplyLevels(book, message.Bids(entry), bids: true, out problem)
                && TryApplyLevels(book, message.Asks(entry), bids: false, out problem))
            {
                book.TruncateToDepth();
                actual = book.ComputeChecksum();
            }
            if (problem is not null || actual != entry.Checksum)
            {
                // Readers must never see a book we know is wrong: empty it inside the same write.
                book.Clear();
            }
        }
        finally
        {
            book.EndUpdate();
        }

        if (problem is not null)
        {
            return FailBook(book, BookResyncReason.ProtocolError, problem);
        }
        if (actual != entry.Checksum)
        {
            return ChecksumMismatch(book, entry.Checksum, actual);
        }
        if (snapshot && SetReady(book, ready: true))
        {
            BookTrackerLog.Ready(_logger, book.Symbol, book.BidCount, book.AskCount);
        }
        RaiseChanged(book);
        return BookFrameResult.Applied;
    }

    private static bool TryApplyLevels(OrderBook book, ReadOnlySpan<BookWireLevel> levels, bool bids, [NotNullWhen(false)] out string? problem)
    {
        int pricePrecision = book.PricePrecision;
        int qtyPrecision = book.QtyPrecision;
        foreach (ref readonly BookWireLevel level in levels)
        {
            if (!ScaledDecimal.TryRescale(level.Price.Mantissa, level.Price.Decimals, pricePrecision, out long price) || price == 0)
            {
                problem = DescribeBadNumber(book, bids, "price", level.Price, pricePrecision);
                return false;
            }
            if (!ScaledDecimal.TryRescale(level.Qty.Mantissa, level.Qty.Decimals, qtyPrecision, out long qty))
            {
                problem = DescribeBadNumber(book, bids, "qty", level.Qty, qtyPrecision);
                return false;
            }
            if (bids)
            {
                book.SetBid(price, qty);
            }
            else
            {
                book.SetAsk(price, qty);
            }
        }
        problem = null;
        return true;
    }

    private static string DescribeBadNumber(OrderBook book, bool bids, string field, BookNumber number, int precision)
    {
        string side = bids ? "bids" : "asks";
        string text = number.Decimals <= 28 ? ScaledDecimal.ToDecimal(number.Mantissa, number.Decimals).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{number.Mantissa}e-{number.Decimals}";
        if (field == "price" && number.Mantissa == 0)
        {
            return $"Kraken book message for {book.Symbol} has a \"{side}\" price of 0; prices must be positive.";
        }
        return number.Decimals > precision
            ? $"Kraken book message for {book.Symbol} has a \"{side}\" {field} {text} with {number.Decimals} decimals, but the pair's {field} precision is {precision}: refresh the pair's precision (instrument channel) and track the book again. Nothing was rounded."
            : $"Kraken book message for {book.Symbol} has a \"{side}\" {field} {text} too large for the book's 64-bit integer form at precision {precision}.";
    }

    private BookFrameResult RejectFrame(BookMessage message, string problem)
    {
        // Books named by the part of the frame read before the error have lost this update: resynchronise them.
        bool any = false;
        for (int i = 0; i < message.EntryCount; i++)
        {
            ref readonly BookEntry entry = ref message.Entry(i);
            if (entry.SymbolLength >= 0 && Find(message.Symbol(entry)) is { } book)
            {
                FailBook(book, BookResyncReason.ProtocolError, problem);
                any = true;
            }
        }
        if (!any)
        {
            _metrics.ProtocolError(null);
            BookTrackerLog.ProtocolError(_logger, "(unknown)", problem);
        }
        return BookFrameResult.ProtocolError;
    }

    private BookFrameResult FailBook(OrderBook book, BookResyncReason reason, string problem)
    {
        Empty(book);
        _metrics.ProtocolError(book.Symbol);
        BookTrackerLog.ProtocolError(_logger, book.Symbol, problem);
        SetReady(book, ready: false);
        RequestResubscribe(book, reason, problem);
        return BookFrameResult.ProtocolError;
    }

    private BookFrameResult ChecksumMismatch(OrderBook book, uint expected, uint actual)
    {
        Interlocked.Increment(ref _checksumMismatches);
        _metrics.ChecksumMismatch(book.Symbol);
        BookTrackerLog.ChecksumMismatch(_logger, book.Symbol, expected, actual, book.Depth);
        SetReady(book, ready: false);
        RequestResubscribe(book, BookResyncReason.ChecksumMismatch, $"Kraken sent checksum {expected}, the book gives {actual}.");
        return BookFrameResult.ChecksumMismatch;
    }

    private static void Empty(OrderBook book)
    {
        book.BeginUpdate();
        book.Clear();
        book.EndUpdate();
    }

    private void RequestResubscribe(OrderBook book, BookResyncReason reason, string detail)
    {
        try
        {
            ResubscribeRequested?.Invoke(this, new BookResubscribeRequestedEventArgs(book.Symbol, book.Depth, reason, detail));
        }
        catch (Exception ex)
        {
            BookTrackerLog.HandlerFailed(_logger, book.Symbol, ex);
        }
    }

    private bool SetReady(OrderBook book, bool ready)
    {
        try
        {
            return book.SetReady(ready);
        }
        catch (Exception ex)
        {
            BookTrackerLog.HandlerFailed(_logger, book.Symbol, ex);
            return true;
        }
    }

    private void RaiseChanged(OrderBook book)
    {
        try
        {
            book.RaiseChanged();
        }
        catch (Exception ex)
        {
            BookTrackerLog.HandlerFailed(_logger, book.Symbol, ex);
        }
    }

    private OrderBook? Find(ReadOnlySpan<byte> symbol)
    {
        // Frames for one symbol usually come in runs: remember the last hit while the registry is unchanged.
        BookRegistry registry = _registry;
        OrderBook? last = _lastBook;
        if (last is not null && ReferenceEquals(registry, _lastBookRegistry) && symbol.SequenceEqual(last.SymbolUtf8))
        {
            return last;
        }
        OrderBook? book = registry.Find(symbol);
        _lastBook = book;
        _lastBookRegistry = registry;
        return book;
    }
}
