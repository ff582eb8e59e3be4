using System.Globalization;
using System.Text.Json;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>The <c>book</c> channel: snapshot, updates, checksums (verified independently) and exact truncation.</summary>
public sealed class BookSocketTests
{
    [Fact]
    public async Task Snapshot_prints_full_precision_and_its_checksum_matches_an_independent_check()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var maker = sandbox.Account();
        Assert.Null(sandbox.Limit(maker, Side.Buy, 0.1m, 59000m).Error);
        Assert.Null(sandbox.Limit(maker, Side.Sell, 1.5m, 61000.5m).Error);

        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"]},"req_id":3}""");
        var ack = await ws.NextAckAsync("subscribe");
        Assert.Equal(10, ack.GetProperty("result").GetProperty("depth").GetInt32());
        var snapshot = await ws.NextOnAsync("book", "snapshot");
        var data = snapshot.Data0();
        Assert.Equal("BTC/USD", data.Str("symbol"));
        var bid = data.GetProperty("bids")[0];
        Assert.Equal("59000.0", bid.Raw("price"));       // JSON number, pair precision 1
        Assert.Equal("0.10000000", bid.Raw("qty"));      // lot precision 8, trailing zeros kept
        Assert.Equal("61000.5", data.GetProperty("asks")[0].Raw("price"));

        var book = new TestBook(10, 1, 8);
        var (ours, theirs) = book.Apply(snapshot);
        Assert.Equal(ours, theirs);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    public async Task Updates_keep_a_truncated_client_book_exact_through_random_order_flow(int depth)
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var a = sandbox.Account();
        var b = sandbox.Account(SandboxWsFixture.OtherKey);
        var random = new Random(depth);
        // A book deeper than the subscription so levels enter the top N when others leave.
        for (var i = 0; i < 40; i++)
        {
            Assert.Null(sandbox.Limit(a, Side.Buy, 0.01m * (1 + random.Next(50)), 59000m - i * 10m).Error);
            Assert.Null(sandbox.Limit(a, Side.Sell, 0.01m * (1 + random.Next(50)), 61000m + i * 10m).Error);
        }

        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":" + depth + "}}");
        await ws.NextAckAsync("subscribe");
        var book = new TestBook(depth, 1, 8);
        var (first, firstTheirs) = book.Apply(await ws.NextOnAsync("book", "snapshot"));
        Assert.Equal(first, firstTheirs);
        Assert.Equal(depth, book.Bids.Count);

        // Random flow: rests, cancels of resting orders, and market orders that eat whole levels.
        var open = new List<Order>();
        for (var i = 0; i < 300; i++)
        {
            var who = random.Next(2) == 0 ? a : b;
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            switch (random.Next(4))
            {
                case 0 when open.Count > 0:
                    var victim = open[random.Next(open.Count)];
                    open.Remove(victim);
                    sandbox.Exchange.Engine(victim.Pair).Cancel(victim);
                    break;
                case 1:
                    sandbox.Market(who, side, 0.01m * (1 + random.Next(80)));
                    break;
                default:
                    var offset = random.Next(0, 400) * 0.1m;
                    var price = side == Side.Buy ? 59990m - offset : 60010m + offset;
                    if (sandbox.Limit(who, side, 0.01m * (1 + random.Next(30)), price) is { Order: { IsOpen: true } o }) open.Add(o);
                    break;
            }
        }
        // Barrier: a ping answered after every update queued so far.
        await ws.SendAsync("""{"method":"ping","req_id":999}""");
        var updates = 0;
        while (true)
        {
            var message = await ws.ReceiveAsync();
            if (message.Str("method") == "pong") break;
            if (message.Str("channel") != "book") continue;
            var (ours, theirs) = book.Apply(message);
            Assert.Equal(ours, theirs);
            updates++;
        }
        Assert.True(updates > 100, $"only {updates} book updates");

        // The client's truncated book equals the sandbox's REST Depth, level for level.
        using var depthJson = await sandbox.RestGetAsync($"/0/public/Depth?pair=XBTUSD&count={depth}");
        var rest = depthJson.RootElement.GetProperty("result").GetProperty("XXBTZUSD");
        AssertSame(rest.GetProperty("bids"), book.Bids);
        AssertSame(rest.GetProperty("asks"), book.Asks);
    }

    private static void AssertSame(JsonElement restSide, IReadOnlyList<(decimal Price, decimal Qty)> ours)
    {
        var rest = restSide.EnumerateArray()
            .Select(l => (decimal.Parse(l[0].GetString()!, CultureInfo.InvariantCulture), decimal.Parse(l[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Equal(rest, ours);
    }

    [Fact]
    public async Task Corrupt_checksum_fault_breaks_exactly_the_next_book_message()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        var maker = sandbox.Account();
        Assert.Null(sandbox.Limit(maker, Side.Buy, 0.1m, 59000m).Error);
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD","DOGE/USD"]}}""");
        await ws.NextAckAsync("subscribe");
        await ws.NextAckAsync("subscribe");
        var book = new TestBook(10, 1, 8);
        var doge = new TestBook(10, 7, 8);
        var (d1, d2) = doge.Apply(await ws.NextAsync(m => m.Str("channel") == "book" && m.Data0().Str("symbol") == "DOGE/USD"));
        Assert.Equal(d1, d2);
        var (s1, s2) = book.Apply(await ws.NextOnAsync("book", "snapshot"));
        Assert.Equal(s1, s2);

        using var http = new HttpClient();
        (await http.PostAsync(new Uri(sandbox.Host.RestUri, "/sandbox/faults/corrupt-checksum?count=1&symbol=BTC/USD"), null)).EnsureSuccessStatusCode();
        Assert.Null(sandbox.Limit(maker, Side.Buy, 100m, 0.1m, "DOGE/USD").Error); // another pair's book: not the target
        Assert.Null(sandbox.Limit(maker, Side.Buy, 0.2m, 59000.1m).Error);
        Assert.Null(sandbox.Limit(maker, Side.Buy, 0.3m, 59000.2m).Error);
        var (dogeOurs, dogeTheirs) = doge.Apply(await ws.NextAsync(m => m.Str("channel") == "book" && m.Data0().Str("symbol") == "DOGE/USD"));
        Assert.Equal(dogeOurs, dogeTheirs);
        var (bad, badTheirs) = book.Apply(await ws.NextAsync(m => m.Str("channel") == "book" && m.Data0().Str("symbol") == "BTC/USD"));
        Assert.NotEqual(bad, badTheirs);
        var (good, goodTheirs) = book.Apply(await ws.NextAsync(m => m.Str("channel") == "book" && m.Data0().Str("symbol") == "BTC/USD"));
        Assert.Equal(good, goodTheirs);
    }

    [Fact]
    public async Task Unsubscribe_must_echo_the_depth()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        await ws.SendAsync("""{"method":"subscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25,"snapshot":false}}""");
        Assert.True((await ws.NextAckAsync("subscribe")).GetProperty("success").GetBoolean());
        await ws.SendAsync("""{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":10}}""");
        Assert.Equal("Subscription Not Found", (await ws.NextAckAsync("unsubscribe")).Str("error"));
        await ws.SendAsync("""{"method":"unsubscribe","params":{"channel":"book","symbol":["BTC/USD"],"depth":25}}""");
        var ok = await ws.NextAckAsync("unsubscribe");
        Assert.True(ok.GetProperty("success").GetBoolean());
        Assert.Equal(25, ok.GetProperty("result").GetProperty("depth").GetInt32());
    }
}
