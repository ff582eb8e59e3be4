using BenchmarkDotNet.Attributes;
using KrakenBot.Connector.Kraken.Book;

namespace KrakenBot.Benchmarks.Book;

/// <summary>
/// The checksum of a depth-1000 book after a change at a given place: a cleared book (every token of both top 10s
/// written, then the CRC32: the cost of computing it from scratch), a new quantity at the best bid or at the 10th bid
/// (that level's token rewritten, the rest of the text moved, the CRC32), or below the top 10 (nothing to recompute:
/// the previous CRC stands).
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
        // Like the stream's opening book: asks 50000.1, 50000.3, …; bids 49999.9, 49999.7, …; 8-decimal quantities.
        var random = new Random(42);
        for (int i = 0; i < BookStream.Depth; i++)
        {
            _asks.Set(500_001 + 2 * i, random.NextInt64(1, 500_000_000), out _);
            _bids.Set(-(499_999 - 2 * i), random.NextInt64(1, 500_000_000), out _);
        }
    }

    [Benchmark(Baseline = true)]
    public uint ChangeAtBothBestLevels()
    {
        _checksum.Invalidate();
        return _checksum.Compute(_asks, _bids);
    }

    [Benchmark]
    public uint ChangeAtBestBid()
    {
        _checksum.Changed(bid: true, 0, LevelChange.Updated, _bids);
        return _checksum.Compute(_asks, _bids);
    }

    [Benchmark]
    public uint ChangeAtTenthBid()
    {
        _checksum.Changed(bid: true, 9, LevelChange.Updated, _bids);
        return _checksum.Compute(_asks, _bids);
    }

    [Benchmark]
    public uint ChangeBelowTop10()
    {
        _checksum.Changed(bid: true, 10, LevelChange.Updated, _bids);
        return _checksum.Compute(_asks, _bids);
    }
}
