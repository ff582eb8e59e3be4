using System.Buffers.Text;
using System.IO.Hashing;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>
/// Kraken's book checksum (API.md §6): CRC32 (IEEE) over the top 10 asks (best first) then the top 10 bids, each
/// level written as price then qty, each number formatted with the pair's precision with the '.' and leading zeros
/// removed. For a number kept as units of 10^-precision that token is simply the decimal digits of the units.
/// <para>
/// The tokens of each side are kept in a buffer and rewritten only when a change touched that side's top 10, so a
/// frame that changes deep levels only pays for the CRC. The CRC itself is computed for every frame.
/// </para>
/// </summary>
internal sealed class BookChecksum
{
    /// <summary>Levels per side that the checksum covers, whatever the subscribed depth.</summary>
    public const int Levels = 10;

    /// <summary>A long has at most 19 digits; price and qty per level.</summary>
    private const int MaxTokenBytesPerLevel = 2 * 19;

    private readonly byte[] _askTokens = new byte[Levels * MaxTokenBytesPerLevel];
    private readonly byte[] _bidTokens = new byte[Levels * MaxTokenBytesPerLevel];
    private readonly Crc32 _crc = new();
    private int _askLength;
    private int _bidLength;
    private bool _asksStale = true;
    private bool _bidsStale = true;

    /// <summary>Records that a change happened at <paramref name="position"/> (0 = best) on one side.</summary>
    public void Touch(bool bid, int position)
    {
        if ((uint)position < Levels)
        {
            if (bid)
            {
                _bidsStale = true;
            }
            else
            {
                _asksStale = true;
            }
        }
    }

    /// <summary>Marks both sides for rewriting (snapshot, clear).</summary>
    public void Invalidate()
    {
        _asksStale = true;
        _bidsStale = true;
    }

    /// <summary>The unsigned CRC32 of the current top 10 of both sides.</summary>
    public uint Compute(PriceLevels asks, PriceLevels bids)
    {
        if (_asksStale)
        {
            _askLength = WriteTokens(asks, negate: false, _askTokens);
            _asksStale = false;
        }
        if (_bidsStale)
        {
            _bidLength = WriteTokens(bids, negate: true, _bidTokens);
            _bidsStale = false;
        }
        _crc.Reset();
        _crc.Append(_askTokens.AsSpan(0, _askLength));
        _crc.Append(_bidTokens.AsSpan(0, _bidLength));
        return _crc.GetCurrentHashAsUInt32();
    }

    /// <summary>The exact bytes the checksum covers (asks then bids), for diagnostics and tests.</summary>
    public static string ToChecksumString(PriceLevels asks, PriceLevels bids)
    {
        Span<byte> buffer = stackalloc byte[2 * Levels * MaxTokenBytesPerLevel];
        int length = WriteTokens(asks, negate: false, buffer);
        length += WriteTokens(bids, negate: true, buffer[length..]);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    private static int WriteTokens(PriceLevels side, bool negate, Span<byte> destination)
    {
        int levels = Math.Min(side.Count, Levels);
        int written = 0;
        for (int i = 0; i < levels; i++)
        {
            ref readonly PriceLevel level = ref side[i];
            written += WriteDigits(negate ? -level.Key : level.Key, destination[written..]);
            written += WriteDigits(level.Qty, destination[written..]);
        }
        return written;
    }

    private static int WriteDigits(long units, Span<byte> destination)
    {
        // Units are positive: the digits carry no sign, no '.', no leading zero.
        Utf8Formatter.TryFormat((ulong)units, destination, out int written);
        return written;
    }
}
