using KrakenBot.Sandbox.Market;

namespace KrakenBot.Sandbox.Api.Rest;

/// <summary>
/// Under which name Kraken's pair-keyed public replies (AssetPairs, Ticker, Depth, OHLC, Spread,
/// Trades) answer a pair: the REST pair id (<c>XXBTZUSD</c>) when the request named the pair by id
/// or altname (<c>XBTUSD</c>), and the name exactly as sent when it used a slash form (WS v1
/// <c>XBT/USD</c> or v2 <c>BTC/USD</c>). See the sandbox README for the evidence and assumptions.
/// </summary>
internal static class PairKeys
{
    /// <summary>The result key for <paramref name="pair"/> requested as <paramref name="requestedName"/>.</summary>
    public static string For(string requestedName, PairInfo pair) => requestedName.Contains('/') ? requestedName : pair.Id;
}
