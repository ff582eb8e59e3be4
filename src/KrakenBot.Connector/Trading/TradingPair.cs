using System.Diagnostics.CodeAnalysis;

namespace KrakenBot.Connector.Trading;

/// <summary>
/// A market in exchange-agnostic form: base and quote asset by their common names (<c>BTC</c>, not <c>XBT</c> or
/// <c>XXBT</c>). Shown and parsed as <c>BTC-USD</c>. Asset codes are kept as given (case included: some tokenized
/// assets are mixed-case); the markets catalog does case-insensitive lookups where that is unambiguous.
/// </summary>
public sealed record TradingPair
{
    /// <summary>The separator between base and quote in the display name.</summary>
    public const char Separator = '-';

    /// <summary>Creates a pair from two asset codes.</summary>
    /// <exception cref="ArgumentException">An asset code is empty, holds whitespace, '-' or '/', or both are the same.</exception>
    public TradingPair(string @base, string quote)
    {
        Base = CheckAsset(@base, "base");
        Quote = CheckAsset(quote, "quote");
        if (string.Equals(Base, Quote, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"A pair needs two different assets; got '{Base}' as both base and quote.", nameof(quote));
        }
    }

    /// <summary>The asset bought or sold, e.g. <c>BTC</c>.</summary>
    public string Base { get; }

    /// <summary>The asset prices are quoted in, e.g. <c>USD</c>.</summary>
    public string Quote { get; }

    /// <summary>The display name, e.g. <c>BTC-USD</c>.</summary>
    public override string ToString() => $"{Base}{Separator}{Quote}";

    /// <summary>Parses a display name such as <c>BTC-USD</c>.</summary>
    /// <exception cref="FormatException">The text is not <c>BASE-QUOTE</c>.</exception>
    public static TradingPair Parse(string text)
    {
        if (TryParse(text, out var pair))
        {
            return pair;
        }

        throw new FormatException(
            $"'{text}' is not a trading pair: write it as BASE{Separator}QUOTE, e.g. BTC{Separator}USD.");
    }

    /// <summary>Parses a display name such as <c>BTC-USD</c>; false when the text is not <c>BASE-QUOTE</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TradingPair? pair)
    {
        pair = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int separator = text.IndexOf(Separator);
        if (separator <= 0 || separator == text.Length - 1 || text.IndexOf(Separator, separator + 1) >= 0)
        {
            return false;
        }

        string @base = text[..separator];
        string quote = text[(separator + 1)..];
        if (!IsValidAsset(@base) || !IsValidAsset(quote) || string.Equals(@base, quote, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        pair = new TradingPair(@base, quote);
        return true;
    }

    private static string CheckAsset(string asset, string role)
    {
        if (!IsValidAsset(asset))
        {
            throw new ArgumentException(
                $"The {role} asset '{asset}' is not a valid asset code: it must be non-empty, without spaces, '-' or '/'.",
                role);
        }

        return asset;
    }

    private static bool IsValidAsset(string? asset)
    {
        if (string.IsNullOrEmpty(asset))
        {
            return false;
        }

        foreach (char c in asset)
        {
            if (char.IsWhiteSpace(c) || c == Separator || c == '/')
            {
                return false;
            }
        }

        return true;
    }
}
