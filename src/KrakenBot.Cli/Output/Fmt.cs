using System.Globalization;

namespace KrakenBot.Cli.Output;

/// <summary>
/// Text for table cells: times in UTC, numbers exactly as held (<see cref="Num(decimal)"/>, for trading rules and
/// arguments) or at a fixed number of decimals (<see cref="Fixed"/>, used by <see cref="DisplayFormat"/> for amounts).
/// </summary>
internal static class Fmt
{
    public static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Num(decimal? value) => value is { } v ? Num(v) : "-";

    /// <summary>
    /// <paramref name="value"/> with exactly <paramref name="decimals"/> decimals (padded with zeros), rounded as
    /// <paramref name="rounding"/> says: <see cref="MidpointRounding.ToZero"/> truncates, <see cref="MidpointRounding.AwayFromZero"/>
    /// rounds to the nearest with halves away from zero.
    /// </summary>
    public static string Fixed(decimal value, int decimals, MidpointRounding rounding)
    {
        var rounded = decimal.Round(value, decimals, rounding);
        // A value that rounds to zero is shown as zero, never as "-0.00".
        if (rounded == 0m) rounded = 0m;
        return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Every digit of <paramref name="value"/>, without the trailing zeros of its scale (<c>10.0100000000</c> → <c>10.01</c>).</summary>
    public static string Trimmed(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "-";
}
