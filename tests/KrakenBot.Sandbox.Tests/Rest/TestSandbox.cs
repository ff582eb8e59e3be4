using System.Net;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>A sandbox on 127.0.0.1:0 with a fake clock and a signed client per account.</summary>
internal sealed class TestSandbox : IAsyncDisposable
{
    public const string Key = "test-key";
    public const string Secret = "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

    private TestSandbox(SandboxHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Http = new HttpClient { BaseAddress = host.RestUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public SandboxHost Host { get; }
    public FakeTimeProvider Clock { get; }
    public HttpClient Http { get; }

    public static async Task<TestSandbox> StartAsync(
        AccountTier tier = AccountTier.Pro, IEnumerable<SandboxAccount>? accounts = null, string? dataDir = null,
        FakeTimeProvider? clock = null, bool marketActivity = false, string market = MarketPresets.Classic, int seed = 42)
    {
        clock ??= new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var host = await SandboxHost.StartAsync(new SandboxOptions
        {
            Port = 0,
            Tier = tier,
            TimeProvider = clock,
            DataDirectory = dataDir,
            MarketActivity = marketActivity,
            Market = market,
            Seed = seed,
            Accounts = accounts?.ToList() ?? [Account(Key, Secret)],
        });
        return new TestSandbox(host, clock);
    }

    public static SandboxAccount Account(string key, string secret, ApiPermissions permissions = ApiPermissions.All, decimal usd = 1_000_000m, decimal btc = 100m) => new()
    {
        ApiKey = key,
        ApiSecret = secret,
        Permissions = permissions,
        Balances = new Dictionary<string, decimal> { ["USD"] = usd, ["XBT"] = btc, ["ETH"] = 1000m },
    };

    private readonly Dictionary<(string, string), KrakenClient> _clients = [];

    /// <summary>One client per key and secret, so nonces keep increasing across calls.</summary>
    public KrakenClient Client(string key = Key, string secret = Secret)
    {
        lock (_clients)
        {
            if (!_clients.TryGetValue((key, secret), out var client)) _clients[(key, secret)] = client = new KrakenClient(Http, key, secret);
            return client;
        }
    }

    public async Task<JsonElement> Public(string method, string query = "")
    {
        var response = await Http.GetAsync($"/0/public/{method}{(query.Length > 0 ? "?" + query : "")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public async Task Admin(string pathAndQuery)
    {
        var response = await Http.PostAsync(pathAndQuery, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>A minimal signed Kraken REST client for tests: form or JSON bodies, increasing nonces.</summary>
internal sealed class KrakenClient(HttpClient http, string key, string secret)
{
    private long _nonce = 1_700_000_000_000;

    public long NextNonce() => Interlocked.Increment(ref _nonce);

    public async Task<JsonElement> Post(string method, params (string Name, string Value)[] fields)
    {
        var nonce = NextNonce().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = string.Join('&', new[] { ("nonce", nonce) }.Concat(fields)
            .Select(f => $"{Uri.EscapeDataString(f.Item1)}={Uri.EscapeDataString(f.Item2)}"));
        return await Send(method, nonce, body, "application/x-www-form-urlencoded");
    }

    public async Task<JsonElement> PostJson(string method, Dictionary<string, object> fields)
    {
        var nonce = NextNonce().ToString(System.Globalization.CultureInfo.InvariantCulture);
        fields["nonce"] = nonce;
        return await Send(method, nonce, JsonSerializer.Serialize(fields), "application/json");
    }

    public async Task<JsonElement> Send(string method, string nonce, string body, string contentType, string? signatureOverride = null)
    {
        var response = await SendRaw(method, nonce, body, contentType, signatureOverride);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public async Task<HttpResponseMessage> SendRaw(string method, string nonce, string body, string contentType, string? signatureOverride = null, CancellationToken ct = default)
    {
        var path = $"/0/private/{method}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.Add("API-Key", key);
        request.Headers.Add("API-Sign", signatureOverride ?? TestSigner.Sign(secret, path, nonce, body));
        return await http.SendAsync(request, ct);
    }
}

internal static class KrakenJson
{
    public static string[] Errors(this JsonElement e) => e.GetProperty("error").EnumerateArray().Select(x => x.GetString()!).ToArray();

    public static JsonElement Ok(this JsonElement e)
    {
        var errors = e.Errors();
        Assert.True(errors.Length == 0, "unexpected Kraken error: " + string.Join(", ", errors));
        return e.GetProperty("result");
    }

    public static string Error(this JsonElement e) => Assert.Single(e.Errors());

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public static decimal Dec(this JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
