using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// One sandbox per test class on 127.0.0.1 with market activity, and a scratch data directory. Accounts: a full key,
/// a key that may only query funds, and a key that lacks order placement.
/// </summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    public const string GoodKey = "cli-test-good";
    public const string FundsOnlyKey = "cli-test-funds-only";
    public const string NoTradingKey = "cli-test-no-trading";
    public static readonly string GoodSecret = Secret("good");
    public static readonly string FundsOnlySecret = Secret("funds");
    public static readonly string NoTradingSecret = Secret("notrade");

    /// <summary>Extra full keys: a key's nonces live in one data directory, so tests that need fresh directories take a key each.</summary>
    public const int SpareKeys = 4;

    public static string SpareKey(int i) => $"cli-test-spare-{i}";

    private SandboxHost? _host;

    public SandboxHost Host => _host ?? throw new InvalidOperationException("not started");
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "krakenbot-cli-tests", Guid.NewGuid().ToString("N"));
    public string RestUrl => Host.RestUri.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        var balances = new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 5m, ["ETH"] = 50m };
        _host = await SandboxHost.StartAsync(new SandboxOptions
        {
            Accounts =
            [
                new SandboxAccount { ApiKey = GoodKey, ApiSecret = GoodSecret, Balances = balances },
                .. Enumerable.Range(1, SpareKeys).Select(i => new SandboxAccount { ApiKey = SpareKey(i), ApiSecret = GoodSecret, Balances = balances }),
                new SandboxAccount { ApiKey = FundsOnlyKey, ApiSecret = FundsOnlySecret, Permissions = ApiPermissions.QueryFunds, Balances = balances },
                new SandboxAccount
                {
                    ApiKey = NoTradingKey, ApiSecret = NoTradingSecret, Balances = balances,
                    Permissions = ApiPermissions.All & ~(ApiPermissions.ModifyTrades | ApiPermissions.CloseTrades),
                },
            ],
            MarketActivity = true,
            MarketActivityInterval = TimeSpan.FromMilliseconds(20),
            Tier = AccountTier.Pro,
        });
        await UntilTradedAsync("XBTUSD", "ETHUSD");
    }

    /// <summary>
    /// Tests read recent trades and candles, so they start once the synthetic traders have traded on these pairs (the
    /// books are two-sided from the start); on a loaded machine that can take a while.
    /// </summary>
    private async Task UntilTradedAsync(params string[] pairs)
    {
        using var http = new HttpClient { BaseAddress = Host.RestUri };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        foreach (var pair in pairs)
        {
            while (true)
            {
                using var reply = JsonDocument.Parse(await http.GetStringAsync($"/0/public/Trades?pair={pair}"));
                if (reply.RootElement.GetProperty("result").EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0)) break;
                if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"The sandbox's synthetic market has not traded {pair} yet.");
                await Task.Delay(20);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }

    /// <summary>Global options that point the kraken connector at this sandbox.</summary>
    public string[] Endpoint(string? dataDir = null) =>
        ["--rest-url", RestUrl, "--ws-url", Host.WebSocketUri.ToString(), "--ws-auth-url", Host.WebSocketAuthUri.ToString(), "--data-dir", dataDir ?? DataDir];

    /// <summary>Environment with the full key (how scripts give credentials).</summary>
    public static Dictionary<string, string> GoodKeyEnv() => new() { ["KRAKEN_API_KEY"] = GoodKey, ["KRAKEN_API_SECRET"] = GoodSecret };

    public Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync([.. Endpoint(), .. args], null, GoodKeyEnv());

    public string NewDataDir()
    {
        var dir = Path.Combine(DataDir, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Secret(string seed) => Convert.ToBase64String(Encoding.ASCII.GetBytes($"krakenbot-cli-test-secret-{seed}-0123456789"));
}
