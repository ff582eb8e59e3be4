namespace KrakenBot.Connector.Kraken.Book;

/// <summary>
/// Book prices and quantities are kept as 64-bit integers counting units of 10^-precision (the pair's
/// price or qty precision): exact, cheap to compare, and their decimal digits are exactly Kraken's
/// checksum tokens. This class converts between that form and <see cref="decimal"/>.
/// </summary>
internal static class ScaledDecimal
{
    /// <summary>Largest precision we accept: 10^18 still fits in a long.</summary>
    public const int MaxPrecision = 18;

    private static readonly long[] PowersOfTen =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    /// <summary>The exact decimal value of <paramref name="units"/> × 10^-<paramref name="precision"/>, keeping trailing zeros.</summary>
    public static decimal ToDecimal(long units, int precision)
    {
        bool negative = units < 0;
        ulong magnitude = negative ? (ulong)(-units) : (ulong)units;
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, negative, (byte)precision);
    }

    /// <summary>
    /// Rescales a number read as <paramref name="mantissa"/> × 10^-<paramref name="decimals"/> to units of
    /// 10^-<paramref name="precision"/>. Fails (never rounds) when the number has more decimals than the precision
    /// or does not fit in 64 bits.
    /// </summary>
    public static bool TryRescale(long mantissa, int decimals, int precision, out long units)
    {
        int shift = precision - decimals;
        if (shift < 0)
        {
            units = 0;
            return false;
        }
        long factor = PowersOfTen[shift];
        if (mantissa > long.MaxValue / factor)
        {
            units = 0;
            return false;
        }
        units = mantissa * factor;
        return true;
    }
}
