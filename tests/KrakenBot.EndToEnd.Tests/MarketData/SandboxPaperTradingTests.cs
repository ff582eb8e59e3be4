using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Connector.Trading.Events;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.MarketData;

/// <summary>Paper trading on the sandbox's moving market, through <see cref="KrakenPaperMarketData"/>.</summary>
public sealed class SandboxPaperTradingTests
{
    private static readonly TradingPair BtcUsd = new("BTC", "USD");

    [Fact]
    public async Task Paper_balances_equal_starting_balances_plus_fills_minus_fees()
    {
        await using var sandbox = await SandboxMarketData.StartAsync();
        using var market = new KrakenPaperMarketData(sandbox.MarketData);
        var starting = new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 2m };
        await using var paper = new PaperExchange(market, new InMemoryPaperAccountStore(),
            new PaperExchangeOptions { StartingBalances = starting, Latency = TimeSpan.Zero, BookDepth = 10 });
        var events = new List<ExchangeEvent>();
        paper.EventRaised += (_, e) => { lock (events) events.Add(e); };
        await paper.StartAsync();
        IOrderBookView book = await paper.WatchOrderBookAsync(BtcUsd, 10);
        await KrakenMarketData.WaitUntilReadyAsync(book);
        Assert.Contains(paper.TradingRules, r => r.Pair == BtcUsd && r.PriceDecimals == 1);

        // Takers walk the sandbox's book; makers rest at the touch and wait for the synthetic taker's prints.
        string buy = await paper.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.05m));
        string sell = await paper.PlaceOrderAsync(OrderRequest.Market(BtcUsd, OrderSide.Sell, 0.02m));
        await Wait.UntilAsync(() => paper.GetOrder(buy)?.IsTerminal == true && paper.GetOrder(sell)?.IsTerminal == true, "the market orders");
        Assert.Equal(OrderState.Filled, paper.GetOrder(buy)!.State);
        Assert.Equal(OrderState.Filled, paper.GetOrder(sell)!.State);
        await paper.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.01m, book.BestBid!.Value.Price));
        await paper.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.01m, book.BestAsk!.Value.Price));
        sandbox.MoveMarket(TimeSpan.FromSeconds(30));
        await sandbox.AssertExactAsync(book, "XBTUSD"); // paper reads the same exact book

        await paper.CancelAllAsync(BtcUsd);
        await Wait.UntilAsync(() => paper.OpenOrders.Count == 0, "every paper order to be finished");
        // The state (and so the balances) changes before its events reach the handlers: a fill of the last change may
        // still be on its way to the list below. Once every order is finished no fill can come after these.
        await paper.WhenEventsDeliveredAsync();

        List<Fill> fills;
        lock (events) fills = events.OfType<FillRecorded>().Select(f => f.Fill).ToList();
        Assert.True(fills.Count >= 2, $"only {fills.Count} fills");
        Assert.Equal(fills.Count, fills.Select(f => f.TradeId).Distinct().Count());
        var expected = new Dictionary<string, decimal>(starting);
        foreach (var fill in fills)
        {
            decimal sign = fill.Side == OrderSide.Buy ? 1m : -1m;
            expected[fill.Pair.Base] = expected.GetValueOrDefault(fill.Pair.Base) + sign * fill.Amount;
            expected[fill.Pair.Quote] = expected.GetValueOrDefault(fill.Pair.Quote) - sign * fill.Cost;
            expected[fill.FeeAsset] = expected.GetValueOrDefault(fill.FeeAsset) - fill.FeeAmount;
            Assert.True(fill.FeeAmount > 0m);
        }
        var balances = paper.Balances;
        foreach (var (asset, total) in expected)
        {
            Assert.Equal(total, balances[asset].Total);
            Assert.Equal(0m, balances[asset].Held);
        }
    }
}
