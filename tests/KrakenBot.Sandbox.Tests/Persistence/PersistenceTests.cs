using KrakenBot.Sandbox.Tests.Rest;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Sandbox.Tests.Persistence;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "krakenbot-sandbox-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Accounts_orders_trades_and_nonces_survive_a_restart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var accounts = new[] { TestSandbox.Account("alice", TestSandbox.Secret, usd: 100_000m, btc: 1m), TestSandbox.Account("bob", TestSandbox.Secret, usd: 100_000m, btc: 1m) };
        string resting, later, filled;
        long lastNonce;
        string balanceBefore, historyBefore;

        await using (var first = await TestSandbox.StartAsync(accounts: accounts, dataDir: _dir, clock: clock))
        {
            var alice = first.Client("alice");
            var bob = first.Client("bob");
            resting = (await alice.Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60000"), ("volume", "0.5"))).Ok().GetProperty("txid")[0].GetString()!;
            later = (await bob.Post("AddOrder", ("pair", "XBTUSD"), ("type", "sell"), ("ordertype", "limit"), ("price", "60000"), ("volume", "0.5"))).Ok().GetProperty("txid")[0].GetString()!;
            filled = (await bob.Post("AddOrder", ("pair", "XBTUSD"), ("type", "buy"), ("ordertype", "limit"), ("price", "60000"), ("volume", "0.2"), ("oflags", "fcib"))).Ok().GetProperty("txid")[0].GetString()!;
            balanceBefore = (await alice.Post("BalanceEx")).Ok().GetRawText();
            historyBefore = (await alice.Post("TradesHistory")).Ok().GetRawText();
            lastNonce = alice.NextNonce();
            await alice.Send("Balance", lastNonce.ToString(System.Globalization.CultureInfo.InvariantCulture), "nonce=" + lastNonce, "application/x-www-form-urlencoded");
        }

        Assert.True(File.Exists(Path.Combine(_dir, "sandbox.db")));
        foreach (var file in Directory.GetFiles(_dir))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.DoesNotContain(TestSandbox.Secret, System.Text.Encoding.ASCII.GetString(bytes));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Convert.FromBase64String(TestSandbox.Secret)));
        }

        await using var second = await TestSandbox.StartAsync(accounts: accounts, dataDir: _dir, clock: clock);
        var alice2 = second.Client("alice");
        // the nonce high-water mark survived: an old nonce is refused
        Assert.Equal("EAPI:Invalid nonce", (await alice2.Send("Balance", lastNonce.ToString(System.Globalization.CultureInfo.InvariantCulture), "nonce=" + lastNonce, "application/x-www-form-urlencoded")).Error());
        var fresh = lastNonce + 10;
        Assert.Equal(balanceBefore, (await alice2.Send("BalanceEx", fresh.ToString(System.Globalization.CultureInfo.InvariantCulture), "nonce=" + fresh, "application/x-www-form-urlencoded")).Ok().GetRawText());
        fresh++;
        Assert.Equal(historyBefore, (await alice2.Send("TradesHistory", fresh.ToString(System.Globalization.CultureInfo.InvariantCulture), "nonce=" + fresh, "application/x-www-form-urlencoded")).Ok().GetRawText());

        var bob2 = second.Client("bob");
        for (var i = 0; i < 100; i++) bob2.NextNonce(); // bob's client restarts its counter above the stored mark below
        var bobNonce = lastNonce + 1000;
        var closed = (await bob2.Send("QueryOrders", bobNonce.ToString(System.Globalization.CultureInfo.InvariantCulture), $"nonce={bobNonce}&txid={filled}", "application/x-www-form-urlencoded")).Ok().GetProperty(filled);
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal("fcib", closed.Str("oflags"));

        // Open orders are back in the book with their time priority: alice's order fills first.
        var depth = (await second.Public("Depth", "pair=XBTUSD")).Ok().GetProperty("XXBTZUSD").GetProperty("asks");
        Assert.Equal("0.80000000", depth[0][1].GetString());
        bobNonce++;
        (await bob2.Send("AddOrder", bobNonce.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"nonce={bobNonce}&pair=XBTUSD&type=buy&ordertype=limit&price=60000&volume=0.3", "application/x-www-form-urlencoded")).Ok();
        fresh++;
        var after = (await alice2.Send("QueryOrders", fresh.ToString(System.Globalization.CultureInfo.InvariantCulture), $"nonce={fresh}&txid={resting}", "application/x-www-form-urlencoded")).Ok().GetProperty(resting);
        Assert.Equal("closed", after.Str("status"));
        bobNonce++;
        var bobsResting = (await bob2.Send("QueryOrders", bobNonce.ToString(System.Globalization.CultureInfo.InvariantCulture), $"nonce={bobNonce}&txid={later}", "application/x-www-form-urlencoded")).Ok().GetProperty(later);
        Assert.Equal("0.00000000", bobsResting.Str("vol_exec"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
