using System.Buffers.Text;
using System.IO.Hashing;

namespace KrakenBot.Connector.Kraken.Book;

/// <summary>
/// Kraken's book checksum (API.md §6): CRC32 (IEEE) over the top 10 asks (best first) then the top 10 bids, each
/// level written as price then qty, each number formatted with the pair's precision with the '.' and leading zeros
/// removed. For a number kept as units of 10^-precision that token is simply the decimal digits of the units.
/// </summary>
/// <remarks>
/// The checksum is a function of the top 10 levels of each side only, and most messages change levels deeper than
/// that. So the tokens of each side are kept, with the byte offset where each level ends; a change at position p
/// rewrites that side's tokens from level p on, and when neither side's top 10 changed the last CRC is still the CRC
/// of the current top 10 and is returned as is. Every frame's checksum is still compared with the CRC of the book's
/// current top 10; only recomputing identical input is avoided.
/// </remarks>
internal sealed class BookChecksum
{
    /// <summary>Levels per side that the checksum covers, whatever the subscribed depth.</summary>
    public const int Levels = 10;

    /// <summary>A long has at most 19 digits; price and qty per level.</summary>
    private const int MaxTokenBytesPerLevel = 2 * 19;

    private readonly SideTokens _asks = new();
    private readonly SideTokens _bids = new();
    private readonly Crc32 _crc = new();
    private uint _checksum;

    /// <summary>Records that a change happened at <paramref name="position"/> (0 = best; -1 = nothing changed).</summary>
    public void Touch(bool bid, int position)
    {
        if ((uint)position < Levels)
        {
            (bid ? _bids : _asks).Touch(position);
        }
    }

    /// <summary>Marks both sides for rewriting (snapshot, clear).</summary>
    public void Invalidate()
    {
        _asks.Touch(0);
        _bids.Touch(0);
    }

    /// <summary>The unsigned CRC32 of the current top 10 of both sides.</summary>
    public uint Compute(PriceLevels asks, PriceLevels bids)
    {
        if (_asks.IsCurrent && _bids.IsCurrent)
        {
            return _checksum;
        }
        ReadOnlySpan<byte> askTokens = _asks.Refresh(asks, negate: false);
        ReadOnlySpan<byte> bidTokens = _bids.Refresh(bids, negate: true);
        _crc.Reset();
        _crc.Append(askTokens);
        _crc.Append(bidTokens);
        _checksum = _crc.GetCurrentHashAsUInt32();
        return _checksum;
    }

    /// <summary>The exact text the checksum covers (asks then bids), written from scratch: for diagnostics and tests.</summary>
    public static string ToChecksumString(PriceLevels asks, PriceLevels bids)
    {
        var askTokens = new SideTokens();
        var bidTokens = new SideTokens();
        return System.Text.Encoding.ASCII.GetString(askTokens.Refresh(asks, negate: false))
            + System.Text.Encoding.ASCII.GetString(bidTokens.Refresh(bids, negate: true));
    }

    /// <summary>The checksum tokens of one side's top 10, rewritten from the first changed level.</summary>
    private sealed class SideTokens
    {
        private readonly byte[] _bytes = new byte[Levels * MaxTokenBytesPerLevel];
        private readonly int[] _levelEnds = new int[Levels];
        private int _levels;
        private int _staleFrom;

        public bool IsCurrent => _staleFrom == Levels;

        public void Touch(int position)
        {
            if (position < _staleFrom)
            {
                _staleFrom = position;
            }
        }

        public ReadOnlySpan<byte> Refresh(PriceLevels side, bool negate)
        {
            int levels = Math.Min(side.Count, Levels);
            int from = Math.Min(_staleFrom, Math.Min(levels, _levels));
            int written = from == 0 ? 0 : _levelEnds[from - 1];
            for (int i = from; i < levels; i++)
            {
                ref readonly PriceLevel level = ref side[i];
                written += WriteDigits(negate ? -level.Key : level.Key, _bytes.AsSpan(written));
                written += WriteDigits(level.Qty, _bytes.AsSpan(written));
                _levelEnds[i] = written;
            }
            _levels = levels;
            _staleFrom = Levels;
            return _bytes.AsSpan(0, written);
        }

        private static int WriteDigits(long units, Span<byte> destination)
        {
            // Units are positive: the digits carry no sign, no '.', no leading zero.
            Utf8Formatter.TryFormat((ulong)units, destination, out int written);
            return written;
        }
    }
}
