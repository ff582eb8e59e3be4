using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;
using static KrakenBot.Tests.Shared.QuietSandbox;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// Several executors in one bot process (issue 14 §5): a controller file names two executor files on two pairs; each
/// runs with its own budget and P&amp;L, and when their summed P&amp;L falls past the controller's global drawdown stop,
/// every executor is stopped and its position closed.
/// </summary>
public sealed class ControllerBotTests : IAsyncLifetime
{
    private const string BotKey = "controller-trader";
    private const string MakerKey = "controller-maker";
    private const string BotId = "controller";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-controller-test-secret-0123456"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SandboxHost? _sandbox;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-controller-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret); // the maker's orders are the whole market: every price the executors see is set here
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Two_executors_on_two_pairs_run_in_one_bot_and_the_global_drawdown_stop_closes_both()
    {
        using var maker = new RawKrakenClient(_sandbox!.RestUri, MakerKey, Secret);
        async Task<string> Rest(string pair, string side, string volume, string price)
        {
            var reply = await Expect(maker.PostAsync("AddOrder", ("pair", pair), ("type", side), ("ordertype", "limit"), ("price", price), ("volume", volume)));
            return reply.GetProperty("result").GetProperty("txid")[0].GetString()!;
        }

        string btcBid = await Rest("XBTUSD", "buy", "0.5", "59990");
        await Rest("XBTUSD", "sell", "1", "60010");
        await Rest("XBTUSD", "buy", "0.5", "59000");
        await Rest("ETHUSD", "buy", "10", "2999");
        await Rest("ETHUSD", "sell", "10", "3001");

        var bot = new BotDir(_sandbox, _dataDir, BotId, BotKey, Secret);
        await File.WriteAllTextAsync(Path.Combine(_dataDir, "btc_hold.yml"), Executor("BTC-USD", "0.01"));
        await File.WriteAllTextAsync(Path.Combine(_dataDir, "eth_hold.yml"), Executor("ETH-USD", "0.1"));
        string config = Path.Combine(_dataDir, "controller.yml");
        await File.WriteAllTextAsync(config, """
            strategy: executor_controller
            exchange: kraken
            executors: [btc_hold.yml, eth_hold.yml]
            max_global_drawdown_quote: 5
            tick_interval: 0.2
            """);

        using var running = bot.Start(config);
        var open = await bot.UntilStatusAsync(s => Executors(s).Count == 2 && Executors(s).All(e => Dec(e, "position") > 0), running, Patience);
        Assert.Equal("executor_controller", open.GetProperty("kind").GetString());
        Assert.Equal(["btc_hold", "eth_hold"], Executors(open).Select(e => e.GetProperty("id").GetString()!).Order());
        Assert.All(Executors(open), e => Assert.Equal("running", e.GetProperty("status").GetString()));
        Assert.Equal(0.01m, Dec(Executors(open).Single(e => e.GetProperty("id").GetString() == "btc_hold"), "position"));
        Assert.Equal(0.1m, Dec(Executors(open).Single(e => e.GetProperty("id").GetString() == "eth_hold"), "position"));

        // BTC's best bid falls from 59990 to 59000: about -10 USD on the BTC position, past the 5 USD global stop
        await Expect(maker.PostAsync("CancelOrder", ("txid", btcBid)));
        var closed = await bot.UntilStatusAsync(s => Executors(s).All(e => e.GetProperty("status").GetString() == "terminated"), running, Patience);
        Assert.All(Executors(closed), e =>
        {
            Assert.Equal("early_stop", e.GetProperty("close_type").GetString());
            Assert.Equal(0m, Dec(e, "position"));
        });
        decimal total = Executors(closed).Sum(e => Dec(e, "net_pnl_quote"));
        Assert.True(total <= -5m, $"summed net P&L {total} should be past the 5 USD stop");

        var table = await bot.RunAsync("status", "--bot", BotId);
        Assert.Contains("Executor btc_hold (position_executor): terminated, early_stop", table.StdOut);
        Assert.Contains("Executor eth_hold (position_executor): terminated, early_stop", table.StdOut);

        var stop = await bot.RunAsync("stop", "--bot", BotId);
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True((await running.WaitAsync(Patience)).ExitCode == 0);
    }

    private static string Executor(string market, string amount) => $"""
        strategy: position_executor
        exchange: kraken
        market: {market}
        side: buy
        amount: {amount}
        open_order_type: market

        """;

    private static List<JsonElement> Executors(JsonElement status) =>
        status.TryGetProperty("executors", out var all) ? [.. all.EnumerateArray()] : [];

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

}
