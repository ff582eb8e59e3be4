using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;
using static KrakenBot.Tests.Shared.QuietSandbox;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// Editing a running bot's config file (issue 14 §5): a live-updatable parameter takes effect at once, by amending the
/// quotes in place; a parameter that is not, or a file that no longer loads, is refused with the reason in
/// <c>status</c> and the log, and the bot quotes on as it was.
/// </summary>
public sealed class ConfigReloadTests : IAsyncLifetime
{
    private const string BotKey = "reload-trader";
    private const string MakerKey = "reload-maker";
    private const string BotId = "reload";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-config-reload-test-secret-01234"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SandboxHost? _sandbox;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-reload-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var balances = new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 5m };
        _sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret, balances); // the maker holds the top of the book at 59990/60010: mid stays 60000, outside quotes come from the spreads
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_live_parameter_edited_in_the_file_moves_the_quotes_and_a_fixed_one_or_a_bad_file_is_refused_and_changes_nothing()
    {
        using var maker = new RawKrakenClient(_sandbox!.RestUri, MakerKey, Secret);
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59990"), ("volume", "1")));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60010"), ("volume", "1")));
        var bot = new BotDir(_sandbox, _dataDir, BotId, BotKey, Secret);
        string config = Path.Combine(_dataDir, "reload.yml");
        await WriteAsync(config, Config(bidSpread: "0.1"));

        using var running = bot.Start(config);
        var first = await bot.UntilStatusAsync(s => Prices(s) == "59940 60060", running, Patience);
        var ids = Ids(first);

        // bid_spread is live-updatable: the bid moves to 0.2 % under mid, amended in place (same orders)
        await WriteAsync(config, Config(bidSpread: "0.2"));
        var moved = await bot.UntilStatusAsync(s => Prices(s) == "59880 60060", running, Patience);
        Assert.Equal(ids, Ids(moved));
        var applied = moved.GetProperty("config_reload");
        Assert.True(applied.GetProperty("applied").GetBoolean());
        Assert.Contains("bid_spread:", applied.GetProperty("message").GetString());

        // hanging_orders_enabled is not: refused by name, quotes as they were
        await WriteAsync(config, Config(bidSpread: "0.3") + "hanging_orders_enabled: true\n");
        var refused = await bot.UntilStatusAsync(s => Reload(s) is { } r && !r.GetProperty("applied").GetBoolean(), running, Patience);
        Assert.Contains("hanging_orders_enabled cannot change while the strategy runs", Reload(refused)!.Value.GetProperty("message").GetString());

        // a value the file cannot hold: refused naming the parameter
        await WriteAsync(config, Config(bidSpread: "150"));
        var bad = await bot.UntilStatusAsync(s => Reload(s) is { } r && r.GetProperty("message").GetString()!.Contains("150"), running, Patience);
        Assert.False(Reload(bad)!.Value.GetProperty("applied").GetBoolean());
        Assert.Contains("bid_spread", Reload(bad)!.Value.GetProperty("message").GetString());
        Assert.Equal("59880 60060", Prices(bad));
        Assert.Equal(ids, Ids(bad));

        string log = await File.ReadAllTextAsync(Path.Combine(_dataDir, "bots", BotId, "bot.log"));
        Assert.Contains("changed but was not applied", log);

        var stop = await bot.RunAsync("stop", "--bot", BotId);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        var ended = await running.WaitAsync(Patience);
        Assert.True(ended.ExitCode == 0, ended.ToString());
    }

    // As an editor saves: a whole new file moved over the old one, so the bot never reads half of it.
    private static async Task WriteAsync(string path, string text)
    {
        string temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    private static string Config(string bidSpread) => $"""
        template_version: 24
        strategy: pure_market_making
        exchange: kraken
        market: BTC-USD
        bid_spread: {bidSpread}
        ask_spread: 0.1
        order_refresh_time: 1
        order_refresh_tolerance_pct: 0
        order_amount: 0.01
        dead_man_switch_timeout: 120

        """;

    private static JsonElement? Reload(JsonElement status) => status.TryGetProperty("config_reload", out var r) ? r : null;

    private static List<JsonElement> Quotes(JsonElement status) => [.. status.GetProperty("market_making").GetProperty("orders").EnumerateArray()];

    // The quotes' prices, low to high ("59940 60060").
    private static string Prices(JsonElement status) => string.Join(" ", Quotes(status)
        .Select(q => decimal.Parse(q.GetProperty("price").GetString()!, CultureInfo.InvariantCulture))
        .Order().Select(p => p.ToString("G29", CultureInfo.InvariantCulture)));

    private static string Ids(JsonElement status) => string.Join(" ", Quotes(status).Select(q => q.GetProperty("client_order_id").GetString()).Order());

}
