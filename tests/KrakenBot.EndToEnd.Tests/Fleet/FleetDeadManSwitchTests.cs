using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// Kraken's dead man's switch is one per key: two bots' connectors on one key and one PostgreSQL journal keep it armed
/// as long as either runs, whichever stops first, and the last one disarms it.
/// </summary>
public sealed class FleetDeadManSwitchTests
{
    [PostgresFact]
    public async Task Two_members_on_one_key_keep_the_switch_armed_until_the_last_one_stops()
    {
        await using var schema = new TestPostgresSchema();
        await using var world = await SandboxWorld.StartAsync();
        // Long timeouts (re-armed every 200 s and 100 s): no re-arm falls inside the test, so each assertion sees the
        // call that a start or a stop made.
        var a = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-a",
            deadManSwitch: true, deadManSwitchTimeout: TimeSpan.FromSeconds(600)));
        Assert.True(Trigger(world) > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(500));

        // B arms with its shorter timeout, yet the switch keeps A's: B's call must not bring A's deadline forward.
        var b = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-b",
            deadManSwitch: true, deadManSwitchTimeout: TimeSpan.FromSeconds(300)));
        Assert.True(Trigger(world) > DateTimeOffset.UtcNow + TimeSpan.FromSeconds(500), $"the trigger is {Trigger(world):HH:mm:ss}");

        // A stops cleanly: B still runs, so the switch stays armed for B's orders.
        await a.DisposeAsync();
        Assert.NotNull(Trigger(world));

        // B, the last member, disarms it.
        await b.DisposeAsync();
        Assert.Null(Trigger(world));
    }

    private static DateTimeOffset? Trigger(SandboxWorld world) => world.Sandbox.DeadManSwitchTrigger(world.Trader.ApiKey);
}
