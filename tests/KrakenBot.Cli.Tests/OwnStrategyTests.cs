using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Tests.Shared;
using static KrakenBot.Tests.Shared.QuietSandbox;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// A strategy of the user's own, compiled apart and run with <c>krakenbot start --strategy-assembly</c> as a process on a
/// quiet sandbox: samples/MyStrategy quotes and re-quotes where another client sees it and <c>stop</c> cancels it; a
/// strategy that throws stops with its order cancelled.
/// </summary>
public sealed class OwnStrategyTests : IAsyncLifetime
{
    private const string BotKey = "own-strategy-bot";
    private const string MakerKey = "own-strategy-maker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-own-strategy-test-secret-0123"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SandboxHost? _sandbox;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-own-strategy-tests", Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        var balances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 5m };
        _sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret, balances); // the book moves only when the test moves it
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_sample_strategy_quotes_under_mid_requotes_when_mid_moves_and_stop_cancels_its_bid()
    {
        using var maker = new RawKrakenClient(_sandbox!.RestUri, MakerKey, Secret);
        using var observer = new RawKrakenClient(_sandbox.RestUri, BotKey, Secret, () => (long)_sandbox.LastNonce(BotKey));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));
        var bot = new BotDir(_sandbox, _dataDir, "my_strategy", BotKey, Secret);
        string config = Path.Combine(_dataDir, "quote_under_mid.yml");
        await File.WriteAllTextAsync(config, """
            strategy: QuoteUnderMid
            exchange: kraken
            market: BTC-USD
            spread_bps: 10
            requote_bps: 2
            amount: 0.001
            """);

        using var running = bot.Start(config, "--strategy-assembly", UserAssemblies.Sample);
        var status = await bot.UntilStatusAsync(s => s.GetProperty("orders").GetArrayLength() == 1, running, Patience);
        Assert.Equal("quote_under_mid", status.GetProperty("kind").GetString());
        Assert.Equal("BTC-USD", status.GetProperty("pair").GetString());

        // Another client on the bot's key sees one bid 10 bps under the mid of 60000.
        var (id, bid) = Assert.Single(await OpenOrdersAsync(observer));
        Assert.Equal("buy", bid.GetProperty("descr").GetProperty("type").GetString());
        Assert.Equal(59940m, Dec(bid.GetProperty("descr"), "price"));
        Assert.Equal(0.001m, Dec(bid, "vol"));

        // The mid moves to 60075 (12.5 bps): the bid follows to 60014.9 (60014.925 rounded down to the tick), amended in place.
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "60050"), ("volume", "1")));
        var moved = await UntilAsync(observer, open => open.Count == 1 && Dec(open[0].Order.GetProperty("descr"), "price") == 60014.9m, running);
        Assert.Equal(id, moved[0].Id);

        var stop = await bot.RunAsync("stop", "--bot", "my_strategy");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        var ended = await running.WaitAsync(Patience);
        Assert.True(ended.ExitCode == 0, ended.ToString());
        Assert.Empty(await OpenOrdersAsync(observer));
        var history = await bot.HistoryAsync();
        Assert.Equal("stopped", history.GetProperty("status").GetString());
        Assert.Equal("quote_under_mid", history.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task The_sample_strategy_runs_on_paper_trading_its_bid_in_the_paper_account_only()
    {
        using var maker = new RawKrakenClient(_sandbox!.RestUri, MakerKey, Secret);
        using var observer = new RawKrakenClient(_sandbox.RestUri, BotKey, Secret, () => (long)_sandbox.LastNonce(BotKey));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));
        var bot = new BotDir(_sandbox, _dataDir, "my_paper", BotKey, Secret);
        string config = Path.Combine(_dataDir, "my_paper.yml");
        await File.WriteAllTextAsync(config, """
            strategy: MyStrategy.QuoteUnderMid
            exchange: kraken_paper_trade
            market: BTC-USD
            spread_bps: 10
            amount: 0.001
            """);

        using var running = bot.Start(config, "--strategy-assembly", UserAssemblies.Sample);
        var status = await bot.UntilStatusAsync(s => s.GetProperty("orders").GetArrayLength() == 1, running, Patience);
        Assert.Equal("kraken_paper_trade", status.GetProperty("exchange").GetString());
        Assert.Equal(59940m, Dec(status.GetProperty("orders")[0], "price"));
        Assert.Empty(await OpenOrdersAsync(observer)); // paper: nothing of the bot's reaches the exchange

        var stop = await bot.RunAsync("stop", "--bot", "my_paper");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True((await running.WaitAsync(Patience)).ExitCode == 0);
        var ended = await bot.HistoryAsync();
        Assert.Equal("stopped", ended.GetProperty("status").GetString());
        Assert.Equal(0, ended.GetProperty("orders").GetArrayLength());
    }

    [Fact]
    public async Task A_strategy_that_throws_stops_the_bot_with_its_bid_cancelled_and_the_error_named()
    {
        using var maker = new RawKrakenClient(_sandbox!.RestUri, MakerKey, Secret);
        using var observer = new RawKrakenClient(_sandbox.RestUri, BotKey, Secret, () => (long)_sandbox.LastNonce(BotKey));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));
        var bot = new BotDir(_sandbox, _dataDir, "fails", BotKey, Secret);
        string config = Path.Combine(_dataDir, "fails.yml");
        await File.WriteAllTextAsync(config, """
            strategy: UserStrategies.FailsAfterQuoting
            exchange: kraken
            tick_interval: 0.5
            market: BTC-USD
            amount: 0.001
            bps: 20
            """);

        using var running = bot.Start(config, "--strategy-assembly", UserAssemblies.TestStrategies);
        var ended = await running.WaitAsync(Patience);

        Assert.Equal(22, ended.ExitCode); // strategy_failed
        Assert.Contains("InvalidOperationException: planned failure with a bid resting", ended.StdErr);
        Assert.Contains("Its orders were cancelled", ended.StdErr);
        Assert.Empty(await OpenOrdersAsync(observer));
        // The bid it placed (priced by its own dependency: 20 bps under 60000) rested, then was cancelled by the host.
        var closed = (await ReadAsync(observer, "ClosedOrders")).GetProperty("result").GetProperty("closed").EnumerateObject().Select(o => o.Value).ToList();
        var bid = Assert.Single(closed);
        Assert.Equal("canceled", bid.GetProperty("status").GetString());
        Assert.Equal(59880m, Dec(bid.GetProperty("descr"), "price"));
        var history = await bot.HistoryAsync();
        Assert.Equal("failed", history.GetProperty("status").GetString());
    }

    private async Task<List<(string Id, JsonElement Order)>> UntilAsync(RawKrakenClient client, Func<List<(string Id, JsonElement Order)>, bool> done,
        RunningCli bot)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"the bot exited: {await bot.WaitAsync(Patience)}");
            var open = await OpenOrdersAsync(client);
            if (done(open)) return open;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"the open orders never showed what was waited for; last: {string.Join("; ", open.Select(o => o.Order.ToString()))}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<(string Id, JsonElement Order)>> OpenOrdersAsync(RawKrakenClient client) =>
        [.. (await ReadAsync(client, "OpenOrders")).GetProperty("result").GetProperty("open").EnumerateObject().Select(o => (o.Name, o.Value.Clone()))];

    // The bot and this reader share the key: a read refused for its nonce (the bot's call got there first) is read again.
    private static async Task<JsonElement> ReadAsync(RawKrakenClient client, string method)
    {
        for (int attempt = 1; ; attempt++)
        {
            var reply = await client.PostAsync(method);
            if (attempt < 10 && RawKrakenClient.Errors(reply) == "EAPI:Invalid nonce") continue;
            return await Expect(Task.FromResult(reply));
        }
    }

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
