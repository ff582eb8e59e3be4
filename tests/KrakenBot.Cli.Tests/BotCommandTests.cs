using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Strategies.State;
using KrakenBot.Tests.Shared;
using static KrakenBot.Tests.Shared.QuietSandbox;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// The bot from the command line, each command a real process: <c>create pmm</c> from answers, <c>start</c> on a quiet
/// sandbox whose only other trader is the test, <c>status</c>/<c>history</c>/<c>stop</c> from other processes, a fill
/// taken by the test, kill -9 and a restart that adopts the same orders, and a bad config refused by name.
/// </summary>
public sealed class BotCommandTests : IAsyncLifetime
{
    private const string BotKey = "bot-cli-trader";
    private const string MakerKey = "bot-cli-maker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-bot-cli-test-secret-0123456789"));
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private SandboxHost? _sandbox;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "krakenbot-bot-tests", Guid.NewGuid().ToString("N"));

    private SandboxHost Sandbox => _sandbox!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _sandbox = await QuietSandbox.StartAsync(BotKey, MakerKey, Secret); // the test is the only other trader: every fill is one it made
    }

    public async Task DisposeAsync()
    {
        if (_sandbox is not null) await _sandbox.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }

    private string[] Endpoint() =>
        ["--rest-url", Sandbox.RestUri.GetLeftPart(UriPartial.Authority), "--ws-url", Sandbox.WebSocketUri.ToString(), "--ws-auth-url", Sandbox.WebSocketAuthUri.ToString(), "--data-dir", _dataDir];

    private static Dictionary<string, string> Env() => new() { ["KRAKEN_API_KEY"] = BotKey, ["KRAKEN_API_SECRET"] = Secret };

    private Task<CliResult> Run(params string[] args) => CliProcess.RunAsync([.. Endpoint(), .. args], null, Env());

    private RunningCli StartBot(string config) => CliProcess.Start([.. Endpoint(), "start", "--config", config, "--headless"], Env());

    // exchange, market, bid_spread (a bad one first), ask_spread, order_refresh_time (none first), order_amount, ping_pong
    private const string Answers = "kraken\nBTC-USD\n150\n0.01\n0.01\n\n1\n0.01\nno\n";

    [Fact]
    public async Task Create_start_status_fill_history_kill_restart_and_stop_a_pmm_bot_on_the_sandbox()
    {
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        // Reads the bot's account on its key. After the kill -9 below, the restarted bot's nonces start from the dead one's
        // reservation (up to 10 s ahead of the clock, so that none is ever reused): the observer goes above them.
        using var observer = new RawKrakenClient(Sandbox.RestUri, BotKey, Secret, () => (long)Sandbox.LastNonce(BotKey));
        await QuoteAroundMidAsync(maker);

        // create: a bad answer is named with its range and asked again; a required value without default is asked again
        string config = Path.Combine(_dataDir, "pmm_cli.yml");
        var created = await CliProcess.RunAsync([.. Endpoint(), "create", "pmm", "--out", config], Answers, Env());
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains("bid_spread: 150 % is out of range", created.StdErr);
        Assert.Contains("order_refresh_time: a value is required", created.StdErr);
        var yaml = await File.ReadAllTextAsync(config);
        Assert.Contains("bid_spread: 0.01", yaml);
        Assert.Contains("order_amount: 0.01", yaml);
        // Quotes come back 1 s after a fill (Hummingbot's default waits 60 s); the dead-man switch outlasts the restart.
        await File.WriteAllTextAsync(config, yaml.Replace("filled_order_delay: 60", "filled_order_delay: 1").Replace("dead_man_switch_timeout: 60", "dead_man_switch_timeout: 120"));

        // start: quotes 0.01 % around mid 60000
        using var first = StartBot(config);
        var status = await UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s).Count == 2, first);
        Assert.Equal(["59994", "60006"], Quotes(status).Select(q => Trim(q.GetProperty("price").GetString()!)).Order());
        var before = await OpenOrderIdsAsync(observer);
        Assert.Equal(2, before.Count);

        // the maker sells into the bot's bid: a fill the bot counts once
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "59994"), ("volume", "0.01"), ("timeinforce", "IOC")));
        var afterFill = await UntilHistoryAsync(h => h.GetProperty("pnl").GetProperty("trades").GetInt32() == 1, first);
        var trades = (await ReadAsync(observer, "TradesHistory")).GetProperty("result").GetProperty("trades").EnumerateObject().Select(t => t.Value).ToList();
        var trade = Assert.Single(trades);
        var pnl = afterFill.GetProperty("pnl");
        Assert.Equal(1, pnl.GetProperty("buys").GetInt32());
        Assert.Equal(Dec(trade, "vol"), Dec(pnl, "base_volume"));
        Assert.Equal(Dec(trade, "cost"), Dec(pnl, "quote_volume"));
        Assert.Equal(Dec(trade, "fee"), Dec(pnl, "fees_in_quote"));
        var balances = (await ReadAsync(observer, "Balance")).GetProperty("result");
        Assert.Equal(decimal.Parse(balances.GetProperty("XXBT").GetString()!, CultureInfo.InvariantCulture), Dec(pnl, "base"));
        Assert.Equal(decimal.Parse(balances.GetProperty("ZUSD").GetString()!, CultureInfo.InvariantCulture), Dec(pnl, "quote"));

        // kill -9 with the quotes resting: status says it is not running; the orders stay (the dead-man switch has 120 s)
        await UntilStatusAsync(s => Quotes(s).Count == 2, first);
        var resting = await OpenOrderIdsAsync(observer);
        await first.KillAsync();
        var dead = (await Run("status", "-o", "json")).Json().GetProperty("bots")[0];
        Assert.False(dead.GetProperty("running").GetBoolean());
        var table = await Run("status");
        Assert.Contains("not running", table.StdOut);
        Assert.Equal(resting, await OpenOrderIdsAsync(observer));

        // restart: the same orders adopted, none placed twice, the fill still counted once
        using var second = StartBot(config);
        await UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s).Count == 2, second);
        var afterRestart = await OpenOrderIdsAsync(observer);
        Assert.Equal(2, afterRestart.Count);
        Assert.Equal(resting, afterRestart);
        var history = (await Run("history", "-o", "json")).Json().GetProperty("bots")[0];
        Assert.Equal(1, history.GetProperty("pnl").GetProperty("trades").GetInt32());

        // stop from another process: the bot exits 0 and leaves no order
        var stop = await Run("stop", "--bot", "pmm_cli");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        var ended = await second.WaitAsync(Patience);
        Assert.True(ended.ExitCode == 0, ended.ToString());
        Assert.Empty(await OpenOrderIdsAsync(observer));
        var stopped = (await Run("status", "-o", "json")).Json().GetProperty("bots")[0];
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.False(stopped.GetProperty("running").GetBoolean());
        Assert.Contains("Bot 'pmm_cli': stopped, orders cancelled.", stop.StdOut);
    }

    [Fact]
    public async Task A_paper_bot_quotes_on_the_sandbox_market_fills_from_its_prints_and_its_history_equals_the_paper_account()
    {
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        using var taker = new RawKrakenClient(Sandbox.RestUri, BotKey, Secret, () => (long)Sandbox.LastNonce(BotKey));
        await QuoteAroundMidAsync(maker);
        string config = Path.Combine(_dataDir, "paper_bot.yml");
        await File.WriteAllTextAsync(config, """
            template_version: 24
            strategy: pure_market_making
            exchange: kraken_paper_trade
            market: BTC-USD
            bid_spread: 0.01
            ask_spread: 0.01
            order_refresh_time: 1
            order_amount: 0.01
            filled_order_delay: 1
            """);

        using var bot = StartBot(config);
        var status = await UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s).Count == 2, bot);
        Assert.Equal("kraken_paper_trade", status.GetProperty("exchange").GetString());
        Assert.Equal(["59994", "60006"], Quotes(status).Select(q => Trim(q.GetProperty("price").GetString()!)).Order());
        Assert.Empty(await OpenOrderIdsAsync(taker)); // paper: nothing of the bot's is on the exchange

        // Another trader sells into the real book: the print at 59900 goes through the paper bid at 59994.
        await Expect(taker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "market"), ("volume", "0.05")));
        var filled = await UntilHistoryAsync(h => h.GetProperty("pnl").GetProperty("trades").GetInt32() >= 1, bot);
        var pnl = filled.GetProperty("pnl");
        Assert.Equal(1, pnl.GetProperty("buys").GetInt32());

        var stop = await Run("stop", "--bot", "paper_bot");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True((await bot.WaitAsync(Patience)).ExitCode == 0);

        // The paper account's own trade history holds exactly the bot's fill.
        var account = await CliProcess.RunAsync([.. Endpoint(), "--connector", "kraken_paper_trade", "-o", "json", "history", "--account"], null, Env());
        Assert.True(account.ExitCode == 0, account.ToString());
        var trade = Assert.Single(account.Json().GetProperty("trades").EnumerateArray());
        Assert.Equal("buy", trade.GetProperty("side").GetString());
        Assert.Equal(Dec(trade, "volume"), Dec(pnl, "base_volume"));
        Assert.Equal(Dec(trade, "cost"), Dec(pnl, "quote_volume"));
        Assert.Equal(59994m, Dec(trade, "price"));
        var ended = (await Run("history", "-o", "json", "--bot", "paper_bot")).Json().GetProperty("bots")[0];
        Assert.Equal("stopped", ended.GetProperty("status").GetString());
        Assert.Equal(1, ended.GetProperty("pnl").GetProperty("trades").GetInt32());
    }

    [Fact]
    public async Task A_triangular_arbitrage_bot_started_from_the_cli_captures_a_planted_mispricing_and_status_shows_the_cycle()
    {
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        async Task Rest(string pair, string side, string volume, string price) =>
            await Expect(maker.PostAsync("AddOrder", ("pair", pair), ("type", side), ("ordertype", "limit"), ("price", price), ("volume", volume)));
        // Consistent books: both directions lose before fees. ETH/BTC's bid sits low so the cheap ask planted later rests.
        await Rest("XBTUSD", "buy", "1", "59990");
        await Rest("XBTUSD", "sell", "1", "60010");
        await Rest("ETHXBT", "buy", "10", "0.047");
        await Rest("ETHXBT", "sell", "10", "0.0501");
        await Rest("ETHUSD", "buy", "10", "2999");
        await Rest("ETHUSD", "sell", "10", "3001");
        string config = Path.Combine(_dataDir, "arb_bot.yml");
        await File.WriteAllTextAsync(config, """
            strategy: triangular_arbitrage
            exchange: kraken
            pairs: [BTC-USD, ETH-BTC, ETH-USD]
            order_amount: 1000
            min_profitability: 1
            cooldown: 3600
            tick_interval: 0.2
            """);

        using var bot = StartBot(config);
        var quiet = await UntilStatusAsync(s => s.TryGetProperty("arbitrage", out var a) && a.GetProperty("quotes").GetArrayLength() == 2, bot);
        Assert.Equal("triangular_arbitrage", quiet.GetProperty("kind").GetString());
        Assert.All(quiet.GetProperty("arbitrage").GetProperty("quotes").EnumerateArray(), q => Assert.StartsWith("-", q.GetProperty("edge").GetString()));

        await Rest("ETHXBT", "sell", "0.35", "0.048"); // planted: USD → BTC → ETH → USD pays ~330 bps after fees
        var done = await UntilStatusAsync(s => s.GetProperty("arbitrage").GetProperty("captured").GetInt32() == 1, bot);
        var arbitrage = done.GetProperty("arbitrage");
        Assert.Equal((1, 1, 0), (arbitrage.GetProperty("fired").GetInt32(), arbitrage.GetProperty("found").GetInt32(), arbitrage.GetProperty("unwound").GetInt32()));
        var cycle = Assert.Single(arbitrage.GetProperty("cycles").EnumerateArray());
        Assert.Equal("USD → BTC → ETH → USD", cycle.GetProperty("route").GetString());
        Assert.Equal("captured", cycle.GetProperty("outcome").GetString());
        decimal expected = Dec(cycle, "expected_edge"), realized = Dec(cycle, "realized_edge");
        Assert.InRange(realized, expected - 0.3m, expected);
        Assert.InRange(expected, 30m, 36m);

        var table = await Run("status");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Cycles: found 1, fired 1, captured 1, unwound 0", table.StdOut);
        Assert.Contains("Last cycles", table.StdOut);

        var stop = await Run("stop", "--bot", "arb_bot");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True((await bot.WaitAsync(Patience)).ExitCode == 0);
    }

    [Fact]
    public async Task A_position_executor_bot_started_from_the_cli_takes_profit_when_the_bid_rises_and_status_shows_its_close()
    {
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        async Task Rest(string side, string volume, string price) =>
            await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", side), ("ordertype", "limit"), ("price", price), ("volume", volume)));
        await Rest("buy", "0.1", "59990");
        await Rest("sell", "0.01", "60010");
        await Rest("sell", "0.1", "60600");
        string config = Path.Combine(_dataDir, "pos_bot.yml");
        await File.WriteAllTextAsync(config, """
            strategy: position_executor
            exchange: kraken
            market: BTC-USD
            side: buy
            amount: 0.01
            open_order_type: market
            take_profit: 0.5
            stop_loss: 5
            tick_interval: 0.2
            """);

        using var bot = StartBot(config);
        var open = await UntilStatusAsync(s => s.TryGetProperty("executor", out var e) && Dec(e, "position") == 0.01m, bot);
        Assert.Equal("position_executor", open.GetProperty("kind").GetString());
        Assert.Equal("running", open.GetProperty("executor").GetProperty("status").GetString());

        await Rest("buy", "0.1", "60500"); // (60500 − 60010) / 60010 = 0.82 % before fees
        var done = await UntilStatusAsync(s => s.GetProperty("executor").GetProperty("status").GetString() == "terminated", bot);
        var executor = done.GetProperty("executor");
        Assert.Equal("take_profit", executor.GetProperty("close_type").GetString());
        Assert.Equal(0m, Dec(executor, "position"));
        Assert.True(Dec(executor, "net_pnl_quote") > 0);

        var table = await Run("status");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("Executor pos_bot (position_executor): terminated, take_profit", table.StdOut);

        var stop = await Run("stop", "--bot", "pos_bot");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True((await bot.WaitAsync(Patience)).ExitCode == 0);
    }

    [Fact]
    public async Task Stop_of_a_paper_bot_that_died_cancels_its_orders_in_the_paper_account_not_on_the_exchange()
    {
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        await QuoteAroundMidAsync(maker);
        string config = Path.Combine(_dataDir, "paper_dead.yml");
        await File.WriteAllTextAsync(config, "template_version: 24\nstrategy: pure_market_making\nexchange: kraken_paper_trade\nmarket: BTC-USD\n" +
            "bid_spread: 0.01\nask_spread: 0.01\norder_refresh_time: 30\norder_amount: 0.01\n");
        using var bot = StartBot(config);
        await UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s).Count == 2, bot);
        await bot.KillAsync();
        Task<CliResult> PaperOrders() => CliProcess.RunAsync([.. Endpoint(), "--connector", "kraken_paper_trade", "-o", "json", "orders"], null, Env());
        Assert.Equal(2, (await PaperOrders()).Json().GetProperty("orders").GetArrayLength());

        // No --connector: the command takes the bot's own exchange from its status.
        var stop = await Run("stop", "--bot", "paper_dead");

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("Bot 'paper_dead': was not running; 2 order(s) cancelled.", stop.StdOut);
        var after = await PaperOrders();
        Assert.True(after.Json().GetProperty("orders").GetArrayLength() == 0, after.ToString());
    }

    [Fact]
    public async Task Stop_of_a_killed_bot_cancels_its_resting_orders_and_settles_one_it_journaled_but_never_sent_as_never_placed()
    {
        using var maker = new RawKrakenClient(Sandbox.RestUri, MakerKey, Secret);
        using var observer = new RawKrakenClient(Sandbox.RestUri, BotKey, Secret, () => (long)Sandbox.LastNonce(BotKey));
        await QuoteAroundMidAsync(maker);
        string config = Path.Combine(_dataDir, "live_dead.yml");
        await File.WriteAllTextAsync(config, "template_version: 24\nstrategy: pure_market_making\nexchange: kraken\nmarket: BTC-USD\n" +
            "bid_spread: 0.01\nask_spread: 0.01\norder_refresh_time: 30\norder_amount: 0.01\ndead_man_switch_timeout: 0\n");
        using var bot = StartBot(config);
        await UntilStatusAsync(s => s.GetProperty("running").GetBoolean() && Quotes(s).Count == 2, bot);
        await UntilOpenOrdersAsync(observer, 2);
        await bot.KillAsync();

        // What a bot killed between journaling an order and sending it leaves: the intent, tagged as the bot's, pending
        // with no Kraken id, 20 s old (inside the 30 s in which the send could still reach Kraken).
        string unsent = Guid.NewGuid().ToString("D");
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = Path.Combine(_dataDir, "journal.db") }))
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(BotKey));
            var request = new OrderRequest(new TradingPair("BTC", "USD"), OrderSide.Buy, OrderType.Limit, 0.01m, 59990m, clientTag: StrategyIds.OrderTag("live_dead"));
            await account.Orders.RecordCreatedAsync(TrackedOrder.Create(unsent, request, DateTimeOffset.UtcNow - TimeSpan.FromSeconds(20)));
        }

        var stop = await Run("stop", "--bot", "live_dead");

        // Kraken refuses to cancel the unsent one ("Unknown order"); the command waits out its send deadline instead of
        // failing, cancels the two resting quotes, and says the third was never placed.
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("Bot 'live_dead': was not running; 2 order(s) cancelled, 1 never placed (Kraken never received them).", stop.StdOut);
        Assert.Contains("1 order(s) of bot 'live_dead' are not on Kraken", stop.StdErr);
        Assert.Empty(await OpenOrderIdsAsync(observer));
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = Path.Combine(_dataDir, "journal.db"), ReadOnly = true }))
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(BotKey));
            Assert.Equal(OrderState.Failed, (await account.Orders.GetByClientIdAsync(unsent))!.State);
        }
    }

    [Fact]
    public async Task A_config_with_a_bad_value_is_refused_at_start_naming_the_parameter_the_value_and_the_range()
    {
        string config = Path.Combine(_dataDir, "bad.yml");
        await File.WriteAllTextAsync(config, "template_version: 24\nstrategy: pure_market_making\nexchange: kraken\nmarket: BTC-USD\nbid_spread: 150\nask_spread: 1\norder_refresh_time: 30\norder_amount: 0.01\n");
        var result = await Run("-o", "json", "start", "--config", config, "--headless");
        Assert.Equal(3, result.ExitCode);
        var error = result.Json();
        Assert.Equal("configuration", error.GetProperty("error").GetString());
        Assert.Contains("bid_spread: 150 % is out of range", error.GetProperty("message").GetString());
        Assert.Contains("below 100 %", error.GetProperty("message").GetString());
        Assert.False(Directory.Exists(Path.Combine(_dataDir, "bots", "bad")) && File.Exists(Path.Combine(_dataDir, "bots", "bad", "status.json")));
    }

    [Fact]
    public async Task Create_stops_with_a_usage_error_when_the_answers_end_and_status_without_bots_shows_the_exchange()
    {
        var created = await CliProcess.RunAsync([.. Endpoint(), "create", "pmm", "--out", Path.Combine(_dataDir, "x.yml")], "kraken\n", Env());
        Assert.Equal(2, created.ExitCode);
        Assert.Contains("Input ended before 'market' was answered", created.StdErr);
        Assert.False(File.Exists(Path.Combine(_dataDir, "x.yml")));

        var status = await Run("status", "-o", "json");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.False(status.Json().TryGetProperty("bots", out _)); // no bot yet: the exchange's status
    }

    private async Task<JsonElement> UntilStatusAsync(Func<JsonElement, bool> done, RunningCli bot) => await UntilAsync("status", done, bot);

    private async Task<JsonElement> UntilHistoryAsync(Func<JsonElement, bool> done, RunningCli bot) => await UntilAsync("history", done, bot);

    private async Task<JsonElement> UntilAsync(string command, Func<JsonElement, bool> done, RunningCli bot)
    {
        var deadline = DateTime.UtcNow + Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"the bot exited: {await bot.WaitAsync(Patience)}");
            var result = await Run(command, "-o", "json");
            last = result.ToString();
            if (result.ExitCode == 0 && result.Json().TryGetProperty("bots", out var bots) && bots.GetArrayLength() == 1 && done(bots[0])) return bots[0].Clone();
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException($"'{command}' never showed what was waited for; last:\n{last}\n{LogTails.Under(Path.Combine(_dataDir, "bots"), "bot.log", 80)}"); // headless bots log to DATA_DIR/bots/ID/bot.log
    }

    private static List<JsonElement> Quotes(JsonElement status) => status.GetProperty("market_making").GetProperty("orders").EnumerateArray().ToList();

    // Two programs on one key race for the nonce: a read refused for it (the bot's call with a higher nonce arrived
    // first) is simply read again, as a user's script would. Orders are never sent through here.
    private static async Task<JsonElement> ReadAsync(RawKrakenClient client, string method)
    {
        for (int attempt = 1; ; attempt++)
        {
            var reply = await client.PostAsync(method);
            if (attempt < 10 && RawKrakenClient.Errors(reply) == "EAPI:Invalid nonce") continue;
            return await Expect(Task.FromResult(reply));
        }
    }

    // The maker's book the bots quote in: 1 BTC bid at 59900 and 1 BTC offered at 60100, mid 60000.
    private static async Task QuoteAroundMidAsync(RawKrakenClient maker)
    {
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
        await Expect(maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));
    }

    private static async Task<List<string>> OpenOrderIdsAsync(RawKrakenClient client)
    {
        var reply = await ReadAsync(client, "OpenOrders");
        return reply.GetProperty("result").GetProperty("open").EnumerateObject().Select(o => o.Name).Order().ToList();
    }

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private static string Trim(string number) => decimal.Parse(number, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture);
}
