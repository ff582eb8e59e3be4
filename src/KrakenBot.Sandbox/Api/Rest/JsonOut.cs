using System.Text.Json;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>Kraken's number conventions on the wire: amounts as fixed-decimal strings, times as unix-second numbers.</summary>
internal static class JsonOut
{
    public static void Amount(this Utf8JsonWriter w, string name, decimal value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[64];
        Money.TryFormat(value, decimals, buffer, out var written);
        w.WriteString(name, buffer[..written]);
    }

    public static void AmountValue(this Utf8JsonWriter w, decimal value, int decimals)
    {
        Span<byte> buffer = stackalloc byte[64];
        Money.TryFormat(value, decimals, buffer, out var written);
        w.WriteStringValue(buffer[..written]);
    }

    /// <summary>Unix seconds with four decimals, as Kraken prints <c>opentm</c>.</summary>
    public static void Time(this Utf8JsonWriter w, string name, DateTimeOffset time) => w.WriteNumber(name, UnixSeconds(time));

    public static void TimeValue(this Utf8JsonWriter w, DateTimeOffset time) => w.WriteNumberValue(UnixSeconds(time));

    public static decimal UnixSeconds(DateTimeOffset time) =>
        decimal.Round((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (decimal)TimeSpan.TicksPerSecond, 4);

    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
