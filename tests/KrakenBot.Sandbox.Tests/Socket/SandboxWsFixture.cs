using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Matching;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>
/// A sandbox host on 127.0.0.1 (port 0) with a fake clock and two funded accounts, plus helpers
/// to connect WebSocket clients and get a token the way a client would (signed REST call).
/// </summary>
internal sealed class SandboxWsFixture : IAsyncDisposable
{
    public const string Key = "ws-test-key";
    public const string OtherKey = "ws-other-key";
    public static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("sandbox websocket test secret 0123456789"));

    private readonly HttpClient _http = new();
    private long _nonce = 1_700_000_000_000;

    private SandboxWsFixture(SandboxHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
    }

    public SandboxHost Host { get; }
    public FakeTimeProvider Clock { get; }
    public ExchangeEngine Exchange => Host.Exchange;

    public static async Task<SandboxWsFixture> StartAsync(ApiPermissions permissions = ApiPermissions.All, bool marketActivity = false)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        var host = await SandboxHost.StartAsync(new SandboxOptions
        {
            TimeProvider = clock,
            Tier = AccountTier.Pro,
            MarketActivity = marketActivity,
            Accounts =
            [
                new SandboxAccount { ApiKey = Key, ApiSecret = Secret, Permissions = permissions, Balances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 100m, ["DOGE"] = 1_000_000m } },
                new SandboxAccount { ApiKey = OtherKey, ApiSecret = Secret, Balances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 100m, ["DOGE"] = 1_000_000m } },
            ],
        });
        return new SandboxWsFixture(host, clock);
    }

    public Account Account(string key = Key)
    {
        Assert.True(Exchange.Accounts.TryGetByKey(key, out var account));
        return account;
    }

    public Task<WsTestClient> PublicAsync() => WsTestClient.ConnectAsync(Host.WebSocketUri);

    public Task<WsTestClient> PrivateAsync() => WsTestClient.ConnectAsync(Host.WebSocketAuthUri);

    /// <summary>A token from REST GetWebSocketsToken, signed by the test's own signer, as a client gets one.</summary>
    public async Task<string> TokenAsync(string key = Key)
    {
        var nonce = (++_nonce).ToString(CultureInfo.InvariantCulture);
        var body = "nonce=" + nonce;
        const string path = "/0/private/GetWebSocketsToken";
        var signature = Rest.TestSigner.Sign(Secret, path, nonce, body);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Host.RestUri, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("API-Key", key);
        request.Headers.Add("API-Sign", signature);
        using var response = await _http.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0, json.RootElement.GetProperty("error").GetArrayLength());
        return json.RootElement.GetProperty("result").GetProperty("token").GetString()!;
    }

    public async Task<JsonDocument> RestGetAsync(string pathAndQuery)
    {
        var text = await _http.GetStringAsync(new Uri(Host.RestUri, pathAndQuery));
        return JsonDocument.Parse(text);
    }

    /// <summary>Places a limit order straight on the engine (as another participant would).</summary>
    public OrderResult Limit(Account account, Side side, decimal volume, decimal price, string symbol = "BTC/USD")
    {
        Assert.True(Exchange.Markets.TryGetPair(symbol, out var pair));
        return Exchange.Engine(pair).Submit(new OrderRequest { Account = account, Side = side, Kind = OrderKind.Limit, Volume = volume, LimitPrice = price });
    }

    public OrderResult Market(Account account, Side side, decimal volume, string symbol = "BTC/USD")
    {
        Assert.True(Exchange.Markets.TryGetPair(symbol, out var pair));
        return Exchange.Engine(pair).Submit(new OrderRequest { Account = account, Side = side, Kind = OrderKind.Market, Volume = volume });
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Host.DisposeAsync();
    }
}
