using KrakenBot.Connector.Kraken.Rest;
using KrakenBot.Connector.Kraken.Socket.Session;

namespace KrakenBot.Connector.Kraken.Socket.Session;

/// <summary>A fresh WebSocket token from REST <c>GetWebSocketsToken</c> on every connect (a token is never reused or logged).</summary>
internal sealed class RestWebSocketTokenProvider(KrakenRestClient rest) : IWebSocketTokenProvider
{
    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) =>
        (await rest.GetWebSocketsTokenAsync(cancellationToken).ConfigureAwait(false)).Token;
}
