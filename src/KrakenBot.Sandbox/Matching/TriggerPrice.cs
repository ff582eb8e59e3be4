using System.Globalization;

namespace KrakenBot.Sandbox.Matching;

/// <summary>
/// A price of a triggered order as Kraken takes it: absolute (<c>65000.0</c>), or an offset from the last trade,
/// upward (<c>+</c>), downward (<c>-</c>) or away from the market for the order's side (<c>#</c>), in quote units or in
/// percent (<c>%</c> suffix). Kept exactly as given; written back in Kraken's descr format.
/// </summary>
internal readonly record struct TriggerPrice(char? Sign, decimal Value, bool IsPercent)
{
    public bool IsRelative => Sign is not null;

    public static bool TryParse(string? text, out TriggerPrice price)
    {
        price = default;
        if (string.IsNullOrEmpty(text) || text.Length > 32) return false;
        char? sign = text[0] is '+' or '-' or '#' ? text[0] : null;
        bool percent = text[^1] == '%';
        var number = text.AsSpan(sign is null ? 0 : 1, text.Length - (sign is null ? 0 : 1) - (percent ? 1 : 0));
        if (number.IsEmpty) return false;
        foreach (var c in number) if (c is not (>= '0' and <= '9' or '.')) return false;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0m) return false;
        if (percent && (sign is null || value >= 100m)) return false; // a percentage is an offset, below 100 %
        price = new TriggerPrice(sign, value, percent);
        return true;
    }

    /// <summary>The price it stands for now, from the last trade price (an absolute price is itself).</summary>
    public decimal Resolve(decimal last, Side side)
    {
        if (Sign is null) return Value;
        decimal offset = IsPercent ? last * Value / 100m : Value;
        bool up = Sign switch { '+' => true, '-' => false, _ => side == Side.Buy };
        return up ? last + offset : Math.Max(last - offset, 0m);
    }

    /// <summary>Kraken's descr text: <c>+50.0000%</c>, <c>-500.0</c>, <c>65000.0</c>.</summary>
    public string Format(int priceDecimals) =>
        (Sign is { } s ? s.ToString() : "") + Money.Format(Value, IsPercent ? 4 : priceDecimals) + (IsPercent ? "%" : "");

    /// <summary>The v2 executions <c>price_type</c>: <c>static</c>, <c>pct</c> or <c>quote</c>.</summary>
    public string WireType => Sign is null ? "static" : IsPercent ? "pct" : "quote";
}
