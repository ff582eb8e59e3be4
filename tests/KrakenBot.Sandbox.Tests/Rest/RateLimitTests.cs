using KrakenBot.Sandbox.Accounts;

namespace KrakenBot.Sandbox.Tests.Rest;

/// <summary>Kraken's REST counter and per-pair trading counter, on a fake clock (API.md §3).</summary>
public sealed class RateLimitTests
{
    [Theory]
    [InlineData(AccountTier.Starter, 15, 0.33)]
    [InlineData(AccountTier.Intermediate, 20, 0.5)]
    [InlineData(AccountTier.Pro, 20, 1.0)]
    public async Task Rest_counter_fills_up_and_decays_per_tier(AccountTier tier, int maximum, double decayPerSecond)
    {
        await using var sandbox = await TestSandbox.StartAsync(tier);
        var client = sandbox.Client();
        for (var i = 0; i < maximum; i++) Assert.Empty((await client.Post("Balance")).Errors());
        Assert.Equal("EAPI:Rate limit exceeded", (await client.Post("Balance")).Error());
        Assert.Empty((await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Errors()); // trading calls don't use it

        // Just under one call's worth of decay is not enough; one full call's worth is.
        sandbox.Clock.Advance(TimeSpan.FromSeconds(0.95 / decayPerSecond));
        Assert.Equal("EAPI:Rate limit exceeded", (await client.Post("Balance")).Error());
        sandbox.Clock.Advance(TimeSpan.FromSeconds(0.1 / decayPerSecond));
        Assert.Empty((await client.Post("Balance")).Errors());
    }

    [Fact]
    public async Task Trades_history_costs_two()
    {
        await using var sandbox = await TestSandbox.StartAsync(AccountTier.Starter);
        var client = sandbox.Client();
        for (var i = 0; i < 7; i++) Assert.Empty((await client.Post("TradesHistory")).Errors());
        Assert.Empty((await client.Post("Balance")).Errors()); // 15
        Assert.Equal("EAPI:Rate limit exceeded", (await client.Post("Balance")).Error());
    }

    [Fact]
    public async Task Trading_counter_is_per_pair_and_charges_young_cancels_more()
    {
        await using var sandbox = await TestSandbox.StartAsync(AccountTier.Starter); // threshold 60, -1/s
        var client = sandbox.Client();
        // 6 adds (+1 each) and 6 immediate cancels (+8 each) = 54
        for (var i = 0; i < 6; i++)
        {
            var id = (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Ok().GetProperty("txid")[0].GetString()!;
            Assert.Empty((await client.Post("CancelOrder", ("txid", id))).Errors());
        }
        for (var i = 0; i < 6; i++)
            Assert.Empty((await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Errors());
        Assert.Equal("EOrder:Rate limit exceeded", (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Error());
        // another pair has its own counter
        Assert.Empty((await client.Post("AddOrder", ("pair", "ETHUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "100"), ("volume", "1"))).Errors());
        sandbox.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty((await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Errors());
    }

    [Fact]
    public async Task Old_orders_cancel_for_free()
    {
        await using var sandbox = await TestSandbox.StartAsync(AccountTier.Starter);
        var client = sandbox.Client();
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
            ids.Add((await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Ok().GetProperty("txid")[0].GetString()!);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(300)); // counter decayed to 0, orders are 300 s old: cancel penalty 0
        foreach (var id in ids) Assert.Empty((await client.Post("CancelOrder", ("txid", id))).Errors());
        for (var i = 0; i < 60; i++)
            Assert.Empty((await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Errors());
        Assert.Equal("EOrder:Rate limit exceeded", (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "1"))).Error());
    }

    [Fact]
    public async Task Open_order_limit_per_pair_by_tier()
    {
        await using var sandbox = await TestSandbox.StartAsync(AccountTier.Intermediate); // 80 open orders per pair
        var client = sandbox.Client();
        for (var i = 0; i < 80; i++)
        {
            Assert.Empty((await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "0.01"))).Errors());
            if (i % 20 == 19) sandbox.Clock.Advance(TimeSpan.FromSeconds(60)); // keep the trading counter low
        }
        Assert.Equal("EOrder:Orders limit exceeded", (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "1000"), ("volume", "0.01"))).Error());
    }
}
