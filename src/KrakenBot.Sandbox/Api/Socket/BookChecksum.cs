using System.IO.Hashing;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Socket;

/// <summary>
/// Kraken's v2 book checksum (API.md §6): CRC32 over the top 10 asks (low to high) then the top
/// 10 bids (high to low), each level as price then quantity printed with the pair's precision,
/// with the dot removed and leading zeros stripped. Formatted into a stack buffer, no allocation.
/// </summary>
internal static class BookChecksum
{
    public const int Levels = 10;

    /// <summary>Checksum of the given sides; each list is best first.</summary>
    public static uint Compute(IBookView asks, IBookView bids, int priceDecimals, int qtyDecimals)
    {
        var crc = new Crc32();
        Span<byte> buffer = stackalloc byte[64];
        Append(crc, asks, priceDecimals, qtyDecimals, buffer);
        Append(crc, bids, priceDecimals, qtyDecimals, buffer);
        return crc.GetCurrentHashAsUInt32();
    }

    private static void Append(Crc32 crc, IBookView side, int priceDecimals, int qtyDecimals, Span<byte> buffer)
    {
        var n = Math.Min(Levels, side.Count);
        for (var i = 0; i < n; i++)
        {
            var (price, qty) = side.LevelAt(i);
            crc.Append(Token(price, priceDecimals, buffer));
            crc.Append(Token(qty, qtyDecimals, buffer));
        }
    }

    /// <summary>The fixed-precision text without its dot and leading zeros.</summary>
    public static ReadOnlySpan<byte> Token(decimal value, int decimals, Span<byte> buffer)
    {
        Money.TryFormat(value, decimals, buffer, out var written);
        var length = 0;
        var leading = true;
        for (var i = 0; i < written; i++)
        {
            var c = buffer[i];
            if (c == (byte)'.') continue;
            if (leading && c == (byte)'0') continue;
            leading = false;
            buffer[length++] = c;
        }
        return buffer[..length];
    }
}

/// <summary>One side of a book as the checksum and the feeds see it: best level first.</summary>
internal interface IBookView
{
    int Count { get; }
    (decimal Price, decimal Quantity) LevelAt(int rank);
}
