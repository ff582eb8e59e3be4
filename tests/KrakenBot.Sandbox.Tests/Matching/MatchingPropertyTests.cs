using KrakenBot.Sandbox.Accounts;
using KrakenBot.Sandbox.Market;
using KrakenBot.Sandbox.Matching;

namespace KrakenBot.Sandbox.Tests.Matching;

/// <summary>
/// Seeded random order flow over two pairs that share assets; after every step the books must be
/// uncrossed and consistent, and every balance must equal deposits plus fills minus fees.
/// </summary>
public sealed class MatchingPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Random_flow_keeps_books_uncrossed_and_balances_exact(int seed)
    {
        using var f = new EngineFixture(seed);
        var random = new Random(seed);
        f.Markets.TryGetPair("ETH/BTC", out var ethBtc);
        PairInfo[] pairs = [f.Btc, ethBtc!];
        var accounts = new List<Account>();
        for (var i = 0; i < 5; i++)
        {
            var a = f.Account("p" + i, usd: 200_000m, btc: 5m);
            f.Exchange.Deposit(a, ethBtc!.Base, 50m);
            accounts.Add(a);
        }

        for (var step = 0; step < 1500; step++)
        {
            var pair = pairs[random.Next(pairs.Length)];
            var engine = f.Exchange.Engine(pair);
            var account = accounts[random.Next(accounts.Count)];
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var mid = pair.ReferencePrice;
            var price = Money.Round(mid * (1m + (random.Next(-40, 41) / 1000m)), pair.PairDecimals);
            var volume = Money.Round(pair.OrderMin * random.Next(1, 60) + random.Next(0, 1000) * pair.LotStep, pair.LotDecimals);
            var op = random.Next(10);
            LastOp = $"step {step} op {op}";
            switch (op)
            {
                case <= 4:
                    engine.Submit(new OrderRequest
                    {
                        Account = account, Side = side, Kind = OrderKind.Limit, Volume = volume, LimitPrice = price,
                        TimeInForce = (TimeInForce)random.Next(4), PostOnly = random.Next(5) == 0,
                        Stp = (SelfTradePrevention)random.Next(3), FeeInBase = random.Next(3) switch { 0 => true, 1 => false, _ => null },
                        ExpireTime = f.Clock.GetUtcNow().AddSeconds(random.Next(1, 30)),
                    });
                    break;
                case 5:
                    engine.Submit(new OrderRequest
                    {
                        Account = account, Side = side, Kind = OrderKind.Market, Volume = volume,
                        NoMarketPriceProtection = random.Next(2) == 0, FeeInBase = random.Next(2) == 0,
                    });
                    break;
                case 6 or 7:
                    var open = f.Exchange.OpenOrdersOf(account);
                    if (open.Count > 0)
                    {
                        var victim = open[random.Next(open.Count)];
                        Assert.Null(f.Exchange.Engine(victim.Pair).Cancel(victim).Error);
                    }
                    break;
                case 8:
                    var mine = f.Exchange.OpenOrdersOf(account);
                    if (mine.Count > 0)
                    {
                        var o = mine[random.Next(mine.Count)];
                        var p = Money.Round(o.Pair.ReferencePrice * (1m + (random.Next(-40, 41) / 1000m)), o.Pair.PairDecimals);
                        if (random.Next(2) == 0) f.Exchange.Engine(o.Pair).Amend(o, random.Next(2) == 0 ? null : o.Volume + o.Pair.OrderMin, random.Next(2) == 0 ? null : p, false);
                        else f.Exchange.Engine(o.Pair).Edit(o, o.Volume + o.Pair.OrderMin, p, null, null, false);
                    }
                    break;
                default:
                    f.Clock.Advance(TimeSpan.FromSeconds(random.Next(1, 5)));
                    break;
            }

            foreach (var p in pairs) AssertBookConsistent(f.Exchange.Engine(p));
            if (step % 50 == 0 || step == 1499) foreach (var a in accounts) AssertBalancesExact(f, a);
        }
        var trades = 0;
        foreach (var a in accounts) trades += a.Trades.Count;
        Assert.True(trades > 100, $"the flow should trade, it made {trades} trades");
    }

    [ThreadStatic] private static string? LastOp;

    [Fact]
    public void Concurrent_flow_on_pairs_sharing_accounts_keeps_every_balance_exact()
    {
        using var f = new EngineFixture(21);
        f.Markets.TryGetPair("ETH/USD", out var ethUsd);
        PairInfo[] pairs = [f.Btc, ethUsd!];
        var accounts = new List<Account>();
        for (var i = 0; i < 4; i++)
        {
            var a = f.Account("c" + i, usd: 10_000_000m, btc: 100m);
            f.Exchange.Deposit(a, ethUsd!.Base, 1000m);
            accounts.Add(a);
        }

        // Four threads hammer two pairs whose orders all draw on the same USD balances.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var random = new Random(100 + worker);
            for (var i = 0; i < 3000; i++)
            {
                var pair = pairs[random.Next(pairs.Length)];
                var engine = f.Exchange.Engine(pair);
                var account = accounts[random.Next(accounts.Count)];
                var price = Money.Round(pair.ReferencePrice * (1m + random.Next(-20, 21) / 1000m), pair.PairDecimals);
                var result = engine.Submit(new OrderRequest
                {
                    Account = account, Side = random.Next(2) == 0 ? Side.Buy : Side.Sell, Kind = OrderKind.Limit,
                    Volume = pair.OrderMin * random.Next(1, 50), LimitPrice = price, Stp = SelfTradePrevention.CancelOldest,
                });
                if (result.Order is { IsOpen: true } order && random.Next(3) == 0) engine.Cancel(order);
            }
        });

        foreach (var p in pairs) AssertBookConsistent(f.Exchange.Engine(p));
        foreach (var a in accounts) AssertBalancesExact(f, a);
    }

    private static void AssertBookConsistent(PairEngine engine)
    {
        engine.Read(e =>
        {
            var bid = e.Bids.Best;
            var ask = e.Asks.Best;
            if (bid is not null && ask is not null) Assert.True(bid.Price < ask.Price, $"{e.Pair} crossed: {bid.Price} >= {ask.Price}");
            foreach (var side in new[] { e.Bids, e.Asks })
            {
                for (var i = 0; i < side.LevelCount; i++)
                {
                    var level = side.LevelFromBest(i);
                    decimal sum = 0m;
                    var count = 0;
                    for (var o = level.Head; o is not null; o = o.Next) { sum += o.Remaining; count++; Assert.True(o.IsOpen); }
                    Assert.Equal(sum, level.Quantity);
                    Assert.Equal(count, level.Count);
                    Assert.True(count > 0, $"{e.Pair} empty level {level.Price} at {i} of {side.LevelCount} after {LastOp}");
                    if (i > 0) Assert.True(side.IsBetter(side.LevelFromBest(i - 1).Price, level.Price), $"{e.Pair} level order: {side.LevelFromBest(i - 1).Price} then {level.Price} at {i}");
                }
            }
            return 0;
        });
    }

    private static void AssertBalancesExact(EngineFixture f, Account account)
    {
        foreach (var asset in f.Markets.Assets)
        {
            decimal expected;
            decimal total, held, openHolds = 0m;
            lock (account.Gate)
            {
                expected = account.Deposits(asset);
                for (var i = 0; i < account.Trades.Count; i++)
                {
                    var t = account.Trades[i];
                    if (ReferenceEquals(t.Pair.Base, asset)) expected += t.Side == Side.Buy ? t.Volume : -t.Volume;
                    if (ReferenceEquals(t.Pair.Quote, asset)) expected += t.Side == Side.Buy ? -t.Cost : t.Cost;
                    if (ReferenceEquals(t.FeeAsset, asset)) expected -= t.Fee;
                    // what the API prints is exactly what moved
                    Assert.True(Money.FitsDecimals(t.Cost, t.Pair.CostDecimals), $"cost {t.Cost} of {t.Pair}");
                    Assert.True(Money.FitsDecimals(t.Fee, ReferenceEquals(t.FeeAsset, t.Pair.Base) ? t.Pair.LotDecimals : t.Pair.CostDecimals), $"fee {t.Fee} of {t.Pair}");
                }
                total = account.Total(asset);
                held = account.Held(asset);
                foreach (var o in account.OpenOrders.Values) if (ReferenceEquals(o.HoldAsset, asset)) openHolds += o.Hold;
            }
            Assert.Equal(expected, total);
            Assert.Equal(openHolds, held);
            Assert.True(held >= 0m, $"{account} {asset} held {held}");
            Assert.True(total >= held, $"{account} {asset} total {total} < held {held}");
            Assert.True(Money.FitsDecimals(total, asset.Decimals), $"{asset} balance {total} has more than {asset.Decimals} decimals");
        }
    }
}
