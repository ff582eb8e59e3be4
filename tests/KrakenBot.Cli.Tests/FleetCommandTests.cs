using System.Text.Json;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// Two bots on one key, each started from a data directory of its own (as on two machines) with one PostgreSQL journal
/// (<c>--journal</c>): <c>fleet status</c> from a third process lists both with their own orders; each stops with its
/// own orders cancelled and the other's left alone.
/// </summary>
[Collection(FleetProcessesCollection.Name)]
public sealed class FleetCommandTests
{
    [PostgresFact]
    public async Task Two_bots_on_one_key_share_a_postgres_journal_fleet_status_lists_each_with_its_own_orders_and_each_stops_alone()
    {
        await using var bed = await FleetBed.StartAsync();
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "59900"), ("volume", "1")));
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));

        string machineA = bed.Machine("a"), machineB = bed.Machine("b");
        string configA = await FleetBed.CreateConfigAsync(machineA, "fleet_a"), configB = await FleetBed.CreateConfigAsync(machineB, "fleet_b");
        using var botA = bed.StartBot(machineA, configA);
        using var botB = bed.StartBot(machineB, configB);

        var both = await bed.UntilFleetAsync(bots => bots.Count == 2 && bots.All(b => b.GetProperty("status").GetString() == "running"
            && b.GetProperty("open_orders").GetArrayLength() == 2), botA, botB);
        Assert.Equal(["fleet_a", "fleet_b"], both.Select(b => b.GetProperty("id").GetString()!));
        Assert.All(both, b => Assert.Equal("BTC-USD", b.GetProperty("pair").GetString()));
        Assert.All(both, b => Assert.True(b.GetProperty("process_running").GetBoolean()));
        var ordersA = OpenOrders(both[0]);
        var ordersB = OpenOrders(both[1]);
        Assert.Empty(ordersA.Intersect(ordersB)); // every order owned by exactly one bot

        // The table names both bots too.
        var table = await bed.RunAsync(bed.Machine("fleet"), "fleet", "status");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("fleet_a", table.StdOut);
        Assert.Contains("fleet_b", table.StdOut);

        // A stops: its orders are cancelled, B keeps quoting with the same two orders.
        var stop = await bed.RunAsync(machineA, "stop", "--bot", "fleet_a");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        var endedA = await botA.WaitAsync(FleetBed.Patience);
        Assert.True(endedA.ExitCode == 0, endedA + "\n" + bed.BotLogs());
        var afterStop = await bed.UntilFleetAsync(bots => bots[0].GetProperty("status").GetString() == "stopped"
            && bots[0].GetProperty("open_orders").GetArrayLength() == 0, botB);
        Assert.Equal("running", afterStop[1].GetProperty("status").GetString());
        Assert.False(afterStop[0].GetProperty("process_running").GetBoolean());
        Assert.Equal(ordersB, OpenOrders(afterStop[1]));

        var stopB = await bed.RunAsync(machineB, "stop", "--bot", "fleet_b");
        Assert.True(stopB.ExitCode == 0, stopB.ToString());
        var endedB = await botB.WaitAsync(FleetBed.Patience);
        Assert.True(endedB.ExitCode == 0, endedB + "\n" + bed.BotLogs());
        Assert.DoesNotContain("Invalid nonce", endedA.StdErr + endedB.StdErr);
        Assert.DoesNotContain("Rate limit exceeded", endedA.StdErr + endedB.StdErr);
    }

    internal static List<string> OpenOrders(JsonElement bot) =>
        bot.GetProperty("open_orders").EnumerateArray().Select(o => o.GetString()!).Order(StringComparer.Ordinal).ToList();
}
