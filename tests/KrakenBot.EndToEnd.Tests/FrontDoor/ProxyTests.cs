using System.Net;
using System.Security.Cryptography;
using KrakenBot.Connector;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.MarketData;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.FrontDoor;

/// <summary>
/// <see cref="KrakenConnectorOptions.Proxy"/> through the front door against the sandbox: REST and both WebSockets take
/// the one proxy (a <see cref="LoopbackHttpProxy"/>), REST as plain HTTP requests to it, the sockets as CONNECT tunnels.
/// </summary>
public sealed class ProxyTests
{
    private static string Authority(Uri uri) => $"{uri.Host}:{uri.Port}";

    [Fact]
    public async Task Market_data_takes_rest_and_the_socket_through_the_options_proxy()
    {
        await using var fixture = await SandboxMarketData.StartSandboxAsync();
        using var proxy = new LoopbackHttpProxy();
        var options = KrakenConnectorOptions.At(fixture.Host.RestUri, fixture.Host.WebSocketUri);
        options.Proxy = new WebProxy(proxy.Uri);

        await using var market = await new KrakenConnector(options).MarketDataAsync();
        var book = await market.WatchBookAsync("BTC/USD", 10);

        await fixture.AssertExactAsync(book, "XBTUSD");
        var lines = proxy.RequestLines;
        Assert.Contains(lines, l => l.StartsWith($"GET http://{Authority(fixture.Host.RestUri)}/0/public/AssetPairs", StringComparison.Ordinal));
        Assert.Contains($"CONNECT {Authority(fixture.Host.WebSocketUri)} HTTP/1.1", lines);
    }

    [Fact]
    public async Task A_live_account_takes_rest_and_both_sockets_through_the_options_proxy()
    {
        string key = "proxy-" + Guid.NewGuid().ToString("N"), secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Accounts = [new SandboxAccount { ApiKey = key, ApiSecret = secret, Balances = new Dictionary<string, decimal> { ["USD"] = 10_000m } }],
        });
        using var proxy = new LoopbackHttpProxy();
        var options = KrakenConnectorOptions.At(sandbox.RestUri, sandbox.WebSocketUri, sandbox.WebSocketAuthUri);
        options.Credentials = new KrakenCredentials(key, secret);
        options.JournalPath = Path.Combine(Directory.CreateTempSubdirectory("krakenbot-proxy").FullName, "journal.db");
        options.Proxy = new WebProxy(proxy.Uri);

        await using (var live = await new KrakenConnector(options).ConnectAsync())
        {
            string id = await live.PlaceOrderAsync(new OrderRequest(new TradingPair("BTC", "USD"), OrderSide.Buy, OrderType.Limit, 0.01m, 1_000m));
            await Wait.UntilAsync(() => Task.FromResult(live.GetOrder(id)?.State == OrderState.Open), "the order open");
        }

        var lines = proxy.RequestLines;
        Assert.Contains(lines, l => l.StartsWith($"POST http://{Authority(sandbox.RestUri)}/0/private/GetWebSocketsToken", StringComparison.Ordinal));
        Assert.Contains($"CONNECT {Authority(sandbox.WebSocketUri)} HTTP/1.1", lines);
        Assert.Contains($"CONNECT {Authority(sandbox.WebSocketAuthUri)} HTTP/1.1", lines);
    }
}
