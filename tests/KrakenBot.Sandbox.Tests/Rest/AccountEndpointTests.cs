using System.Text.Json;

namespace KrakenBot.Sandbox.Tests.Rest;

public sealed class AccountEndpointTests
{
    [Fact]
    public async Task Balance_and_BalanceEx_show_totals_and_holds()
    {
        await using var sandbox = await TestSandbox.StartAsync(accounts: [TestSandbox.Account(TestSandbox.Key, TestSandbox.Secret, usd: 10_000m, btc: 2m)]);
        var client = sandbox.Client();
        (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "50000.0"), ("volume", "0.1"))).Ok();
        (await client.Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "70000.0"), ("volume", "0.5"))).Ok();

        var balance = (await client.Post("Balance")).Ok();
        Assert.Equal("10000.0000", balance.Str("ZUSD"));
        Assert.Equal("2.0000000000", balance.Str("XXBT"));
        var ex = (await client.Post("BalanceEx")).Ok();
        Assert.Equal("10000.0000", ex.GetProperty("ZUSD").Str("balance"));
        Assert.Equal("5013.0000", ex.GetProperty("ZUSD").Str("hold_trade")); // 5000 + 0.26 % worst-case fee
        Assert.Equal("0.5000000000", ex.GetProperty("XXBT").Str("hold_trade"));
        Assert.Equal("0.0000", ex.GetProperty("ZUSD").Str("credit"));
    }

    [Fact]
    public async Task TradeBalance_and_TradeVolume()
    {
        await using var sandbox = await TestSandbox.StartAsync(accounts:
            [TestSandbox.Account("a", TestSandbox.Secret, usd: 100_000m, btc: 1m), TestSandbox.Account("b", TestSandbox.Secret)]);
        var a = sandbox.Client("a");
        var b = sandbox.Client("b");
        (await b.Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "50000.0"), ("volume", "1"))).Ok();
        (await a.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "50000.0"), ("volume", "0.5"))).Ok();

        var tb = (await a.Post("TradeBalance", ("asset", "ZUSD"))).Ok();
        // 100000 - 25000 - 65 fee = 74935 USD, 1.5 BTC at the last price 50000, 1000 ETH at 3000 (no ETH trades yet)
        Assert.Equal("3149935.0000", tb.Str("eb"));
        Assert.Equal("3149935.0000", tb.Str("e"));

        var volume = (await a.Post("TradeVolume", ("pair", "XBTUSD"))).Ok();
        Assert.Equal("ZUSD", volume.Str("currency"));
        Assert.Equal("25000.0000", volume.Str("volume"));
        Assert.Equal("0.2600", volume.GetProperty("fees").GetProperty("XXBTZUSD").Str("fee"));
        Assert.Equal("0.1600", volume.GetProperty("fees_maker").GetProperty("XXBTZUSD").Str("fee"));
        Assert.Equal("50000.0000", volume.GetProperty("fees").GetProperty("XXBTZUSD").Str("nextvolume"));
    }

    [Fact]
    public async Task WebSocket_tokens_last_fifteen_minutes_unless_in_use()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var result = (await sandbox.Client().Post("GetWebSocketsToken")).Ok();
        Assert.Equal(900, result.GetProperty("expires").GetInt32());
        var token = result.Str("token");
        var tokens = sandbox.Host.Context.Tokens;
        Assert.True(tokens.TryValidate(token, out var account));
        Assert.Equal(TestSandbox.Key, account.ApiKey);

        sandbox.Clock.Advance(TimeSpan.FromMinutes(14));
        tokens.Touch(token); // an open private subscription keeps it alive
        sandbox.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.True(tokens.TryValidate(token, out _));
        sandbox.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.False(tokens.TryValidate(token, out _));
        Assert.False(tokens.TryValidate("made-up", out _));
    }
}
