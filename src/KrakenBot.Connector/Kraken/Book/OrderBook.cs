using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>
/// A live level-2 order book for one pair, kept exact by a <see cref="BookTracker"/> and verified against Kraken's
/// checksum after every message.
/// </summary>
/// <remarks>
/// One thread (the socket's receive loop) writes; any number of threads read without taking a lock. Every read
/// method returns a view of a single moment: it copies under a sequence counter and retries if a write overlapped.
/// Readers only ever see verified content: a message is applied and checked inside one write, and a book that fails
/// its checksum is emptied in that same write. While <see cref="IsReady"/> is false (before the first snapshot, or
/// after a mismatch until the fresh snapshot) the book is empty and the read methods return nothing.
/// </remarks>
internal sealed class OrderBook
{
    private readonly PriceLevels _bids;
    private readonly PriceLevels _asks;
    private readonly BookChecksum _checksum = new();

    // Odd while a write is in progress. Readers retry when it is odd or changed during their copy.
    private long _version;
    private volatile bool _isReady;

    // Numbers for TopVersion, taken by every book of the process, so that no two moments of any books share one.
    private static long s_topVersions;

    // The keys of the best levels as of the last write (0: side empty) and their mid (see RefreshTop); the mid is read
    // under the sequence counter.
    private long _topBidKey;
    private long _topAskKey;
    private decimal _mid;
    private bool _hasMid;
    private long _topVersion;

    internal OrderBook(string symbol, int depth, int pricePrecision, int qtyPrecision)
    {
        Symbol = symbol;
        SymbolUtf8 = System.Text.Encoding.UTF8.GetBytes(symbol);
        Depth = depth;
        PricePrecision = pricePrecision;
        QtyPrecision = qtyPrecision;
        _bids = new PriceLevels(depth);
        _asks = new PriceLevels(depth);
    }

    /// <summary>The pair as Kraken WebSocket v2 names it, e.g. <c>BTC/USD</c>.</summary>
    public string Symbol { get; }

    /// <summary>The subscribed depth (levels per side): 10, 25, 100, 500 or 1000.</summary>
    public int Depth { get; }

    /// <summary>Decimals of prices for this pair (the instrument channel's <c>price_precision</c>).</summary>
    public int PricePrecision { get; }

    /// <summary>Decimals of quantities for this pair (the instrument channel's <c>qty_precision</c>).</summary>
    public int QtyPrecision { get; }

    /// <summary>True when the book was built from a snapshot and every message since verified its checksum.</summary>
    public bool IsReady => _isReady;

    /// <summary>Grows with every change; equal values mean nothing changed between two reads.</summary>
    public long Sequence => Volatile.Read(ref _version) >> 1;

    /// <summary>
    /// A new number (never used before by any book) whenever the best bid's or best ask's price or <see cref="IsReady"/>
    /// changes: equal values read at two moments mean the best prices read between them are still the best prices.
    /// </summary>
    public long TopVersion => Volatile.Read(ref _topVersion);

    /// <summary>
    /// Raised on the receive thread after each applied and verified message. Handlers must be quick and should read
    /// what they need through this book's read methods.
    /// </summary>
    public event EventHandler? Changed;

    /// <summary>Raised on the receive thread when <see cref="IsReady"/> changes.</summary>
    public event EventHandler? ReadyChanged;

    internal byte[] SymbolUtf8 { get; }

    /// <summary>The best bid, if the book is ready and has one.</summary>
    public bool TryGetBestBid(out BookLevel level) => TryGetBest(_bids, negate: true, out level);

    /// <summary>The best ask, if the book is ready and has one.</summary>
    public bool TryGetBestAsk(out BookLevel level) => TryGetBest(_asks, negate: false, out level);

    /// <summary>The best bid and best ask of the same moment, if the book is ready and has both.</summary>
    public bool TryGetTopOfBook(out BookLevel bestBid, out BookLevel bestAsk)
    {
        var spin = new SpinWait();
        while (true)
        {
            long version = BeginRead(ref spin);
            bool hasBid = TryReadLevel(_bids, 0, negate: true, out bestBid);
            bool hasAsk = TryReadLevel(_asks, 0, negate: false, out bestAsk);
            if (EndRead(version))
            {
                return hasBid && hasAsk;
            }
            spin.SpinOnce();
        }
    }

    /// <summary>(best bid + best ask) / 2, or null when either side is empty or the book is not ready.</summary>
    /// <remarks>Computed by the writer when the top prices move (most messages change deeper levels), read here as is.</remarks>
    public decimal? MidPrice
    {
        get
        {
            var spin = new SpinWait();
            while (true)
            {
                long version = BeginRead(ref spin);
                bool hasMid = _hasMid;
                decimal mid = _mid;
                if (EndRead(version))
                {
                    return hasMid ? mid : null;
                }
                spin.SpinOnce();
            }
        }
    }

    /// <summary>Best ask − best bid, or null when either side is empty or the book is not ready.</summary>
    public decimal? Spread => TryGetTopOfBook(out var bid, out var ask) ? ask.Price - bid.Price : null;

    /// <summary>
    /// Copies the best levels of both sides, as of one moment, into the given spans (as many as fit).
    /// Allocation-free.
    /// </summary>
    /// <returns>How many levels were written to each span.</returns>
    public (int Bids, int Asks) CopyTop(Span<BookLevel> bids, Span<BookLevel> asks)
    {
        var spin = new SpinWait();
        while (true)
        {
            long version = BeginRead(ref spin);
            int bidCount = CopyLevels(_bids, negate: true, bids);
            int askCount = CopyLevels(_asks, negate: false, asks);
            if (EndRead(version) && bidCount >= 0 && askCount >= 0)
            {
                return (bidCount, askCount);
            }
            spin.SpinOnce();
        }
    }

    /// <summary>A consistent copy of up to <paramref name="levels"/> best levels per side (allocates; for display).</summary>
    public BookTop GetTop(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(levels);
        var bids = new BookLevel[Math.Min(levels, Depth)];
        var asks = new BookLevel[bids.Length];
        var spin = new SpinWait();
        while (true)
        {
            long version = BeginRead(ref spin);
            int bidCount = CopyLevels(_bids, negate: true, bids);
            int askCount = CopyLevels(_asks, negate: false, asks);
            if (EndRead(version) && bidCount >= 0 && askCount >= 0)
            {
                return new BookTop(Symbol, bids[..bidCount], asks[..askCount], version >> 1);
            }
            spin.SpinOnce();
        }
    }

    /// <summary>
    /// The average price paid (walking <see cref="BookSide.Asks"/>) or received (walking <see cref="BookSide.Bids"/>)
    /// for taking <paramref name="size"/> of the base currency from the book now: Σ price × qty / size over the levels
    /// consumed, the last one partly.
    /// </summary>
    /// <returns>The exact average, or null when the visible book (up to the subscribed depth) is smaller than
    /// <paramref name="size"/> or the book is not ready.</returns>
    public decimal? GetDepthWeightedPrice(BookSide side, decimal size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        PriceLevels levels = side == BookSide.Bids ? _bids : _asks;
        bool negate = side == BookSide.Bids;
        var spin = new SpinWait();
        while (true)
        {
            long version = BeginRead(ref spin);
            decimal remaining = size;
            decimal cost = 0m;
            bool complete = false;
            for (int i = 0; TryReadLevel(levels, i, negate, out BookLevel level); i++)
            {
                decimal take = Math.Min(level.Amount, remaining);
                cost += take * level.Price;
                remaining -= take;
                if (remaining == 0m)
                {
                    complete = true;
                    break;
                }
            }
            if (EndRead(version))
            {
                return complete ? cost / size : null;
            }
            spin.SpinOnce();
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        TryGetTopOfBook(out var bid, out var ask)
            ? $"{Symbol} depth {Depth}: {bid} / {ask}"
            : $"{Symbol} depth {Depth}: {(IsReady ? "one side empty" : "not ready")}";

    // ---- writer side (the tracker, on the receive thread) ----

    internal void BeginUpdate()
    {
        // One writer: a plain odd version, then a write barrier so that no write to the levels is seen before it (a
        // compiler-only barrier on x64; a locked increment here cost a full fence per frame).
        Volatile.Write(ref _version, _version + 1);
        Volatile.WriteBarrier();
    }

    internal void EndUpdate()
    {
        RefreshTop();
        Volatile.Write(ref _version, _version + 1);
    }

    // Inside the write: when a best price moved (most messages change deeper levels), the mid of the top prices is
    // divided again and the top gets a new version (written before the write ends, so a reader that sees the new levels
    // sees the new version too).
    private void RefreshTop()
    {
        long bidKey = _bids.Count > 0 ? _bids[0].Key : 0;
        long askKey = _asks.Count > 0 ? _asks[0].Key : 0;
        if (bidKey == _topBidKey && askKey == _topAskKey)
        {
            return;
        }
        _topBidKey = bidKey;
        _topAskKey = askKey;
        _hasMid = bidKey != 0 && askKey != 0;
        if (_hasMid)
        {
            _mid = (ScaledDecimal.ToDecimal(-bidKey, PricePrecision) + ScaledDecimal.ToDecimal(askKey, PricePrecision)) / 2m;
        }
        NewTopVersion();
    }

    private void NewTopVersion() => Volatile.Write(ref _topVersion, Interlocked.Increment(ref s_topVersions));

    internal void Clear()
    {
        _bids.Clear();
        _asks.Clear();
        _checksum.Invalidate();
    }

    internal void SetBid(long price, long qty)
    {
        int position = _bids.Set(-price, qty, out LevelChange change);
        _checksum.Changed(bid: true, position, change, _bids);
    }

    internal void SetAsk(long price, long qty)
    {
        int position = _asks.Set(price, qty, out LevelChange change);
        _checksum.Changed(bid: false, position, change, _asks);
    }

    internal void TruncateToDepth()
    {
        // Positions beyond the top 10 only: the checksum's token cache stays valid (depth is at least 10).
        _bids.Truncate(Depth);
        _asks.Truncate(Depth);
    }

    internal uint ComputeChecksum() => _checksum.Compute(_asks, _bids);

    internal string ChecksumInput() => BookChecksum.ToChecksumString(_asks, _bids);

    internal int BidCount => _bids.Count;

    internal int AskCount => _asks.Count;

    /// <returns>True when the state changed.</returns>
    internal bool SetReady(bool ready)
    {
        if (_isReady == ready)
        {
            return false;
        }
        NewTopVersion(); // before the flag: a reader that sees the new readiness sees the new version
        _isReady = ready;
        ReadyChanged?.Invoke(this, EventArgs.Empty);
        return true;
    }

    internal void RaiseChanged() => Changed?.Invoke(this, EventArgs.Empty);

    // ---- reader side ----

    private long BeginRead(ref SpinWait spin)
    {
        while (true)
        {
            long version = Volatile.Read(ref _version);
            if ((version & 1) == 0)
            {
                return version;
            }
            spin.SpinOnce();
        }
    }

    private bool EndRead(long version)
    {
        // The copies above must not be reordered after the second read of the version: a read barrier is enough (the
        // seqlock reader's acquire fence; no instruction on x64, where a full fence cost each read of the top).
        Volatile.ReadBarrier();
        return Volatile.Read(ref _version) == version;
    }

    private bool TryGetBest(PriceLevels side, bool negate, out BookLevel level)
    {
        var spin = new SpinWait();
        while (true)
        {
            long version = BeginRead(ref spin);
            bool found = TryReadLevel(side, 0, negate, out level);
            if (EndRead(version))
            {
                return found;
            }
            spin.SpinOnce();
        }
    }

    /// <summary>Reads one level defensively: a concurrent write may leave the fields mutually inconsistent.</summary>
    private bool TryReadLevel(PriceLevels side, int position, bool negate, out BookLevel level)
    {
        PriceLevel[] array = side.Array;
        int start = side.Start;
        int count = side.Count;
        if (position >= count || (uint)(start + position) >= (uint)array.Length)
        {
            level = default;
            return false;
        }
        PriceLevel raw = array[start + position];
        level = ToBookLevel(raw, negate);
        return true;
    }

    /// <returns>Levels copied, or -1 when the fields were caught mid-write.</returns>
    private int CopyLevels(PriceLevels side, bool negate, Span<BookLevel> destination)
    {
        PriceLevel[] array = side.Array;
        int start = side.Start;
        int count = Math.Min(side.Count, destination.Length);
        if (start < 0 || count < 0 || start + count > array.Length)
        {
            return -1;
        }
        for (int i = 0; i < count; i++)
        {
            destination[i] = ToBookLevel(array[start + i], negate);
        }
        return count;
    }

    private BookLevel ToBookLevel(PriceLevel raw, bool negate) =>
        new(ScaledDecimal.ToDecimal(negate ? -raw.Key : raw.Key, PricePrecision), ScaledDecimal.ToDecimal(raw.Qty, QtyPrecision));
}
