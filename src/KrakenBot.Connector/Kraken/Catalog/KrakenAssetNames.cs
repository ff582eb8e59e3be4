namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>
/// Kraken's documented renames from an asset's REST altname to its common (WS v2) name (API.md §9): <c>XBT</c> is
/// <c>BTC</c> and <c>XDG</c> is <c>DOGE</c>. Every other altname is already the common name. This is a fixed table on
/// purpose: stripping X/Z prefixes by rule breaks real codes such as <c>XTZ</c>, <c>XRP</c> or <c>ZEC</c>.
/// </summary>
internal static class KrakenAssetNames
{
    private static readonly Dictionary<string, string> AltNameToCommon = new(StringComparer.Ordinal)
    {
        ["XBT"] = "BTC",
        ["XDG"] = "DOGE",
    };

    public static string CommonNameOf(string altName) =>
        AltNameToCommon.TryGetValue(altName, out var common) ? common : altName;
}
