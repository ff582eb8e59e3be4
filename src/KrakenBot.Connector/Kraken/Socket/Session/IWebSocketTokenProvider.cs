namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>
/// Supplies the token for Kraken's private WebSocket (REST <c>GetWebSocketsToken</c>). Called once on every
/// connect: a token is only valid for about 15 minutes unless used, so reusing one after an outage fails.
/// </summary>
internal interface IWebSocketTokenProvider
{
    /// <summary>Gets a fresh token. Never log or print it.</summary>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
