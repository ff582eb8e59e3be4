using BenchmarkDotNet.Attributes;
using KrakenBot.Connector.Kraken.Book;
using KrakenBot.Connector.Kraken.Socket.Protocol;

namespace KrakenBot.Benchmarks.Book;

/// <summary>
/// Applying already-parsed frames to a depth-1000 book (binary search, insert/delete, truncate), per frame, without
/// the checksum; and the whole path the socket runs (<see cref="BookTracker.ProcessFrame(ReadOnlySpan{byte})"/>: parse, apply, checksum).
/// </summary>
[MemoryDiagnoser]
public class BookApplyBenchmarks
{
    private readonly BookTracker _tracker = new();
    private OrderBook _book = null!;
    private OrderBook _pipelineBook = null!;
    private byte[][] _frames = [];
    private ParsedFrame[] _parsed = [];
    private int _nextParsed;
    private int _nextFrame;

    [GlobalSetup]
    public void Setup()
    {
        _frames = BookStream.Load();
        _pipelineBook = _tracker.Track(BookStream.Symbol, BookStream.Depth, BookStream.PricePrecision, BookStream.QtyPrecision);
        using var scratch = new BookTracker();
        _book = scratch.Track(BookStream.Symbol, BookStream.Depth, BookStream.PricePrecision, BookStream.QtyPrecision);
        var message = new BookMessage();
        _parsed = new ParsedFrame[_frames.Length];
        for (int i = 0; i < _frames.Length; i++)
        {
            BookMessageParser.Parse(_frames[i], message);
            ref readonly BookEntry entry = ref message.Entry(0);
            _parsed[i] = new ParsedFrame(message.Type == BookMessageType.Snapshot, Scale(message.Bids(entry)), Scale(message.Asks(entry)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _tracker.Dispose();

    [Benchmark(OperationsPerInvoke = BookStream.FramesPerInvoke)]
    public int Apply()
    {
        OrderBook book = _book;
        for (int i = 0; i < BookStream.FramesPerInvoke; i++)
        {
            ParsedFrame frame = _parsed[_nextParsed];
            _nextParsed = _nextParsed + 1 == _parsed.Length ? 0 : _nextParsed + 1;
            book.BeginUpdate();
            if (frame.Snapshot)
            {
                book.Clear();
            }
            foreach (var (price, qty) in frame.Bids)
            {
                book.SetBid(price, qty);
            }
            foreach (var (price, qty) in frame.Asks)
            {
                book.SetAsk(price, qty);
            }
            book.TruncateToDepth();
            book.EndUpdate();
        }
        return book.BidCount;
    }

    [Benchmark(OperationsPerInvoke = BookStream.FramesPerInvoke)]
    public int ProcessFrame()
    {
        int failures = 0;
        for (int i = 0; i < BookStream.FramesPerInvoke; i++)
        {
            byte[] frame = _frames[_nextFrame];
            _nextFrame = _nextFrame + 1 == _frames.Length ? 0 : _nextFrame + 1;
            if (_tracker.ProcessFrame(frame) != BookFrameResult.Applied)
            {
                failures++;
            }
        }
        return failures;
    }

    private static (long Price, long Qty)[] Scale(ReadOnlySpan<BookWireLevel> levels)
    {
        var scaled = new (long, long)[levels.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            scaled[i] = (Rescale(levels[i].Price, BookStream.PricePrecision), Rescale(levels[i].Qty, BookStream.QtyPrecision));
        }
        return scaled;
    }

    private static long Rescale(BookNumber number, int precision) =>
        ScaledDecimal.TryRescale(number.Mantissa, number.Decimals, precision, out long units)
            ? units
            : throw new InvalidOperationException($"{number} does not fit precision {precision}.");

    private sealed record ParsedFrame(bool Snapshot, (long Price, long Qty)[] Bids, (long Price, long Qty)[] Asks);
}
