using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// The system proxy as users set it, in the environment of the built CLI (<c>HTTP_PROXY</c>, <c>NO_PROXY</c>): REST and
/// the WebSocket go through the proxy it names, or straight to a host that <c>NO_PROXY</c> lists.
/// </summary>
public sealed class ProxyEnvironmentTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static Dictionary<string, string> ProxyEnv(Uri proxy, string noProxy)
    {
        var env = SandboxFixture.GoodKeyEnv();
        env["HTTP_PROXY"] = env["http_proxy"] = proxy.ToString();
        env["NO_PROXY"] = env["no_proxy"] = noProxy;
        return env;
    }

    private Task<CliResult> WatchOneBookUpdateAsync(Dictionary<string, string> env) =>
        CliProcess.RunAsync([.. sandbox.Endpoint(), "book", "BTC-USD", "--watch", "--updates", "1", "--depth", "2", "-o", "json"], null, env);

    [Fact]
    public async Task Rest_and_the_socket_go_through_the_proxy_HTTP_PROXY_names()
    {
        using var proxy = new LoopbackHttpProxy();

        var result = await WatchOneBookUpdateAsync(ProxyEnv(proxy.Uri, noProxy: "example.invalid"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = proxy.RequestLines;
        Assert.Contains(lines, l => l.StartsWith($"GET {sandbox.RestUrl}/0/public/", StringComparison.Ordinal));
        Assert.Contains($"CONNECT {sandbox.Host.WebSocketUri.Host}:{sandbox.Host.WebSocketUri.Port} HTTP/1.1", lines);
    }

    [Fact]
    public async Task A_host_NO_PROXY_lists_is_reached_directly()
    {
        using var proxy = new LoopbackHttpProxy();

        var result = await WatchOneBookUpdateAsync(ProxyEnv(proxy.Uri, noProxy: "localhost,127.0.0.1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, proxy.ConnectionCount);
    }
}
