using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// Two bots on one key, each started from a data directory of its own (as on two machines) with one PostgreSQL journal
/// (<c>--journal</c>): <c>fleet status</c> from a third process lists both with their own orders; each stops with its
/// own orders cancelled and the other's left alone.
/// </summary>
public sealed class FleetCommandTests : IAsyncLifetime
{
    private const string BotKey = "fleet-cli-trader";
    private const string MakerKey = "fleet-cli-maker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-fleet-cli-test-secret-0123456789"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // exchange, market, bid_spread, ask_spread, order_refresh_time, order_amount, ping_pong
    private const string Answers = "kraken\nBTC-USD\n0.01\n0.01\n1\n0.01\nno\n";

    private SandboxHost? _sandbox;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "krakenbot-fleet-tests", Guid.NewGuid().ToString("N"));

    private SandboxHost Sandbox => _sandbox!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        var balances = new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 5m };
        _sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Accounts =
            [
                new SandboxAccount { ApiKey = BotKey, ApiSecret = Secret, Balances = balances },
                new SandboxAccount { ApiKey = MakerKey, ApiSecret = Secret, Balances = balances },
            ],
            MarketActivity = false,
            Tier = AccountTier.Pro,
        });
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [PostgresFact]
    public async Task Two_bots_on_one_key_share_a_postgres_journal_fleet_status_lists_each_with_its_own_orders_and_each_stops_alone()
    {
        await using var schema = new TestPostgresSchema();
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));

        string machineA = Path.Combine(_root, "a"), machineB = Path.Combine(_root, "b");
        string configA = await CreateConfigAsync(machineA, "fleet_a"), configB = await CreateConfigAsync(machineB, "fleet_b");
        using var botA = CliProcess.Start([.. Endpoint(machineA, schema.Journal), "start", "--config", configA, "--headless"], Env());
        using var botB = CliProcess.Start([.. Endpoint(machineB, schema.Journal), "start", "--config", configB, "--headless"], Env());

        var both = await UntilFleetAsync(schema.Journal, bots => bots.Count == 2 && bots.All(b => b.GetProperty("status").GetString() == "running"
            && b.GetProperty("open_orders").GetArrayLength() == 2), [botA, botB]);
        Assert.Equal(["fleet_a", "fleet_b"], both.Select(b => b.GetProperty("id").GetString()!));
        Assert.All(both, b => Assert.Equal("BTC-USD", b.GetProperty("pair").GetString()));
        var ordersA = OpenOrders(both[0]);
        var ordersB = OpenOrders(both[1]);
        Assert.Empty(ordersA.Intersect(ordersB)); // every order owned by exactly one bot

        // The table names both bots too.
        var table = await CliProcess.RunAsync([.. Endpoint(_root, schema.Journal), "fleet", "status"], null, Env());
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("fleet_a", table.StdOut);
        Assert.Contains("fleet_b", table.StdOut);

        // A stops: its orders are cancelled, B keeps quoting with the same two orders.
        var stop = await CliProcess.RunAsync([.. Endpoint(machineA, schema.Journal), "stop", "--bot", "fleet_a"], null, Env());
        Assert.True(stop.ExitCode == 0, stop.ToString());
        var endedA = await botA.WaitAsync(Patience);
        Assert.True(endedA.ExitCode == 0, endedA.ToString());
        var afterStop = await UntilFleetAsync(schema.Journal, bots => bots[0].GetProperty("status").GetString() == "stopped"
            && bots[0].GetProperty("open_orders").GetArrayLength() == 0, [botB]);
        Assert.Equal("running", afterStop[1].GetProperty("status").GetString());
        Assert.Equal(ordersB, OpenOrders(afterStop[1]));

        var stopB = await CliProcess.RunAsync([.. Endpoint(machineB, schema.Journal), "stop", "--bot", "fleet_b"], null, Env());
        Assert.True(stopB.ExitCode == 0, stopB.ToString());
        var endedB = await botB.WaitAsync(Patience);
        Assert.True(endedB.ExitCode == 0, endedB.ToString());
        Assert.DoesNotContain("Invalid nonce", endedA.StdErr + endedB.StdErr);
        Assert.DoesNotContain("Rate limit exceeded", endedA.StdErr + endedB.StdErr);
    }

    private string[] Endpoint(string dataDir, string journal) =>
        ["--rest-url", Sandbox.RestUri.GetLeftPart(UriPartial.Authority), "--ws-url", Sandbox.WebSocketUri.ToString(),
         "--ws-auth-url", Sandbox.WebSocketAuthUri.ToString(), "--data-dir", dataDir, "--journal", journal];

    private static Dictionary<string, string> Env() => new() { ["KRAKEN_API_KEY"] = BotKey, ["KRAKEN_API_SECRET"] = Secret };

    private async Task<string> CreateConfigAsync(string dataDir, string id)
    {
        Directory.CreateDirectory(dataDir);
        string config = Path.Combine(dataDir, id + ".yml");
        var created = await CliProcess.RunAsync(["--data-dir", dataDir, "create", "pmm", "--out", config], Answers, Env());
        Assert.True(created.ExitCode == 0, created.ToString());
        return config;
    }

    private static List<string> OpenOrders(JsonElement bot) =>
        bot.GetProperty("open_orders").EnumerateArray().Select(o => o.GetString()!).Order(StringComparer.Ordinal).ToList();

    private async Task<List<JsonElement>> UntilFleetAsync(string journal, Func<List<JsonElement>, bool> done, RunningCli[] running)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            foreach (var bot in running)
            {
                if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"a bot exited: {await bot.WaitAsync(Patience)}");
            }

            var result = await CliProcess.RunAsync([.. Endpoint(_root, journal), "fleet", "status", "-o", "json"], null, Env());
            last = result.ToString();
            if (result.ExitCode == 0)
            {
                var bots = result.Json().GetProperty("bots").EnumerateArray().Select(b => b.Clone()).ToList();
                if (done(bots)) return bots;
            }

            await Task.Delay(300);
        }

        throw new Xunit.Sdk.XunitException($"'fleet status' never showed what was waited for; last:\n{last}");
    }

    private static async Task<JsonElement> Expect(Task<JsonElement> call)
    {
        var reply = await call;
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
        return reply;
    }
}
