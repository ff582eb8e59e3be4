using System.Globalization;

namespace KrakenBot.Sandbox.Matching;

/// <summary>Exact decimal rounding and formatting to an asset's or pair's number of decimals.</summary>
internal static class Money
{
    private static readonly decimal[] Steps = BuildSteps();

    private static decimal[] BuildSteps()
    {
        var steps = new decimal[29];
        for (var i = 0; i < steps.Length; i++) steps[i] = new decimal(1, 0, 0, false, (byte)i);
        return steps;
    }

    /// <summary>10^-decimals.</summary>
    public static decimal Step(int decimals) => Steps[decimals];

    /// <summary>Number of decimals in the value's representation (its scale), e.g. 0.10 → 2.</summary>
    public static int DecimalsOf(decimal value) => value.Scale;

    public static decimal Round(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.AwayFromZero);

    public static decimal Floor(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.ToZero);

    public static decimal Ceiling(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.ToPositiveInfinity);

    /// <summary>True when <paramref name="value"/> has no more than <paramref name="decimals"/> significant decimals.</summary>
    public static bool FitsDecimals(decimal value, int decimals) => decimal.Round(value, decimals, MidpointRounding.ToZero) == value;

    /// <summary>True when <paramref name="value"/> is a whole multiple of <paramref name="step"/>.</summary>
    public static bool IsMultipleOf(decimal value, decimal step) => value % step == 0m;

    /// <summary>Fixed-point text with exactly <paramref name="decimals"/> decimals, as Kraken prints numbers.</summary>
    public static string Format(decimal value, int decimals) => Round(value, decimals).ToString(FormatStrings[decimals], CultureInfo.InvariantCulture);

    /// <summary>Writes the fixed-point text into <paramref name="destination"/> without allocating.</summary>
    public static bool TryFormat(decimal value, int decimals, Span<byte> destination, out int written) =>
        Round(value, decimals).TryFormat(destination, out written, FormatStrings[decimals], CultureInfo.InvariantCulture);

    private static readonly string[] FormatStrings = BuildFormats();

    private static string[] BuildFormats()
    {
        var formats = new string[29];
        for (var i = 0; i < formats.Length; i++) formats[i] = i == 0 ? "0" : "0." + new string('0', i);
        return formats;
    }

    /// <summary>Normalised text with no trailing zeros (used where Kraken echoes the caller's value).</summary>
    public static string Plain(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
