namespace KrakenBot.Connector.Kraken.MarketData;

/// <summary>
/// Sees Kraken's public book and trade messages exactly as they arrive, before they are applied, and every place data
/// was lost (a recorder of market data implements it). Called on the socket's receive thread: keep it short.
/// </summary>
internal interface IMarketDataTap
{
    /// <summary>A <c>book</c> or <c>trade</c> message (<paramref name="channel"/>) of <paramref name="symbol"/>, as received.</summary>
    void OnMessage(string channel, string symbol, ReadOnlySpan<byte> utf8);

    /// <summary>
    /// Data was lost: <paramref name="symbol"/>'s book failed its checksum (a new snapshot follows), or, with a null
    /// symbol, the connection dropped (every book starts again from a snapshot).
    /// </summary>
    void OnGap(string? symbol, string reason);
}
