using System.Text.Json;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// A strategy group on a journal a fleet shares runs its bots over one connection, as one fleet member named after the
/// group: <c>fleet status</c> shows its bots' process running, <c>fleet cancel --bot</c> refuses one while the group
/// runs (naming the group), and once the group's process is gone cancels exactly that bot's orders.
/// </summary>
[Collection(FleetProcessesCollection.Name)]
public sealed class FleetGroupTests
{
    [PostgresFact]
    public async Task Fleet_cancel_of_one_bot_of_a_dead_group_finds_and_cancels_exactly_its_orders()
    {
        var balances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 50m, ["ETH"] = 500m };
        await using var bed = await FleetBed.StartAsync(balances);
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "5")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "5")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "ETHUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "3490"), ("volume", "50")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "ETHUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "3510"), ("volume", "50")));

        // No dead man's switch: the killed group's orders must stay until 'fleet cancel' takes them, however long that is.
        string machine = bed.Machine("group");
        await FleetBed.CreateConfigAsync(machine, "grp_btc", "BTC-USD", "0.01", ("dead_man_switch_timeout", "0"));
        await FleetBed.CreateConfigAsync(machine, "grp_eth", "ETH-USD", "0.1", ("dead_man_switch_timeout", "0"));
        string group = Path.Combine(machine, "grp.yml");
        await File.WriteAllTextAsync(group, """
            strategy: strategy_group
            exchange: kraken
            strategies: [grp_btc.yml, grp_eth.yml]
            """);

        using var running = bed.StartBot(machine, group);
        var up = await bed.UntilFleetAsync(bots => bots.Count == 2 && bots.All(b => b.GetProperty("status").GetString() == "running"
            && b.GetProperty("open_orders").GetArrayLength() == 2), running);
        Assert.All(up, b => Assert.True(b.GetProperty("process_running").GetBoolean(), b.ToString())); // the group's process
        var btcOrders = FleetCommandTests.OpenOrders(up.Single(b => b.GetProperty("id").GetString() == "grp_btc"));

        var refused = await bed.RunAsync(bed.Machine("fleet"), "fleet", "cancel", "--bot", "grp_btc");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("running in the strategy group 'grp'", refused.StdErr + refused.StdOut);

        // The status shows orders once journaled, just before they are sent: the kill comes once all four rest on the book
        // (a bot killed before its sends is covered by BotCommandTests' never-placed test).
        using (var bots = new RawKrakenClient(bed.Sandbox.RestUri, FleetBed.BotKey, FleetBed.Secret, () => (long)bed.Sandbox.LastNonce(FleetBed.BotKey)))
            await QuietSandbox.UntilOpenOrdersAsync(bots, 4);
        await running.KillAsync(); // kill -9: the group's orders stay on the book
        await bed.UntilFleetAsync(bots => bots.All(b => !b.GetProperty("process_running").GetBoolean()));

        var cancelled = await bed.RunAsync(bed.Machine("fleet"), "fleet", "cancel", "--bot", "grp_btc", "-o", "json");
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Equal(2, cancelled.Json().GetProperty("cancelled").GetInt32());
        var left = await OpenOnExchangeAsync(bed);
        Assert.Equal(2, left.Count);
        Assert.Empty(left.Intersect(btcOrders)); // the other bot's two quotes, untouched

        var rest = await bed.RunAsync(bed.Machine("fleet"), "fleet", "cancel", "--bot", "grp_eth", "-o", "json");
        Assert.True(rest.ExitCode == 0, rest.ToString());
        Assert.Equal(2, rest.Json().GetProperty("cancelled").GetInt32());
        Assert.Empty(await OpenOnExchangeAsync(bed));
    }

    // The bots' key's open orders as the sandbox holds them, by client order id.
    private static async Task<List<string>> OpenOnExchangeAsync(FleetBed bed)
    {
        using var bots = new RawKrakenClient(bed.Sandbox.RestUri, FleetBed.BotKey, FleetBed.Secret, () => (long)bed.Sandbox.LastNonce(FleetBed.BotKey));
        var reply = await QuietSandbox.Expect(bots.PostAsync("OpenOrders"));
        return reply.GetProperty("result").GetProperty("open").EnumerateObject().Select(o => o.Value.GetProperty("cl_ord_id").GetString()!).ToList();
    }
}
