using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;
using static KrakenBot.Tests.Shared.QuietSandbox;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// Several strategies in one process (issue 14 §5): a group file runs two pure market makers on two pairs over one
/// connection, each a bot of its own (status, stop, P&amp;L); one can be stopped alone, and the group's drawdown stop ends
/// the rest when their summed P&amp;L falls past it.
/// </summary>
public sealed class StrategyGroupTests : IAsyncLifetime
{
    private const string BotKey = "group-trader";
    private const string MakerKey = "group-maker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-strategy-group-test-secret-012"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SandboxHost? _sandbox;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-group-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        _sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret); // the maker's orders and the bots' quotes are the whole market
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Two_market_makers_run_in_one_process_one_stops_alone_and_the_group_drawdown_stop_ends_the_other()
    {
        using var maker = new RawKrakenClient(_sandbox!.RestUri, MakerKey, Secret);
        async Task<string> Rest(string pair, string side, string volume, string price)
        {
            var reply = await Expect(maker.PostAsync("AddOrder", ("pair", pair), ("type", side), ("ordertype", "limit"), ("price", price), ("volume", volume)));
            return reply.GetProperty("result").GetProperty("txid")[0].GetString()!;
        }

        string btcBid = await Rest("XBTUSD", "buy", "0.5", "59990");
        await Rest("XBTUSD", "sell", "0.5", "60010");
        await Rest("ETHUSD", "buy", "5", "2999");
        await Rest("ETHUSD", "sell", "5", "3001");

        var btc = new BotDir(_sandbox, _dataDir, "pmm_btc", BotKey, Secret);
        var eth = new BotDir(_sandbox, _dataDir, "pmm_eth", BotKey, Secret);
        await File.WriteAllTextAsync(Path.Combine(_dataDir, "pmm_btc.yml"), Pmm("BTC-USD", "0.01"));
        await File.WriteAllTextAsync(Path.Combine(_dataDir, "pmm_eth.yml"), Pmm("ETH-USD", "0.1"));
        string group = Path.Combine(_dataDir, "group.yml");
        await File.WriteAllTextAsync(group, """
            strategy: strategy_group
            exchange: kraken
            strategies: [pmm_btc.yml, pmm_eth.yml]
            max_global_drawdown_quote: 50
            """);

        using var running = btc.StartGroup(group);
        var btcUp = await btc.UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s) == 2, running, Patience);
        var ethUp = await eth.UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s) == 2, running, Patience);
        Assert.Equal(btcUp.GetProperty("pid").GetInt32(), ethUp.GetProperty("pid").GetInt32()); // one process
        Assert.Equal("BTC-USD", btcUp.GetProperty("pair").GetString());
        Assert.Equal("ETH-USD", ethUp.GetProperty("pair").GetString());

        // one member stopped alone: its quotes go, the other's stay
        var stopEth = await eth.RunAsync("stop", "--bot", "pmm_eth");
        Assert.True(stopEth.ExitCode == 0, stopEth.ToString());
        await eth.UntilStatusAsync(s => s.GetProperty("status").GetString() == "stopped", running, Patience);
        Assert.Equal(2, Quotes(await btc.UntilStatusAsync(s => s.GetProperty("running").GetBoolean(), running, Patience)));

        // BTC's mid falls (the maker's bid leaves, the bot's own bid is the best one): the 5 BTC held lose more than
        // 50 USD of value, past the group's stop
        await Expect(maker.PostAsync("CancelOrder", ("txid", btcBid)));
        var ended = await running.WaitAsync(Patience);
        Assert.True(ended.ExitCode == 0, ended.ToString());
        var status = (await btc.RunAsync("status", "--bot", "pmm_btc", "-o", "json")).Json().GetProperty("bots")[0];
        Assert.Equal("stopped", status.GetProperty("status").GetString());
        Assert.Contains("stopped by the group", status.GetProperty("reason").GetString());
        decimal total = decimal.Parse(status.GetProperty("pnl").GetProperty("total").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(total <= -50m, $"P&L {total} should be past the group's 50 USD stop");

        using var observer = new RawKrakenClient(_sandbox.RestUri, BotKey, Secret, () => (long)_sandbox.LastNonce(BotKey));
        var open = (await Expect(observer.PostAsync("OpenOrders"))).GetProperty("result").GetProperty("open");
        Assert.Empty(open.EnumerateObject());
    }

    private static string Pmm(string market, string amount) => $"""
        template_version: 24
        strategy: pure_market_making
        exchange: kraken
        market: {market}
        bid_spread: 0.1
        ask_spread: 0.1
        order_refresh_time: 1
        order_refresh_tolerance_pct: 0
        order_amount: {amount}
        dead_man_switch_timeout: 120

        """;

    private static int Quotes(JsonElement status) =>
        status.TryGetProperty("market_making", out var mm) ? mm.GetProperty("orders").GetArrayLength() : 0;

}
