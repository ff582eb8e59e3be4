using System.Net;
using System.Net.WebSockets;
using System.Text;
using KrakenBot.Connector.Kraken.Proxies;
using KrakenBot.Connector.Kraken.Socket.Transport;
using KrakenBot.Connector.Kraken.Socket.WebSockets;
using KrakenBot.Connector.Tests.Socket;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.Connector.Tests.WebSockets;

/// <summary>
/// The WebSocket client through an HTTP proxy (a <see cref="LoopbackHttpProxy"/> on 127.0.0.1): a <c>CONNECT</c> tunnel,
/// then the handshake (and TLS for <c>wss</c>) through it; refusals named; credentials sent, never shown; the bypass list.
/// </summary>
public sealed class WebSocketProxyTests
{
    private const string Message = """{"channel":"status","type":"update","data":[{"system":"online"}]}""";

    private static async Task<string> ReceiveTextAsync(WebSocket socket)
    {
        using var guard = new CancellationTokenSource(TestWait.Guard);
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer.AsMemory(), guard.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    private static async Task<WebSocket> ConnectAsync(IWebProxy proxy, Uri server, SocketTransportOptions? options = null)
    {
        using var guard = new CancellationTokenSource(TestWait.Guard);
        return await new KrakenWebSocketConnector(proxy).ConnectAsync(server, options ?? new SocketTransportOptions(), guard.Token);
    }

    private static string Authority(Uri uri) => $"{uri.Host}:{uri.Port}";

    [Fact]
    public async Task A_ws_connection_goes_through_a_CONNECT_tunnel_to_the_server()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        using var proxy = new LoopbackHttpProxy();

        using var socket = await ConnectAsync(new WebProxy(proxy.Uri), server.Uri);
        var connection = await server.NextConnectionAsync();
        await connection.SendAsync(Message);

        Assert.Equal(Message, await ReceiveTextAsync(socket));
        string request = Assert.Single(proxy.Requests);
        Assert.StartsWith($"CONNECT {Authority(server.Uri)} HTTP/1.1\r\n", request);
        Assert.Contains($"\r\nHost: {Authority(server.Uri)}\r\n", request);
        Assert.DoesNotContain("Proxy-Authorization", request);
        Assert.Equal(1, proxy.ConnectionCount);
    }

    [Fact]
    public async Task A_wss_connection_does_TLS_with_the_server_through_the_tunnel()
    {
        using var certificate = WebSocketTlsTests.SelfSigned();
        await using var server = await ScriptedKrakenServer.StartAsync(certificate: certificate);
        using var proxy = new LoopbackHttpProxy();
        var options = new SocketTransportOptions { RemoteCertificateValidation = WebSocketTlsTests.Pin(certificate) };

        using var socket = await ConnectAsync(new WebProxy(proxy.Uri), server.Uri, options);
        var connection = await server.NextConnectionAsync();
        await connection.SendAsync(Message);

        Assert.Equal(Message, await ReceiveTextAsync(socket));
        Assert.Equal($"CONNECT {Authority(server.Uri)} HTTP/1.1", Assert.Single(proxy.RequestLines));
    }

    [Theory]
    [InlineData("HTTP/1.1 403 Forbidden", HttpStatusCode.Forbidden, "do not allow this destination")]
    [InlineData("HTTP/1.1 502 Bad Gateway", HttpStatusCode.BadGateway, "could not reach the destination")]
    [InlineData("HTTP/1.0 407 Proxy Authentication Required", HttpStatusCode.ProxyAuthenticationRequired, "HTTPS_PROXY=http://user:password@host:port")]
    public async Task A_refused_tunnel_names_the_proxy_and_what_it_answered(string statusLine, HttpStatusCode status, string advice)
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        using var proxy = new LoopbackHttpProxy(refuse: _ => statusLine + "\r\nContent-Length: 0\r\n\r\n");

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(new WebProxy(proxy.Uri), server.Uri));

        Assert.Equal(HttpRequestError.ProxyTunnelError, ex.HttpRequestError);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains($"The proxy http://{Authority(proxy.Uri)} refused the tunnel to {Authority(server.Uri)}: '{statusLine}'", ex.Message);
        Assert.Contains(advice, ex.Message);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task The_proxy_credentials_are_sent_as_basic_proxy_authorization()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        string expected = "Proxy-Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("trader:pa55-wörd"));
        using var proxy = new LoopbackHttpProxy(refuse: head =>
            head.Contains("\r\n" + expected + "\r\n", StringComparison.Ordinal) ? null : "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
        var withCredentials = new WebProxy(proxy.Uri) { Credentials = new NetworkCredential("trader", "pa55-wörd") };

        using var socket = await ConnectAsync(withCredentials, server.Uri);
        var connection = await server.NextConnectionAsync();
        await connection.SendAsync(Message);

        Assert.Equal(Message, await ReceiveTextAsync(socket));
        Assert.Contains(expected, Assert.Single(proxy.Requests));
    }

    [Fact]
    public async Task Refused_credentials_are_reported_without_showing_them()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        using var proxy = new LoopbackHttpProxy(refuse: _ => "HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
        var withCredentials = new WebProxy(proxy.Uri) { Credentials = new NetworkCredential("trader", "wrong-secret") };

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(withCredentials, server.Uri));

        Assert.Equal(HttpStatusCode.ProxyAuthenticationRequired, ex.StatusCode);
        Assert.Contains("did not accept the user name and password given for it", ex.Message);
        Assert.Contains("Proxy-Authorization: Basic", Assert.Single(proxy.Requests));
        foreach (string secret in new[] { "trader", "wrong-secret", Convert.ToBase64String(Encoding.UTF8.GetBytes("trader:wrong-secret")) })
            Assert.DoesNotContain(secret, ex.ToString());
    }

    [Fact]
    public async Task A_host_on_the_bypass_list_is_reached_directly()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        using var proxy = new LoopbackHttpProxy();
        var bypassing = new WebProxy(proxy.Uri, BypassOnLocal: false, BypassList: [@"127\.0\.0\.1"]);

        using var socket = await ConnectAsync(bypassing, server.Uri);
        var connection = await server.NextConnectionAsync();
        await connection.SendAsync(Message);

        Assert.Equal(Message, await ReceiveTextAsync(socket));
        Assert.Equal(0, proxy.ConnectionCount);
    }

    [Fact]
    public async Task A_proxy_that_cannot_be_reached_is_named()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();
        Uri closed;
        using (var gone = new LoopbackHttpProxy()) closed = gone.Uri;

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(new WebProxy(closed), server.Uri));

        Assert.Equal(HttpRequestError.ConnectionError, ex.HttpRequestError);
        Assert.Contains($"The proxy http://{Authority(closed)} (for 127.0.0.1) could not be reached", ex.Message);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public async Task A_proxy_that_is_not_HTTP_is_refused_with_what_to_do()
    {
        await using var server = await ScriptedKrakenServer.StartAsync();

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => ConnectAsync(new WebProxy("socks5://127.0.0.1:1080"), server.Uri));

        Assert.Contains("socks5://127.0.0.1:1080", ex.Message);
        Assert.Contains("HTTP proxies only", ex.Message);
        Assert.Equal(0, server.ConnectionCount);
    }

    [Fact]
    public void The_proxy_is_asked_about_ws_as_http_and_wss_as_https_and_defaults_to_the_system_one()
    {
        var asked = new RecordingProxy();

        Assert.Equal(asked.Address, ProxySelection.ForWebSocket(asked, new Uri("wss://ws.kraken.com/v2")));
        Assert.Equal(asked.Address, ProxySelection.ForWebSocket(asked, new Uri("ws://127.0.0.1:7070/v2")));

        Assert.Equal(["https://ws.kraken.com/v2", "http://127.0.0.1:7070/v2"], asked.Asked);
        Assert.Same(HttpClient.DefaultProxy, ProxySelection.Effective(null));
        Assert.Same(asked, ProxySelection.Effective(asked));
        Assert.Null(ProxySelection.ForWebSocket(new WebProxy(), new Uri("wss://ws.kraken.com/v2")));
    }

    [Fact]
    public void A_proxy_is_named_in_messages_without_the_user_information_of_its_url()
    {
        Assert.Equal("http://proxy.example:3128", ProxySelection.Describe(new Uri("http://trader:secret@proxy.example:3128/")));
    }

    private sealed class RecordingProxy : IWebProxy
    {
        public Uri Address { get; } = new("http://proxy.example:3128/");
        public List<string> Asked { get; } = [];
        public ICredentials? Credentials { get; set; }

        public Uri GetProxy(Uri destination)
        {
            Asked.Add(destination.ToString());
            return Address;
        }

        public bool IsBypassed(Uri host) => false;
    }
}
