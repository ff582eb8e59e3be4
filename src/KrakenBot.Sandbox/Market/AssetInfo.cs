namespace KrakenBot.Sandbox.Market;

/// <summary>An asset as Kraken lists it: REST id (<c>XXBT</c>), altname (<c>XBT</c>) and WS v2 name (<c>BTC</c>).</summary>
internal sealed class AssetInfo
{
    public AssetInfo(int index, string id, string altName, string wsName, int decimals, int displayDecimals)
    {
        Index = index;
        Id = id;
        AltName = altName;
        WsName = wsName;
        Decimals = decimals;
        DisplayDecimals = displayDecimals;
    }

    /// <summary>Dense index used by accounts to keep balances in an array.</summary>
    public int Index { get; }
    public string Id { get; }
    public string AltName { get; }
    public string WsName { get; }
    public int Decimals { get; }
    public int DisplayDecimals { get; }
    public string Status { get; init; } = "enabled";
    public decimal CollateralValue { get; init; }

    public override string ToString() => Id;
}
