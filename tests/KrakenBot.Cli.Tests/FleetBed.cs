using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// A fleet on one key, the way users run one: a quiet sandbox (the bots' key and a maker's), one PostgreSQL journal,
/// each bot from a data directory of its own (as on its own machine), started and stopped as processes, and
/// <c>fleet</c> commands from yet another directory.
/// </summary>
internal sealed class FleetBed : IAsyncDisposable
{
    public const string BotKey = "fleet-cli-trader";
    public const string MakerKey = "fleet-cli-maker";
    public static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-fleet-cli-test-secret-0123456789"));
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "krakenbot-fleet-tests", Guid.NewGuid().ToString("N"));

    private FleetBed(SandboxHost sandbox, TestPostgresSchema schema)
    {
        Sandbox = sandbox;
        Schema = schema;
        Directory.CreateDirectory(_root);
        Maker = new RawKrakenClient(sandbox.RestUri, MakerKey, Secret);
    }

    public SandboxHost Sandbox { get; }

    public TestPostgresSchema Schema { get; }

    public string Journal => Schema.Journal;

    /// <summary>Another trader on the venue (its own key): sets the book up and takes the bots' orders.</summary>
    public RawKrakenClient Maker { get; }

    public static async Task<FleetBed> StartAsync(Dictionary<string, decimal>? balances = null)
    {
        balances ??= new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 5m };
        var sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret, balances);
        return new FleetBed(sandbox, new TestPostgresSchema());
    }

    /// <summary>The data directory of one bot (its own "machine"), or of the fleet commands.</summary>
    public string Machine(string name)
    {
        string dir = Path.Combine(_root, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public string[] Endpoint(string dataDir) =>
        ["--rest-url", Sandbox.RestUri.GetLeftPart(UriPartial.Authority), "--ws-url", Sandbox.WebSocketUri.ToString(),
         "--ws-auth-url", Sandbox.WebSocketAuthUri.ToString(), "--data-dir", dataDir, "--journal", Journal];

    public static Dictionary<string, string> Env() => new() { ["KRAKEN_API_KEY"] = BotKey, ["KRAKEN_API_SECRET"] = Secret };

    /// <summary>
    /// Writes a pure market making config for <paramref name="market"/> in <paramref name="dataDir"/> with <c>create pmm</c>,
    /// then sets the extra <paramref name="settings"/> (YAML keys) in it.
    /// </summary>
    public static async Task<string> CreateConfigAsync(string dataDir, string id, string market = "BTC-USD", string amount = "0.01",
        params (string Key, string Value)[] settings)
    {
        string config = Path.Combine(dataDir, id + ".yml");
        // exchange, market, bid_spread, ask_spread, order_refresh_time, order_amount, ping_pong
        var created = await CliProcess.RunAsync(["--data-dir", dataDir, "create", "pmm", "--out", config],
            $"kraken\n{market}\n0.01\n0.01\n1\n{amount}\nno\n", Env());
        Assert.True(created.ExitCode == 0, created.ToString());
        string yaml = await File.ReadAllTextAsync(config);
        foreach (var (key, value) in settings)
        {
            var line = new Regex("^" + Regex.Escape(key) + ":.*$", RegexOptions.Multiline);
            yaml = line.IsMatch(yaml) ? line.Replace(yaml, $"{key}: {value}") : yaml.TrimEnd() + $"\n{key}: {value}\n";
        }

        await File.WriteAllTextAsync(config, yaml);
        return config;
    }

    public RunningCli StartBot(string dataDir, string config) =>
        CliProcess.Start([.. Endpoint(dataDir), "start", "--config", config, "--headless"], Env());

    public Task<CliResult> RunAsync(string dataDir, params string[] args) => CliProcess.RunAsync([.. Endpoint(dataDir), .. args], null, Env());

    /// <summary>Runs <c>fleet status -o json</c> until <paramref name="done"/> holds for its bots (every bot in <paramref name="running"/> must stay up).</summary>
    public async Task<List<JsonElement>> UntilFleetAsync(Func<List<JsonElement>, bool> done, params RunningCli[] running)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            foreach (var bot in running)
            {
                if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"a bot exited: {await bot.WaitAsync(Patience)}\n{BotLogs()}");
            }

            var result = await RunAsync(Machine("fleet"), "fleet", "status", "-o", "json");
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

    /// <summary>
    /// The last lines of every headless bot's log under this bed (<c>DATA_DIR/bots/ID/bot.log</c>): a bot that exits
    /// with an error writes its cause there, not to its console, and the directory is deleted with the bed.
    /// </summary>
    public string BotLogs()
    {
        var text = new StringBuilder();
        foreach (string log in Directory.EnumerateFiles(_root, "bot.log", SearchOption.AllDirectories))
        {
            text.AppendLine($"--- {Path.GetRelativePath(_root, log)} (last 60 lines)");
            using var reader = new StreamReader(new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
            foreach (string line in reader.ReadToEnd().Split('\n').TakeLast(60)) text.AppendLine(line);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Maker.Dispose();
        await Sandbox.DisposeAsync();
        await Schema.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
