using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Errors;
using KrakenBot.Connector.Trading.Events;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>
/// A seeded random session (moving books, every order type, cancels, amends, trade prints) checked after every step:
/// balances equal the starting balances plus fills minus fees, holds equal what open orders need, nothing negative,
/// and a restart over the same store gives back the same account.
/// </summary>
public class PaperLedgerPropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2026)]
    public Task Balances_always_equal_starting_balances_plus_fills_minus_fees(int seed) =>
        RunScenarioAsync(seed, new InMemoryPaperAccountStore(), steps: 400);

    internal static async Task RunScenarioAsync(int seed, IPaperAccountStore store, int steps)
    {
        var random = new Random(seed);
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 5_000m, ["BTC"] = 20m }, store, idPrefix: "s1");
        await kit.Exchange.StartAsync();
        decimal mid = 100m;
        int refused = 0;

        for (int step = 0; step < steps; step++)
        {
            mid = Math.Max(10m, mid + random.Next(-10, 11) / 10m);
            kit.SetBook(Levels(random, mid, -1), Levels(random, mid, +1));
            try
            {
                await RandomActionAsync(kit, random, mid);
            }
            catch (Exception e) when (e is InsufficientFundsException or ExchangeValidationException or OrderRejectedException or UnknownOrderException)
            {
                refused++;
            }

            if (random.Next(3) == 0)
            {
                await kit.SettleAsync();
            }

            await kit.Exchange.FlushAsync();
            AssertLedger(kit);
        }

        Assert.True(kit.EventsOf<FillRecorded>().Count > steps / 10, "the scenario should trade");
        Assert.True(refused > 0, "the scenario should hit refusals too");

        await kit.Exchange.CancelAllAsync();
        await kit.SettleAsync();
        await kit.SettleAsync();
        AssertLedger(kit);
        Assert.All(kit.Exchange.Balances.Values, b => Assert.Equal(0m, b.Held));

        var balances = kit.Exchange.Balances;
        await kit.DisposeAsync();
        await using var restarted = new PaperTestKit(kit.Starting, store, idPrefix: "s2");
        await restarted.Exchange.StartAsync();
        Assert.Equal(balances, restarted.Exchange.Balances);
    }

    private static async Task RandomActionAsync(PaperTestKit kit, Random random, decimal mid)
    {
        var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
        decimal amount = random.Next(1, 5_000) / 10_000m;
        decimal price = mid + random.Next(-30, 31) / 10m;
        var open = kit.Exchange.OpenOrders;
        switch (random.Next(10))
        {
            case 0:
                await kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, side, amount));
                break;
            case 1 or 2:
                await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, side, amount, price));
                break;
            case 3:
                await kit.Exchange.PlaceOrderAsync(OrderRequest.LimitMaker(BtcUsd, side, amount, price));
                break;
            case 4:
                var tif = random.Next(2) == 0 ? TimeInForce.Ioc : TimeInForce.Fok;
                await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, side, amount, price, tif));
                break;
            case 5 when open.Count > 0:
                await kit.Exchange.CancelOrderAsync(open[random.Next(open.Count)].ClientOrderId);
                break;
            case 6 when open.Count > 0:
                var target = open[random.Next(open.Count)];
                await kit.Exchange.AmendOrderAsync(target.ClientOrderId, newPrice: price,
                    newAmount: random.Next(2) == 0 ? null : target.FilledAmount + amount);
                break;
            default:
                decimal tradePrice = mid + random.Next(-20, 21) / 10m;
                await kit.PrintAsync(tradePrice, random.Next(1, 20_000) / 10_000m, random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell);
                break;
        }
    }

    private static (decimal, decimal)[] Levels(Random random, decimal mid, int direction)
    {
        var levels = new (decimal, decimal)[5];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = (mid + direction * (0.1m + i * 0.5m), random.Next(1, 30_000) / 10_000m);
        }

        return levels;
    }

    private static void AssertLedger(PaperTestKit kit)
    {
        var engine = kit.Exchange.Readiness.Components.Single(c => c.Name == "account");
        Assert.True(engine.IsReady, engine.Reason); // no background step failed
        var expected = new Dictionary<string, decimal>(kit.Starting);
        var tradeIds = new HashSet<string>();
        foreach (var fill in kit.EventsOf<FillRecorded>().Select(e => e.Fill))
        {
            Assert.True(tradeIds.Add(fill.TradeId), $"trade {fill.TradeId} recorded twice");
            int sign = fill.Side == OrderSide.Buy ? 1 : -1;
            expected[fill.Pair.Base] = expected.GetValueOrDefault(fill.Pair.Base) + sign * fill.Amount;
            expected[fill.Pair.Quote] = expected.GetValueOrDefault(fill.Pair.Quote) - sign * fill.Cost - fill.FeeAmount;
            decimal percent = fill.IsMaker ? MakerPercent : TakerPercent;
            Assert.Equal(Fee(fill.Cost, percent), fill.FeeAmount);
        }

        var balances = kit.Exchange.Balances;
        foreach (var (asset, total) in expected)
        {
            Assert.Equal(total, balances[asset].Total);
            Assert.True(balances[asset].Available >= 0 && balances[asset].Held >= 0);
        }

        // Holds are exactly what the resting limit orders need (market orders in flight hold their estimate).
        decimal heldBtc = 0m, heldUsd = 0m;
        bool marketBuyInFlight = false;
        foreach (var order in kit.Exchange.OpenOrders)
        {
            Assert.Equal(order.Fills.Sum(f => f.Amount), order.FilledAmount);
            var request = order.Request;
            if (request.Side == OrderSide.Sell)
            {
                heldBtc += order.RemainingAmount;
            }
            else if (request.Price is { } price)
            {
                decimal percent = request.Type == OrderType.LimitMaker ? MakerPercent : TakerPercent;
                heldUsd += order.RemainingAmount * price + Fee(order.RemainingAmount * price, percent);
            }
            else
            {
                marketBuyInFlight = true;
            }
        }

        Assert.Equal(heldBtc, balances["BTC"].Held);
        if (!marketBuyInFlight)
        {
            Assert.Equal(heldUsd, balances["USD"].Held);
        }
    }
}

public class PaperConcurrencyTests
{
    [Fact]
    public async Task Orders_cancels_and_prints_from_many_threads_lose_no_unit_of_balance()
    {
        await using var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 50_000m, ["BTC"] = 50m }, latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 50m), (99.0m, 50m)], [(100.0m, 50m), (101.0m, 50m)]);

        var workers = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (int i = 0; i < 60; i++)
            {
                var side = random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
                string id = random.Next(4) == 0
                    ? await kit.Exchange.PlaceOrderAsync(OrderRequest.Market(BtcUsd, side, 0.01m))
                    : await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, side, 0.05m, side == OrderSide.Buy ? 99.5m : 100.5m));
                kit.Market.Print(BtcUsd, side == OrderSide.Buy ? 99.4m : 100.6m, 0.02m, side == OrderSide.Buy ? OrderSide.Sell : OrderSide.Buy);
                if (random.Next(3) == 0)
                {
                    try
                    {
                        await kit.Exchange.CancelOrderAsync(id);
                    }
                    catch (KrakenBot.Connector.Trading.Errors.UnknownOrderException)
                    {
                        // already filled
                    }
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        await kit.Exchange.FlushAsync();
        await kit.Exchange.CancelAllAsync();
        await kit.Exchange.FlushAsync();

        var fills = kit.EventsOf<FillRecorded>().Select(e => e.Fill).ToList();
        Assert.True(fills.Count > 100);
        Assert.Equal(fills.Count, fills.Select(f => f.TradeId).Distinct().Count());
        decimal btc = 50m + fills.Sum(f => f.Side == OrderSide.Buy ? f.Amount : -f.Amount);
        decimal usd = 50_000m + fills.Sum(f => f.Side == OrderSide.Buy ? -f.Cost - f.FeeAmount : f.Cost - f.FeeAmount);
        Assert.Equal((btc, usd), (kit.Total("BTC"), kit.Total("USD")));
        Assert.Equal((0m, 0m), (kit.Held("BTC"), kit.Held("USD")));
        Assert.Empty(kit.Exchange.OpenOrders);
        Assert.Equal(fills, (await kit.Exchange.GetTradeHistoryAsync(10_000)).Reverse());
    }
}
