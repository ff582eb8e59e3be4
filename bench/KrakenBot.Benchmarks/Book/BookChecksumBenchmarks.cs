using BenchmarkDotNet.Attributes;
using KrakenBot.Connector.Kraken.Book;

namespace KrakenBot.Benchmarks.Book;

/// <summary>
/// The checksum of a depth-1000 book: writing the top-10 tokens of both sides and the CRC32 (the worst case, when a
/// frame changed both tops), one side, or only the CRC over cached tokens (a frame that changed no top-10 level).
/// </summary>
[MemoryDiagnoser]
public class BookChecksumBenchmarks
{
    private readonly PriceLevels _bids = new(BookStream.Depth);
    private readonly PriceLevels _asks = new(BookStream.Depth);
    private readonly BookChecksum _checksum = new();

    [GlobalSetup]
    public void Setup()
    {
        // The stream's opening book: asks 50000.1, 50000.3, …; bids 49999.9, 49999.7, …; 8-decimal quantities.
        var random = new Random(42);
        for (int i = 0; i < BookStream.Depth; i++)
        {
            _asks.Set(500_001 + 2 * i, random.NextInt64(1, 500_000_000));
            _bids.Set(-(499_999 - 2 * i), random.NextInt64(1, 500_000_000));
        }
    }

    [Benchmark]
    public uint FormatBothSidesAndCrc()
    {
        _checksum.Invalidate();
        return _checksum.Compute(_asks, _bids);
    }

    [Benchmark]
    public uint FormatOneSideAndCrc()
    {
        _checksum.Touch(bid: true, 0);
        return _checksum.Compute(_asks, _bids);
    }

    [Benchmark]
    public uint CrcOfCachedTokens() => _checksum.Compute(_asks, _bids);
}
