using KrakenBot.Backtest.Recording;
using KrakenBot.Connector.Kraken.Book;

namespace KrakenBot.Backtest.Replay;

/// <summary>
/// The exact books of a recording, rebuilt record by record with the connector's own book tracker (same parser, same
/// CRC32 checksum): a recorded frame that failed its checksum fails it again here, and a gap record drops the book (or
/// every book) until its next snapshot, as the live connector did.
/// </summary>
internal sealed class RecordedBooks : IDisposable
{
    private readonly BookTracker _tracker = new();
    private readonly RecordingHeader _header;
    private readonly OrderBook[] _books;

    /// <summary>Tracks every pair of <paramref name="header"/> at its recorded depth and precisions.</summary>
    public RecordedBooks(RecordingHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _header = header;
        _books = header.Pairs.Select(p => _tracker.Track(p.Symbol, header.Depth, p.PricePrecision, p.QuantityPrecision)).ToArray();
    }

    /// <summary>Checksum mismatches met while replaying (each one was a gap in the recording too).</summary>
    public long ChecksumMismatches => _tracker.ChecksumMismatches;

    /// <summary>The book of the pair at <paramref name="pairIndex"/> in the header.</summary>
    public OrderBook Book(int pairIndex) => _books[pairIndex];

    /// <summary>The book of <paramref name="symbol"/> (Kraken's WebSocket name, e.g. <c>BTC/USD</c>).</summary>
    public OrderBook Book(string symbol) =>
        _header.IndexOf(symbol) is var i and >= 0 ? _books[i] : throw new ArgumentException($"The recording has no pair '{symbol}'.", nameof(symbol));

    /// <summary>Applies a book or gap record; trades and other kinds are left to the caller. Returns what it did to the book.</summary>
    public BookFrameResult? Apply(in RecordView record) => Apply(record.Kind, record.PairIndex, record.Payload);

    /// <summary>Applies a record given by its parts (a copy of a record's payload).</summary>
    public BookFrameResult? Apply(RecordKind kind, int pairIndex, ReadOnlySpan<byte> payload)
    {
        switch (kind)
        {
            case RecordKind.Book:
                return _tracker.ProcessFrame(payload);
            case RecordKind.Gap:
                if (pairIndex < 0 || pairIndex >= _books.Length)
                {
                    foreach (var pair in _header.Pairs) _tracker.Invalidate(pair.Symbol);
                }
                else
                {
                    _tracker.Invalidate(_header.Pairs[pairIndex].Symbol);
                }
                return null;
            default:
                return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _tracker.Dispose();
}
