using System.Text.Json;
using KrakenBot.Sandbox;
using KrakenBot.Sandbox.Accounts;
using Xunit;

namespace KrakenBot.Tests.Shared;

/// <summary>
/// The sandbox most bot and connector tests stand on: Pro tier, no market activity (every order on it is one a test or
/// the code under test placed), and two funded accounts, the trader (the code under test) and a maker (the test's
/// other side, through <see cref="RawKrakenClient"/>). With the checks those tests share.
/// </summary>
internal static class QuietSandbox
{
    /// <summary>USD 100,000, BTC 5 and ETH 100: enough for a bot's quotes and for the maker's book. A fresh copy each time.</summary>
    public static Dictionary<string, decimal> Funds() => new() { ["USD"] = 100_000m, ["BTC"] = 5m, ["ETH"] = 100m };

    /// <summary>Starts the sandbox on free loopback ports.</summary>
    /// <param name="traderBalances">The trader's starting balances; <see cref="Funds"/> when null.</param>
    /// <param name="makerBalances">The maker's; the trader's when null.</param>
    /// <param name="traderPermissions">What the trader's key may do (all by default).</param>
    /// <param name="clock">The sandbox's clock (the real one by default).</param>
    /// <param name="makerSecret">The maker's secret; <paramref name="secret"/> (the trader's) when null.</param>
    public static Task<SandboxHost> StartAsync(string traderKey, string makerKey, string secret,
        IDictionary<string, decimal>? traderBalances = null, IDictionary<string, decimal>? makerBalances = null,
        ApiPermissions traderPermissions = ApiPermissions.All, TimeProvider? clock = null, string? makerSecret = null)
    {
        traderBalances ??= Funds();
        return SandboxHost.StartAsync(new SandboxOptions
        {
            Tier = AccountTier.Pro,
            MarketActivity = false,
            TimeProvider = clock ?? TimeProvider.System,
            Accounts =
            [
                new SandboxAccount { ApiKey = traderKey, ApiSecret = secret, Permissions = traderPermissions, Balances = new Dictionary<string, decimal>(traderBalances) },
                new SandboxAccount { ApiKey = makerKey, ApiSecret = makerSecret ?? secret, Balances = new Dictionary<string, decimal>(makerBalances ?? traderBalances) },
            ],
        });
    }

    /// <summary>The reply of a private call that must succeed: Kraken's errors fail the test, by name.</summary>
    public static async Task<JsonElement> Expect(Task<JsonElement> call)
    {
        var reply = await call;
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
        return reply;
    }

    /// <summary>
    /// Waits until the sandbox holds <paramref name="count"/> open orders for <paramref name="account"/>'s key and returns
    /// their ids. A bot journals an order before it sends it: what its status shows may not be on the book yet.
    /// </summary>
    public static async Task<List<string>> UntilOpenOrdersAsync(RawKrakenClient account, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string last = "no answer yet";
        while (true)
        {
            var reply = await account.PostAsync("OpenOrders");
            last = RawKrakenClient.Errors(reply); // a nonce race with the bot's own calls is simply read again
            if (last.Length == 0)
            {
                var open = reply.GetProperty("result").GetProperty("open").EnumerateObject().Select(o => o.Name).Order().ToList();
                if (open.Count == count) return open;
                last = $"{open.Count} open";
            }

            Assert.True(DateTime.UtcNow < deadline, $"the sandbox never held {count} open orders for the key (last: {last})");
            await Task.Delay(50);
        }
    }
}
