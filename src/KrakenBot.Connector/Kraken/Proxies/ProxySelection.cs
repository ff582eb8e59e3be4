using System.Net;

namespace KrakenBot.Connector.Kraken.Proxies;

/// <summary>
/// The one place that decides which HTTP proxy the connector's traffic takes, REST and WebSockets alike: the proxy of the
/// options when one is set, else the system's, <see cref="HttpClient.DefaultProxy"/> (on Linux and macOS it reads
/// <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c>, <c>ALL_PROXY</c> and <c>NO_PROXY</c>), which is what a plain
/// <see cref="HttpClient"/> and the <c>ClientWebSocket</c> the connector used before honour.
/// </summary>
internal static class ProxySelection
{
    /// <summary>The proxy in effect: <paramref name="configured"/>, else the system's.</summary>
    public static IWebProxy Effective(IWebProxy? configured) => configured ?? HttpClient.DefaultProxy;

    /// <summary>
    /// The HTTP client of the REST API: over <paramref name="handler"/> as given (it carries its own proxy settings, and is
    /// not disposed with the client), else over a handler of its own that uses <see cref="Effective"/>.
    /// </summary>
    public static HttpClient CreateHttpClient(HttpMessageHandler? handler, IWebProxy? configured) => handler is null
        ? new HttpClient(new SocketsHttpHandler { Proxy = Effective(configured), UseProxy = true }, disposeHandler: true)
        : new HttpClient(handler, disposeHandler: false);

    /// <summary>
    /// The proxy to tunnel a WebSocket to <paramref name="webSocketUri"/> through, or null to connect directly (no proxy,
    /// or the host is on the bypass list, <c>NO_PROXY</c>). The proxy is asked as for the matching HTTP URL, <c>ws</c> as
    /// <c>http</c> and <c>wss</c> as <c>https</c>, as <c>ClientWebSocket</c> does, so that <c>HTTP_PROXY</c> and
    /// <c>HTTPS_PROXY</c> mean for the sockets what they mean for REST.
    /// </summary>
    public static Uri? ForWebSocket(IWebProxy proxy, Uri webSocketUri)
    {
        var asHttp = new UriBuilder(webSocketUri) { Scheme = webSocketUri.Scheme == "wss" ? Uri.UriSchemeHttps : Uri.UriSchemeHttp }.Uri;
        if (proxy.IsBypassed(asHttp)) return null;
        Uri? proxyUri = proxy.GetProxy(asHttp);
        // A WebProxy without an address answers with the destination itself: no proxy.
        return proxyUri is null || proxyUri == asHttp ? null : proxyUri;
    }

    /// <summary>The user name and password to give <paramref name="proxyUri"/> (Basic), or null when there are none.</summary>
    public static NetworkCredential? CredentialsFor(IWebProxy proxy, Uri proxyUri) =>
        proxy.Credentials?.GetCredential(proxyUri, "Basic") is { UserName.Length: > 0 } credential ? credential : null;

    /// <summary>How messages name a proxy: scheme, host and port, never the user information a proxy URL may carry.</summary>
    public static string Describe(Uri proxyUri) => $"{proxyUri.Scheme}://{proxyUri.Host}:{proxyUri.Port}";
}
