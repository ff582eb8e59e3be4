namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>Every name of one Kraken asset, and its precision.</summary>
internal sealed class MarketAsset
{
    internal MarketAsset(KrakenAsset source, string commonName)
    {
        Source = source;
        CommonName = commonName;
    }

    /// <summary>REST asset id, e.g. <c>XXBT</c>, <c>ZUSD</c>, <c>SOL</c> (balances and ledgers use it).</summary>
    public string Id => Source.Id;

    /// <summary>Alternate name, e.g. <c>XBT</c>, <c>USD</c>.</summary>
    public string AltName => Source.AltName;

    /// <summary>Common name, used by WS v2 and by <see cref="Trading.TradingPair"/>: e.g. <c>BTC</c>, <c>DOGE</c>, <c>USD</c>.</summary>
    public string CommonName { get; }

    /// <summary>Decimals Kraken keeps for balances of this asset.</summary>
    public int Decimals => Source.Decimals;

    /// <summary>Decimals Kraken shows to people.</summary>
    public int DisplayDecimals => Source.DisplayDecimals;

    /// <summary>The entry exactly as Kraken sent it.</summary>
    internal KrakenAsset Source { get; }

    /// <summary>E.g. <c>BTC (XXBT, XBT)</c>.</summary>
    public override string ToString() => $"{CommonName} ({Id}, {AltName})";
}
