using KrakenBot.Connector.Trading;

namespace KrakenBot.Connector.Kraken.Catalog;

/// <summary>Every name of one Kraken pair, its assets and its trading rule.</summary>
internal sealed class MarketPair
{
    internal MarketPair(KrakenPair source, MarketAsset @base, MarketAsset quote, TradingPair pair, TradingRule rule)
    {
        Source = source;
        Base = @base;
        Quote = quote;
        Pair = pair;
        Rule = rule;
        Symbol = $"{@base.CommonName}/{quote.CommonName}";
    }

    /// <summary>REST pair id (the key of AssetPairs results), e.g. <c>XXBTZUSD</c>, <c>SOLUSD</c>.</summary>
    public string Id => Source.Id;

    /// <summary>Alternate name, e.g. <c>XBTUSD</c> (REST order descriptions use it).</summary>
    public string AltName => Source.AltName;

    /// <summary>WS v1 name, e.g. <c>XBT/USD</c>; null when Kraken sends none.</summary>
    public string? WsName => Source.WsName;

    /// <summary>WS v2 symbol, e.g. <c>BTC/USD</c>.</summary>
    public string Symbol { get; }

    /// <summary>Exchange-agnostic pair, shown as <c>BTC-USD</c>.</summary>
    public TradingPair Pair { get; }

    /// <summary>Display name, e.g. <c>BTC-USD</c>.</summary>
    public string DisplayName => Pair.ToString();

    /// <summary>The base asset.</summary>
    public MarketAsset Base { get; }

    /// <summary>The quote asset.</summary>
    public MarketAsset Quote { get; }

    /// <summary>Tick, lot, minimums, status and fees.</summary>
    public TradingRule Rule { get; }

    /// <summary>The entry exactly as Kraken sent it.</summary>
    internal KrakenPair Source { get; }

    /// <summary>E.g. <c>BTC-USD (XXBTZUSD, XBTUSD, XBT/USD, BTC/USD)</c>.</summary>
    public override string ToString() => $"{DisplayName} ({Id}, {AltName}, {WsName ?? "-"}, {Symbol})";
}
