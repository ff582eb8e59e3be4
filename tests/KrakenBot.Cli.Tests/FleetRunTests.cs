using System.Globalization;
using System.Text.Json;
using KrakenBot.Connector.Kraken.Orders;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// The fleet at work: four bot processes on one key and one PostgreSQL journal, two on BTC-USD and two on ETH-USD,
/// refreshing every second, while another trader takes their quotes round after round (each fill makes a bot place
/// anew). One is killed with kill -9 half-way: the others go on, <c>fleet status</c> shows it gone with its orders, and
/// <c>fleet cancel</c> settles them. The sandbox refuses nothing for nonces or rate limits, every order belongs to exactly
/// one bot, and the journal holds exactly the exchange's orders and trades. Driven by what the bots did (placements
/// counted in the journal), not by wall time.
/// </summary>
[Collection(FleetProcessesCollection.Name)]
public sealed class FleetRunTests
{
    private const int PlacementsBeforeKill = 4; // the 2 first quotes and at least one refill of both
    private const int PlacementsAfterKill = 2;
    private const int MaxRounds = 40;
    private static readonly string[] Bots = ["fleet_1", "fleet_2", "fleet_3", "fleet_4"];
    private static readonly Dictionary<string, (string Pair, string Kraken, decimal Amount)> Markets = new()
    {
        ["fleet_1"] = ("BTC-USD", "XBTUSD", 0.01m),
        ["fleet_2"] = ("BTC-USD", "XBTUSD", 0.01m),
        ["fleet_3"] = ("ETH-USD", "ETHUSD", 0.1m),
        ["fleet_4"] = ("ETH-USD", "ETHUSD", 0.1m),
    };

    [PostgresFact]
    public async Task Four_bots_on_one_key_trade_without_a_refusal_each_owns_its_orders_a_killed_one_is_reported_and_cancelled_and_the_journal_is_the_exchange()
    {
        var balances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 50m, ["ETH"] = 500m };
        await using var bed = await FleetBed.StartAsync(balances);
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "5")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "5")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "ETHUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "3490"), ("volume", "50")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "ETHUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "3510"), ("volume", "50")));

        var machines = Bots.ToDictionary(id => id, bed.Machine);
        var running = new Dictionary<string, RunningCli>();
        try
        {
            foreach (string id in Bots)
            {
                var (pair, _, amount) = Markets[id];
                string config = await FleetBed.CreateConfigAsync(machines[id], id, pair, amount.ToString(CultureInfo.InvariantCulture),
                    ("filled_order_delay", "1"));
                running[id] = bed.StartBot(machines[id], config);
            }

            await bed.UntilFleetAsync(bots => bots.Count == 4 && bots.All(b => b.GetProperty("status").GetString() == "running"
                && b.GetProperty("open_orders").GetArrayLength() == 2), [.. running.Values]);
            await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = bed.Journal, ReadOnly = true });
            var account = await journal.OpenAccountAsync(JournalAccount.Kraken(FleetBed.BotKey));
            using var http = new HttpClient { BaseAddress = new Uri(bed.Sandbox.RestUri.GetLeftPart(UriPartial.Authority)) };

            // Rounds on both pairs until every bot has placed anew after being taken.
            await RoundsAsync(bed, http, account, ["XBTUSD", "ETHUSD"], Bots, PlacementsBeforeKill, running);

            // kill -9 of one ETH bot: no clean-up runs; its two quotes stay on the book.
            using (var killed = running["fleet_4"])
            {
                await killed.KillAsync();
                running.Remove("fleet_4");
            }

            var killedAt = await PlacedAsync(account);
            await RoundsAsync(bed, http, account, ["XBTUSD"], ["fleet_1", "fleet_2"], PlacementsAfterKill, running, killedAt);

            // Reported: its process gone, its orders (as it last saved them) still open; nobody touched them.
            var gone = await bed.UntilFleetAsync(bots => !Bot(bots, "fleet_4").GetProperty("process_running").GetBoolean(), [.. running.Values]);
            Assert.All(["fleet_1", "fleet_2", "fleet_3"], id => Assert.True(Bot(gone, id).GetProperty("process_running").GetBoolean()));
            var resting = (await account.Orders.GetOpenAsync()).Where(o => o.Request.ClientTag == "kb:fleet_4").Select(o => o.ClientOrderId).ToList();
            Assert.Equal(2, resting.Count);
            var reported = FleetCommandTests.OpenOrders(Bot(gone, "fleet_4"));
            Assert.NotEmpty(reported);
            Assert.Subset(resting.ToHashSet(), reported.ToHashSet());

            // A running bot cannot be cancelled from outside; the dead one's orders are, by its name.
            var refused = await bed.RunAsync(bed.Machine("fleet"), "fleet", "cancel", "--bot", "fleet_3");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("is running", refused.StdErr + refused.StdOut);
            var cancel = await bed.RunAsync(bed.Machine("fleet"), "fleet", "cancel", "--bot", "fleet_4", "-o", "json");
            Assert.True(cancel.ExitCode == 0, cancel.ToString());
            Assert.Equal(2, cancel.Json().GetProperty("cancelled").GetInt32());
            var settled = await bed.UntilFleetAsync(bots => Bot(bots, "fleet_4").GetProperty("status").GetString() == "stopped", [.. running.Values]);
            Assert.Equal(0, Bot(settled, "fleet_4").GetProperty("open_orders").GetArrayLength());

            foreach (var (id, bot) in running)
            {
                var stop = await bed.RunAsync(machines[id], "stop", "--bot", id);
                Assert.True(stop.ExitCode == 0, stop.ToString());
                var ended = await bot.WaitAsync(FleetBed.Patience);
                Assert.True(ended.ExitCode == 0, ended.ToString());
            }

            running.Clear();
            Assert.Equal(0, bed.Sandbox.Refusals(FleetBed.BotKey, "EAPI:Invalid nonce"));
            Assert.Equal(0, bed.Sandbox.Refusals(FleetBed.BotKey, "EOrder:Rate limit exceeded"));
            Assert.Equal(0, bed.Sandbox.Refusals(FleetBed.BotKey, "EAPI:Rate limit exceeded"));
            await JournalIsTheExchangeAsync(bed, account);
        }
        finally
        {
            foreach (var bot in running.Values) bot.Dispose();
        }
    }

    /// <summary>
    /// Takes one bid and one ask of each pair per round (another trader's market orders), then waits until the bots have
    /// quoted both sides in full again; until each of <paramref name="bots"/> placed <paramref name="placements"/> more
    /// orders than at <paramref name="since"/>.
    /// </summary>
    private static async Task RoundsAsync(FleetBed bed, HttpClient http, AccountJournal account, string[] pairs, string[] bots, int placements,
        Dictionary<string, RunningCli> running, IReadOnlyDictionary<string, int>? since = null)
    {
        for (int round = 1; ; round++)
        {
            var placed = await PlacedAsync(account);
            if (bots.All(id => placed.GetValueOrDefault(id) - (since?.GetValueOrDefault(id) ?? 0) >= placements)) return;
            if (round > MaxRounds)
                throw new Xunit.Sdk.XunitException($"after {MaxRounds} rounds the bots placed {string.Join(", ", placed.Select(p => $"{p.Key}: {p.Value}"))}");

            foreach (string pair in pairs)
            {
                decimal amount = Markets.Values.First(m => m.Kraken == pair).Amount;
                string volume = amount.ToString(CultureInfo.InvariantCulture);
                await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", pair), ("type", "sell"), ("ordertype", "market"), ("volume", volume)));
                await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", pair), ("type", "buy"), ("ordertype", "market"), ("volume", volume)));
            }

            foreach (string pair in pairs)
            {
                decimal amount = Markets.Values.First(m => m.Kraken == pair).Amount;
                int quoting = Markets.Count(m => m.Value.Kraken == pair && running.ContainsKey(m.Key));
                await UntilQuotedAsync(http, pair, quoting * amount, running);
            }
        }
    }

    // The bots quote inside the other trader's spread (bids above its 59900 or 3490, asks below its 60100 or 3510): the
    // volume there is every bot's order on the pair.
    private static async Task UntilQuotedAsync(HttpClient http, string pair, decimal volume, Dictionary<string, RunningCli> running)
    {
        var deadline = DateTime.UtcNow + FleetBed.Patience;
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            foreach (var bot in running.Values)
            {
                if (bot.Process.HasExited) throw new Xunit.Sdk.XunitException($"a bot exited: {await bot.WaitAsync(FleetBed.Patience)}");
            }

            last = await http.GetStringAsync($"/0/public/Depth?pair={pair}&count=10");
            using var depth = JsonDocument.Parse(last);
            var book = depth.RootElement.GetProperty("result").EnumerateObject().First().Value;
            var (makerBid, makerAsk) = pair == "XBTUSD" ? (59900m, 60100m) : (3490m, 3510m);
            if (VolumeInside(book, "bids", p => p > makerBid) == volume && VolumeInside(book, "asks", p => p < makerAsk) == volume) return;
            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"the bots never quoted {volume} on both sides of {pair}; last book: {last}");
    }

    private static decimal VolumeInside(JsonElement book, string side, Func<decimal, bool> inside) =>
        book.GetProperty(side).EnumerateArray()
            .Where(level => inside(decimal.Parse(level[0].GetString()!, CultureInfo.InvariantCulture)))
            .Sum(level => decimal.Parse(level[1].GetString()!, CultureInfo.InvariantCulture));

    // Orders each bot placed so far, by the tag the journal keeps with each.
    private static async Task<IReadOnlyDictionary<string, int>> PlacedAsync(AccountJournal account) =>
        (await AllOrdersAsync(account)).GroupBy(o => o.Request.ClientTag ?? "").ToDictionary(g => g.Key.Replace("kb:", "", StringComparison.Ordinal), g => g.Count());

    private static async Task<List<TrackedOrder>> AllOrdersAsync(AccountJournal account)
    {
        var all = new List<TrackedOrder>();
        string? token = null;
        do
        {
            var page = await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = HistoryQuery.MaxPageSize, PageToken = token });
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        return all;
    }

    private static async Task JournalIsTheExchangeAsync(FleetBed bed, AccountJournal account)
    {
        var journaled = await AllOrdersAsync(account);
        // Every order belongs to exactly one bot: its tag, and its client order id in that bot's namespace alone.
        foreach (var order in journaled)
        {
            string owner = Assert.Single(Bots, id => FleetNamespace.Of(id).Owns(order.ClientOrderId));
            Assert.Equal("kb:" + owner, order.Request.ClientTag);
        }

        using var reader = new RawKrakenClient(bed.Sandbox.RestUri, FleetBed.BotKey, FleetBed.Secret, () => (long)bed.Sandbox.LastNonce(FleetBed.BotKey));
        var onExchange = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (txid, order) in await PagesAsync(reader, "ClosedOrders", "closed")) onExchange[txid] = order;
        foreach (var (txid, order) in await PagesAsync(reader, "OpenOrders", "open")) onExchange[txid] = order;

        // Orders: the same set, each with the same client order id, outcome and filled amount.
        var placedOnes = journaled.Where(o => o.ExchangeOrderId is not null).ToList();
        Assert.Equal(onExchange.Keys.Order(StringComparer.Ordinal), placedOnes.Select(o => o.ExchangeOrderId!).Order(StringComparer.Ordinal));
        Assert.All(journaled.Where(o => o.ExchangeOrderId is null), o => Assert.Equal(OrderState.Failed, o.State)); // never reached Kraken
        foreach (var order in placedOnes)
        {
            var theirs = onExchange[order.ExchangeOrderId!];
            Assert.Equal(order.ClientOrderId, theirs.GetProperty("cl_ord_id").GetString());
            Assert.Equal(decimal.Parse(theirs.GetProperty("vol_exec").GetString()!, CultureInfo.InvariantCulture), order.FilledAmount);
            string status = theirs.GetProperty("status").GetString()!;
            Assert.True(status switch
            {
                "closed" => order.State == OrderState.Filled,
                "canceled" => order.State is OrderState.Cancelled or OrderState.Failed,
                "expired" => order.State == OrderState.Expired,
                _ => false, // nothing is open: every bot stopped with its orders cancelled
            }, $"order {order.ClientOrderId}: {status} on the exchange, {order.State} in the journal");
        }

        // Trades: the same trade ids.
        var trades = await PagesAsync(reader, "TradesHistory", "trades");
        var fills = new List<string>();
        string? token = null;
        do
        {
            var page = await account.Fills.GetHistoryAsync(new HistoryQuery { PageSize = HistoryQuery.MaxPageSize, PageToken = token });
            fills.AddRange(page.Items.Select(f => f.Fill.TradeId));
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.NotEmpty(trades);
        Assert.Equal(trades.Select(t => t.Id).Order(StringComparer.Ordinal), fills.Order(StringComparer.Ordinal));
    }

    private static async Task<List<(string Id, JsonElement Item)>> PagesAsync(RawKrakenClient client, string method, string list)
    {
        var all = new List<(string, JsonElement)>();
        while (true)
        {
            (string, string)[] fields = method == "OpenOrders" ? [] : [("ofs", all.Count.ToString(CultureInfo.InvariantCulture))]; // OpenOrders is one page
            var result = (await QuietSandbox.Expect(client.PostAsync(method, fields))).GetProperty("result");
            var page = result.GetProperty(list).EnumerateObject().Select(p => (p.Name, p.Value.Clone())).ToList();
            all.AddRange(page);
            int count = result.TryGetProperty("count", out var total) ? total.GetInt32() : all.Count;
            if (page.Count == 0 || all.Count >= count) return all;
        }
    }

    private static JsonElement Bot(List<JsonElement> bots, string id) => bots.Single(b => b.GetProperty("id").GetString() == id);
}
