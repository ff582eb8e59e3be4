using KrakenBot.Connector.Kraken.Catalog;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Cli.Output;

/// <summary>
/// Amounts and prices in tables as Kraken shows them to people, from its own <c>Assets</c> and <c>AssetPairs</c>:
/// an amount of an asset (balance, cost, fee) at the asset's <c>display_decimals</c>, a price at the pair's
/// <c>pair_decimals</c>, an order's or a trade's volume at the pair's <c>lot_decimals</c> (the precision orders are
/// placed in, so no digit of an order is hidden). JSON output never comes through here: it keeps every digit.
/// </summary>
/// <remarks>
/// Balances (total, available, held) are truncated toward zero, so a table never shows more than exists or is free to
/// use. Everything else (prices, averages, costs, fees, volumes) is rounded to the nearest, halves away from zero.
/// An asset or pair the catalog does not know, or no catalog at all (offline), shows the exact value without the
/// trailing zeros of its scale.
/// </remarks>
internal sealed class DisplayFormat(MarketCatalog? catalog)
{
    /// <summary>No catalog: exact values, trailing zeros dropped.</summary>
    public static DisplayFormat Exact { get; } = new(null);

    /// <summary>A balance figure of <paramref name="asset"/>, truncated toward zero.</summary>
    public string Holding(string asset, decimal value) =>
        Format(value, AssetDecimals(asset), MidpointRounding.ToZero);

    /// <summary>An amount of <paramref name="asset"/> (a cost or a fee), rounded to the nearest.</summary>
    public string Asset(string? asset, decimal? value) =>
        Format(value, asset is null ? null : AssetDecimals(asset), MidpointRounding.AwayFromZero);

    /// <summary>An amount of the quote asset of <paramref name="pair"/> (a trade's cost or fee).</summary>
    public string Cost(string? pair, decimal? value) =>
        Format(value, Pair(pair)?.Quote.DisplayDecimals, MidpointRounding.AwayFromZero);

    /// <summary>A price on <paramref name="pair"/> (any of its names).</summary>
    public string Price(string? pair, decimal? value) =>
        Format(value, Pair(pair)?.Rule.PriceDecimals, MidpointRounding.AwayFromZero);

    /// <summary>A volume in the base asset of <paramref name="pair"/> (any of its names).</summary>
    public string Volume(string? pair, decimal? value) =>
        Format(value, Pair(pair)?.Rule.AmountDecimals, MidpointRounding.AwayFromZero);

    /// <inheritdoc cref="Price(string?, decimal?)"/>
    public string Price(TradingPair pair, decimal? value) => Price(pair.ToString(), value);

    /// <inheritdoc cref="Volume(string?, decimal?)"/>
    public string Volume(TradingPair pair, decimal? value) => Volume(pair.ToString(), value);

    private int? AssetDecimals(string asset) => catalog is not null && catalog.TryGetAsset(asset, out var a) ? a.DisplayDecimals : null;

    private MarketPair? Pair(string? name) => name is not null && catalog is not null && catalog.TryGetPair(name, out var p) ? p : null;

    private static string Format(decimal? value, int? decimals, MidpointRounding rounding) => value switch
    {
        null => "-",
        { } v when decimals is { } d and >= 0 and <= 28 => Fmt.Fixed(v, d, rounding),
        { } v => Fmt.Trimmed(v),
    };
}
