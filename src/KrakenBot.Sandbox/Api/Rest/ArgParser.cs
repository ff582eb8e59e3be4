using System.Globalization;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>
/// Strict parsing of Kraken's text parameters. Numbers are plain decimal text (digits and one
/// point, at most 32 characters): no sign, exponent, NaN or infinity, so nothing reaches the
/// engine that Kraken would not accept.
/// </summary>
internal static class ArgParser
{
    public const int MaxNumberLength = 32;

    public static bool TryParseDecimal(string? text, out decimal value)
    {
        value = 0m;
        if (string.IsNullOrEmpty(text) || text.Length > MaxNumberLength) return false;
        var digits = 0;
        var points = 0;
        foreach (var c in text)
        {
            if (c is >= '0' and <= '9') digits++;
            else if (c == '.') points++;
            else return false;
        }
        if (digits == 0 || points > 1) return false;
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryParseBool(string? text, out bool value)
    {
        switch (text)
        {
            case "true" or "True" or "1": value = true; return true;
            case "false" or "False" or "0": value = false; return true;
            default: value = false; return false;
        }
    }

    public static bool TryParseInt(string? text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && text!.Length <= 11;

    public static bool TryParseNonce(string? text, out ulong nonce) =>
        ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out nonce) && nonce > 0;

    /// <summary>Optional decimal field: absent is fine, present must be valid.</summary>
    public static string? OptionalDecimal(RequestArgs args, string name, out decimal? value)
    {
        value = null;
        if (!args.TryGet(name, out var text)) return null;
        if (!TryParseDecimal(text, out var v)) return KrakenErrors.InvalidArgument(name);
        value = v;
        return null;
    }

    public static string? OptionalBool(RequestArgs args, string name, out bool value)
    {
        value = false;
        if (!args.TryGet(name, out var text)) return null;
        return TryParseBool(text, out value) ? null : KrakenErrors.InvalidArgument(name);
    }

    public static string? OptionalInt(RequestArgs args, string name, out int? value)
    {
        value = null;
        if (!args.TryGet(name, out var text)) return null;
        if (!TryParseInt(text, out var v)) return KrakenErrors.InvalidArgument(name);
        value = v;
        return null;
    }
}
