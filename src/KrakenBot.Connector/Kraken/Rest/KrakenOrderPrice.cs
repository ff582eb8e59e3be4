using System.Globalization;

namespace KrakenBot.Connector.Kraken.Rest;

/// <summary>
/// A price in an order's <c>descr</c>, exactly as Kraken sent it. Orders placed elsewhere (the website, another tool)
/// may carry an offset from the last trade instead of a price: <c>+</c> (up), <c>-</c> (down) or <c>#</c> (away from the
/// market for the order's side), in quote units or, with a <c>%</c> suffix, in percent — a trailing stop's
/// <c>+50.0000%</c>, a stop-limit's <c>-100.0</c>. Kraken's <c>"0"</c> means "no price" and is read as no value at all.
/// </summary>
internal sealed record KrakenOrderPrice
{
    private KrakenOrderPrice(string text, char? offsetSign, decimal value, bool isPercent)
    {
        Text = text;
        OffsetSign = offsetSign;
        Value = value;
        IsPercent = isPercent;
    }

    /// <summary>The text Kraken sent, unchanged (e.g. <c>+50.0000%</c>, <c>65000.0</c>).</summary>
    public string Text { get; }

    /// <summary><c>+</c>, <c>-</c> or <c>#</c> for an offset from the last trade; null for a plain price.</summary>
    public char? OffsetSign { get; }

    /// <summary>The number without sign or percent: the price itself, or the size of the offset.</summary>
    public decimal Value { get; }

    /// <summary>True when the offset is in percent.</summary>
    public bool IsPercent { get; }

    /// <summary>True for an offset from the last trade rather than a price.</summary>
    public bool IsRelative => OffsetSign is not null || IsPercent;

    /// <summary>The price, when this is a plain price; null for an offset.</summary>
    public decimal? Absolute => IsRelative ? null : Value;

    /// <summary>Reads Kraken's text; null for a missing, empty or zero price; false for text that is neither a price nor an offset.</summary>
    public static bool TryParse(string? text, out KrakenOrderPrice? price)
    {
        price = null;
        if (string.IsNullOrEmpty(text)) return true;
        ReadOnlySpan<char> span = text;
        char? sign = span[0] is '+' or '-' or '#' ? span[0] : null;
        if (sign is not null) span = span[1..];
        bool percent = span.Length > 0 && span[^1] == '%';
        if (percent) span = span[..^1];
        if (span.IsEmpty) return false;
        foreach (char c in span)
            if (c is not (>= '0' and <= '9' or '.')) return false;
        if (!decimal.TryParse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value)) return false;
        if (value == 0m && sign is null && !percent) return true; // "0", "0.00000": no price
        price = new KrakenOrderPrice(text, sign, value, percent);
        return true;
    }

    /// <summary>Reads Kraken's text (see <see cref="TryParse"/>); null for no price.</summary>
    /// <exception cref="FormatException">The text is neither a price nor an offset.</exception>
    public static KrakenOrderPrice? Parse(string? text) =>
        TryParse(text, out var price) ? price : throw new FormatException($"'{text}' is neither a price nor an offset (+, -, # or %).");

    /// <summary>The text as Kraken sent it.</summary>
    public override string ToString() => Text;
}
