using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Tests.Shared;
using static KrakenBot.Tests.Shared.QuietSandbox;
using Xunit.Abstractions;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// Pure market making for a minute on the sandbox's moving market (the seeded <c>normal</c> order flow), as a user runs
/// it: one bot live on <c>kraken</c> (the sandbox's URLs) and one on <c>kraken_paper_trade</c> at the same time, each a
/// real <c>krakenbot start --headless</c> process. The live bot is killed with SIGKILL half-way and restarted. At the end
/// both histories must equal what the exchange (or the paper account) itself says, and nothing may be left open.
/// </summary>
public sealed class BotMovingMarketTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BotKey = "moving-market-bot";
    private const string TakerKey = "moving-market-taker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-moving-market-secret-0123456789"));
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private SandboxHost? _sandbox;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "krakenbot-moving-market", Guid.NewGuid().ToString("N"));

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
                new SandboxAccount { ApiKey = TakerKey, ApiSecret = Secret, Balances = balances },
            ],
            MarketActivity = true,
            Market = MarketPresets.Normal,
            Seed = 12,
            Tier = AccountTier.Pro,
        });
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Pmm_runs_a_minute_live_and_on_paper_requotes_by_amend_fills_survives_kill_9_and_its_history_equals_the_exchange()
    {
        var live = new BotDir(Sandbox, Path.Combine(_root, "live"), "live_pmm", BotKey, Secret);
        var paper = new BotDir(Sandbox, Path.Combine(_root, "paper"), "paper_pmm", BotKey, Secret);
        using var observer = new RawKrakenClient(Sandbox.RestUri, BotKey, Secret, () => (long)Sandbox.LastNonce(BotKey));
        using var taker = new RawKrakenClient(Sandbox.RestUri, TakerKey, Secret);
        var clock = Stopwatch.StartNew();

        using var firstLive = live.Start(Config("kraken"));
        using var paperBot = paper.Start(Config("kraken_paper_trade"));
        await live.UntilStatusAsync(s => Running(s) && Quotes(s).Count >= 2, firstLive, Patience);
        await paper.UntilStatusAsync(s => Running(s) && Quotes(s).Count >= 2, paperBot, Patience);

        // Half-way: kill -9 the live bot with its quotes resting, then restart it from its journal.
        await WaitUntil(clock, RunFor / 2);
        await firstLive.KillAsync();
        output.WriteLine($"killed with {(await OpenOrderIdsAsync(observer)).Count} orders resting (the dead-man switch has 120 s)");
        using var liveBot = live.Start(Config("kraken"));
        // Adopted, not orphaned: the exchange's open orders and the restarted bot's own orders are the same set.
        await live.UntilStatusAsync(s => Running(s) && Quotes(s).Count >= 2, liveBot, Patience);
        await UntilAsync(async () => (await OpenOrderIdsAsync(observer)).SequenceEqual(await OwnOrderIdsAsync(live, liveBot)),
            "the exchange's open orders equal the restarted bot's own orders");

        // The rest of the minute; the market is seeded, but a fill is not left to it: if the flow has not reached a
        // quote by then, the taker trades into each bot's bid (said in the output).
        await WaitUntil(clock, RunFor - TimeSpan.FromSeconds(5));
        var liveNow = await live.UntilStatusAsync(_ => true, liveBot, Patience);
        if (Trades(await live.HistoryAsync()) == 0)
        {
            output.WriteLine("the market did not fill the live bot within the minute: the taker sells into its bid");
            var bid = Quotes(liveNow).First(q => q.GetProperty("side").GetString() == "buy").GetProperty("price").GetString()!;
            await Expect(taker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", bid), ("volume", "0.001"), ("timeinforce", "IOC")));
        }
        if (Trades(await paper.HistoryAsync()) == 0)
        {
            output.WriteLine("the market did not fill the paper bot within the minute: the taker sells at market");
            await Expect(taker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "market"), ("volume", "0.05")));
        }
        await live.UntilHistoryAsync(h => Trades(h) >= 1, liveBot, Patience);
        await paper.UntilHistoryAsync(h => Trades(h) >= 1, paperBot, Patience);
        await WaitUntil(clock, RunFor);

        // Requoted by amend, not cancel-and-replace (the restarted run alone has amended).
        var liveStatus = await live.UntilStatusAsync(s => s.GetProperty("market_making").GetProperty("amends").GetInt64() >= 1, liveBot, Patience);
        var paperStatus = await paper.UntilStatusAsync(s => s.GetProperty("market_making").GetProperty("amends").GetInt64() >= 1, paperBot, Patience);
        output.WriteLine($"live: {Summary(liveStatus)}; paper: {Summary(paperStatus)}");

        // Stop both from other processes: exit 0, nothing of the live bot's left on the exchange.
        Assert.True((await live.RunAsync("stop", "--bot", "live_pmm")).ExitCode == 0);
        Assert.True((await paper.RunAsync("stop", "--bot", "paper_pmm")).ExitCode == 0);
        var liveEnd = await liveBot.WaitAsync(Patience);
        Assert.True(liveEnd.ExitCode == 0, liveEnd.ToString());
        var paperEnd = await paperBot.WaitAsync(Patience);
        Assert.True(paperEnd.ExitCode == 0, paperEnd.ToString());
        Assert.Empty(await OpenOrderIdsAsync(observer));

        // The live bot's history (across the kill) equals the exchange's trades and balances.
        var livePnl = (await live.HistoryAsync()).GetProperty("pnl");
        var exchangeTrades = await TradesAsync(observer);
        output.WriteLine($"live fills {exchangeTrades.Count}, paper fills {Trades(await paper.HistoryAsync())}, {clock.Elapsed.TotalSeconds:F0} s");
        if (exchangeTrades.Count != livePnl.GetProperty("trades").GetInt32()) KeepForDiagnosis(exchangeTrades);
        Assert.Equal(exchangeTrades.Count, livePnl.GetProperty("trades").GetInt32());
        Assert.Equal(exchangeTrades.Sum(t => Dec(t, "vol")), Dec(livePnl, "base_volume"));
        Assert.Equal(exchangeTrades.Sum(t => Dec(t, "cost")), Dec(livePnl, "quote_volume"));
        Assert.Equal(exchangeTrades.Sum(t => Dec(t, "fee")), Dec(livePnl, "fees_in_quote"));
        var balances = (await ReadAsync(observer, "Balance")).GetProperty("result");
        Assert.Equal(decimal.Parse(balances.GetProperty("XXBT").GetString()!, CultureInfo.InvariantCulture), Dec(livePnl, "base"));
        Assert.Equal(decimal.Parse(balances.GetProperty("ZUSD").GetString()!, CultureInfo.InvariantCulture), Dec(livePnl, "quote"));

        // The paper bot's history equals the paper account's own trade history.
        var paperPnl = (await paper.HistoryAsync()).GetProperty("pnl");
        var account = await paper.RunAsync("--connector", "kraken_paper_trade", "-o", "json", "history", "--account", "--limit", "10000");
        Assert.True(account.ExitCode == 0, account.ToString());
        var paperTrades = account.Json().GetProperty("trades").EnumerateArray().ToList();
        Assert.Equal(paperTrades.Count, paperPnl.GetProperty("trades").GetInt32());
        Assert.Equal(paperTrades.Sum(t => Dec(t, "volume")), Dec(paperPnl, "base_volume"));
        Assert.Equal(paperTrades.Sum(t => Dec(t, "cost")), Dec(paperPnl, "quote_volume"));
    }

    // Quotes inside the normal market's spread (mid ± 0.001 %), so the flow's market orders reach them; a short refresh
    // with no tolerance, so the moving mid is followed by amends; hanging orders across a fill and the restart.
    private string Config(string exchange)
    {
        string path = Path.Combine(_root, $"{exchange}.yml");
        File.WriteAllText(path, $"""
            template_version: 24
            strategy: pure_market_making
            exchange: {exchange}
            market: BTC-USD
            bid_spread: 0.001
            ask_spread: 0.001
            order_refresh_time: 2
            order_refresh_tolerance_pct: 0
            order_amount: 0.001
            filled_order_delay: 1
            hanging_orders_enabled: true
            hanging_orders_cancel_pct: 1
            dead_man_switch_timeout: 120
            """);
        return path;
    }

    private static async Task WaitUntil(Stopwatch clock, TimeSpan elapsed)
    {
        // The run's length is what the test is about (a minute of market), not a wait for something to happen.
        var left = elapsed - clock.Elapsed;
        if (left > TimeSpan.Zero) await Task.Delay(left);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"never: {what}");
    }

    private static bool Running(JsonElement s) => s.GetProperty("running").GetBoolean();

    private static int Trades(JsonElement history) => history.GetProperty("pnl").GetProperty("trades").GetInt32();

    private static List<JsonElement> Quotes(JsonElement status) => status.GetProperty("market_making").GetProperty("orders").EnumerateArray().ToList();

    private static string Summary(JsonElement status)
    {
        var mm = status.GetProperty("market_making");
        return $"placed {mm.GetProperty("places").GetInt64()}, amended {mm.GetProperty("amends").GetInt64()}, cancelled {mm.GetProperty("cancels").GetInt64()}";
    }

    private static async Task<List<string>> OwnOrderIdsAsync(BotDir bot, RunningCli process)
    {
        var status = await bot.UntilStatusAsync(_ => true, process, Patience);
        return Quotes(status).Select(q => q.GetProperty("id").GetString()!).Order().ToList();
    }

    private static async Task<List<string>> OpenOrderIdsAsync(RawKrakenClient client)
    {
        var reply = await ReadAsync(client, "OpenOrders");
        return reply.GetProperty("result").GetProperty("open").EnumerateObject().Select(o => o.Name).Order().ToList();
    }

    // A count that differs is kept to be read: the bots' folders (logs, journals, status) and the exchange's trades.
    private void KeepForDiagnosis(List<JsonElement> exchangeTrades)
    {
        string kept = Path.Combine(Path.GetTempPath(), "krakenbot-moving-market-failed", Path.GetFileName(_root));
        foreach (string file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(kept, Path.GetRelativePath(_root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }

        File.WriteAllText(Path.Combine(kept, "exchange-trades.json"), JsonSerializer.Serialize(exchangeTrades));
        output.WriteLine($"kept for diagnosis: {kept}");
    }

    // Kraken pages TradesHistory 50 at a time.
    private static async Task<List<JsonElement>> TradesAsync(RawKrakenClient client)
    {
        var trades = new List<JsonElement>();
        while (true)
        {
            var result = (await ReadAsync(client, "TradesHistory", ("ofs", trades.Count.ToString(CultureInfo.InvariantCulture)))).GetProperty("result");
            var page = result.GetProperty("trades").EnumerateObject().Select(t => t.Value.Clone()).ToList();
            trades.AddRange(page);
            if (page.Count == 0 || trades.Count >= result.GetProperty("count").GetInt32()) return trades;
        }
    }

    // Two programs on one key race for the nonce: a read refused for it is read again, as a user's script would.
    private static async Task<JsonElement> ReadAsync(RawKrakenClient client, string method, params (string, string)[] fields)
    {
        for (int attempt = 1; ; attempt++)
        {
            var reply = await client.PostAsync(method, fields);
            if (attempt < 10 && RawKrakenClient.Errors(reply) == "EAPI:Invalid nonce") continue;
            // The bot spends the same key's REST counter: a read it refuses waits for the counter to decay, as a script would.
            if (attempt < 30 && RawKrakenClient.Errors(reply) == "EAPI:Rate limit exceeded")
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            return await Expect(Task.FromResult(reply));
        }
    }

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
