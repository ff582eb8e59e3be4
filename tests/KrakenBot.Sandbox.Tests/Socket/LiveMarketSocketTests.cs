using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Socket;

/// <summary>Books of every pair under the synthetic market, and execution sequences under concurrent order flow.</summary>
public sealed class LiveMarketSocketTests
{
    [Fact]
    public async Task Every_pairs_book_stays_exact_while_the_synthetic_market_trades()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync(marketActivity: true);
        sandbox.Clock.Advance(TimeSpan.FromSeconds(5)); // let the traders build books first
        await using var ws = await sandbox.PublicAsync();
        await ws.ReceiveAsync();
        var pairs = sandbox.Exchange.Markets.Pairs;
        var symbols = string.Join(",", pairs.Select(p => $"\"{p.Symbol}\""));
        await ws.SendAsync($"{{\"method\":\"subscribe\",\"params\":{{\"channel\":\"book\",\"symbol\":[{symbols}],\"depth\":10}}}}");
        var books = pairs.ToDictionary(p => p.Symbol, p => new TestBook(10, p.PairDecimals, p.LotDecimals));
        foreach (var _ in pairs) Assert.True((await ws.NextAckAsync("subscribe")).GetProperty("success").GetBoolean());

        for (var i = 0; i < 40; i++) sandbox.Clock.Advance(TimeSpan.FromMilliseconds(250));
        await ws.SendAsync("""{"method":"ping","req_id":1}""");
        var checkedMessages = 0;
        while (true)
        {
            var message = await ws.ReceiveAsync();
            if (message.Str("method") == "pong") break;
            if (message.Str("channel") != "book") continue;
            var symbol = message.Data0().Str("symbol")!;
            var (ours, theirs) = books[symbol].Apply(message);
            Assert.True(ours == theirs, $"{symbol} checksum mismatch after {checkedMessages} messages");
            checkedMessages++;
        }
        Assert.True(checkedMessages > pairs.Count * 5, $"only {checkedMessages} book messages");

        // Each client book equals the engine's top 10 at the end.
        foreach (var pair in pairs)
        {
            var snapshot = sandbox.Exchange.Engine(pair).Snapshot(10);
            Assert.Equal(snapshot.Bids.Select(l => (l.Price, l.Quantity)), books[pair.Symbol].Bids);
            Assert.Equal(snapshot.Asks.Select(l => (l.Price, l.Quantity)), books[pair.Symbol].Asks);
        }
    }

    [Fact]
    public async Task Execution_sequence_has_no_gaps_under_concurrent_orders_on_several_pairs()
    {
        await using var sandbox = await SandboxWsFixture.StartAsync();
        await using var s = await PrivateSession.OpenAsync(sandbox);
        await s.CallAsync("subscribe", "\"channel\":\"executions\",\"snap_orders\":false");
        var me = sandbox.Account();
        var pairs = new[] { ("BTC/USD", 50000m, 0.01m), ("DOGE/USD", 0.1m, 100m), ("ETH/USD", 2000m, 0.01m) };
        const int perPair = 200;
        await Task.WhenAll(pairs.Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perPair; i++)
            {
                var placed = sandbox.Limit(me, Side.Buy, p.Item3, p.Item2, p.Item1);
                Assert.Null(placed.Error);
                sandbox.Exchange.Engine(placed.Order!.Pair).Cancel(placed.Order);
            }
        })));
        // pending_new + new + canceled per order.
        var expected = pairs.Length * perPair * 3;
        long last = 0;
        var seen = 0;
        var perOrder = new Dictionary<string, List<string>>();
        while (seen < expected)
        {
            var message = await s.Ws.NextOnAsync("executions", "update");
            var sequence = message.GetProperty("sequence").GetInt64();
            if (last != 0) Assert.Equal(last + 1, sequence);
            last = sequence;
            var entry = message.Data0();
            var id = entry.Str("order_id")!;
            if (!perOrder.TryGetValue(id, out var types)) perOrder[id] = types = [];
            types.Add(entry.Str("exec_type")!);
            seen++;
        }
        Assert.Equal(pairs.Length * perPair, perOrder.Count);
        Assert.All(perOrder.Values, t => Assert.Equal(["pending_new", "new", "canceled"], t));
    }
}
