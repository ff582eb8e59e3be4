using System.Globalization;

namespace KrakenBot.Cli.Output;

/// <summary>Text for table cells: numbers exactly as the exchange sent them, times in UTC.</summary>
internal static class Fmt
{
    public static string Num(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Num(decimal? value) => value is { } v ? Num(v) : "-";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) => value is { } v ? Time(v) : "-";
}
