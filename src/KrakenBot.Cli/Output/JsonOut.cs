using System.Globalization;
using System.Text.Json;

namespace KrakenBot.Cli.Output;

/// <summary>
/// Helpers for the JSON output. Money goes out as strings exactly as the decimal holds it (as Kraken does), so no
/// reader ever loses digits to a double.
/// </summary>
internal static class JsonOut
{
    public static void Money(this Utf8JsonWriter w, string name, decimal value) =>
        w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));

    public static void Money(this Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.Money(name, v);
        else w.WriteNull(name);
    }

    public static void Time(this Utf8JsonWriter w, string name, DateTimeOffset value) =>
        w.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    public static void Time(this Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v) w.Time(name, v);
        else w.WriteNull(name);
    }
}
