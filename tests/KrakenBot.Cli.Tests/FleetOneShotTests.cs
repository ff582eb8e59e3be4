using System.Text.Json;
using KrakenBot.Tests.Shared;

namespace KrakenBot.Cli.Tests;

/// <summary>
/// One-shot commands on a journal a fleet shares (<c>--journal postgres://…</c>), each its own process on its own
/// "machine": they act for the operator, one stable fleet member, so an order placed by one command is the next
/// command's to list and cancel; another member's order is cancelled only when the command names the member.
/// </summary>
[Collection(FleetProcessesCollection.Name)]
public sealed class FleetOneShotTests
{
    [PostgresFact]
    public async Task An_order_placed_by_one_command_is_cancelled_by_id_from_a_later_process_and_another_members_only_when_named()
    {
        await using var bed = await FleetBed.StartAsync();
        await QuietSandbox.Expect(bed.Maker.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60100"), ("volume", "1")));
        string here = bed.Machine("here"), there = bed.Machine("there");

        var bought = await bed.RunAsync(here, "buy", "BTC-USD", "0.01", "--price", "50000", "-o", "json");
        Assert.True(bought.ExitCode == 0, bought.ToString());
        string mine = bought.Json().GetProperty("order_id").GetString()!;

        // A later process on another machine lists it and cancels it by Kraken's id.
        var listed = await bed.RunAsync(there, "orders", "-o", "json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal([mine], OrderIds(listed));
        var cancelled = await bed.RunAsync(there, "cancel", mine, "-o", "json");
        Assert.True(cancelled.ExitCode == 0, cancelled.ToString());
        Assert.Equal(1, cancelled.Json().GetProperty("cancelled").GetInt32());
        Assert.Empty(await OpenOnExchangeAsync(bed));

        // An order placed for a bot (--bot) is that bot's: the operator's commands neither list nor cancel it, and the
        // refusal names its owner; named with --bot, it is cancelled.
        var forBot = await bed.RunAsync(here, "buy", "BTC-USD", "0.01", "--price", "50001", "--bot", "fleet_x", "-o", "json");
        Assert.True(forBot.ExitCode == 0, forBot.ToString());
        string theirs = forBot.Json().GetProperty("order_id").GetString()!;
        var operatorView = await bed.RunAsync(there, "orders", "-o", "json");
        Assert.True(operatorView.ExitCode == 0, operatorView.ToString());
        Assert.Empty(OrderIds(operatorView));

        var refused = await bed.RunAsync(there, "cancel", theirs);
        Assert.Equal(16, refused.ExitCode); // unknown_order
        Assert.Contains("belongs to the fleet member 'fleet_x'", refused.StdErr + refused.StdOut);
        Assert.Contains($"krakenbot cancel {theirs} --bot fleet_x", refused.StdErr + refused.StdOut);
        Assert.Equal([theirs], await OpenOnExchangeAsync(bed));

        var named = await bed.RunAsync(there, "cancel", theirs, "--bot", "fleet_x", "-o", "json");
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Equal(1, named.Json().GetProperty("cancelled").GetInt32());
        Assert.Empty(await OpenOnExchangeAsync(bed));
    }

    private static List<string> OrderIds(CliResult result) =>
        result.Json().GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("order_id").GetString()!).ToList();

    // The bots' key's open orders as the sandbox itself holds them.
    private static async Task<List<string>> OpenOnExchangeAsync(FleetBed bed)
    {
        using var bots = new RawKrakenClient(bed.Sandbox.RestUri, FleetBed.BotKey, FleetBed.Secret, () => (long)bed.Sandbox.LastNonce(FleetBed.BotKey));
        var reply = await QuietSandbox.Expect(bots.PostAsync("OpenOrders"));
        return reply.GetProperty("result").GetProperty("open").EnumerateObject().Select(o => o.Name).ToList();
    }
}
