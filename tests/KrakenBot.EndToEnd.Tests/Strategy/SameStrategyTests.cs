using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Strategy;

/// <summary>
/// One strategy, written against <see cref="IExchange"/> only, runs unchanged on the live connector (pointed at the
/// sandbox, as at Kraken) and on paper trading fed by the same sandbox's market data, and sees the same outcomes.
/// </summary>
public sealed class SameStrategyTests
{
    private static readonly TradingPair BtcUsd = SandboxWorld.BtcUsd;

    [Fact]
    public async Task The_same_strategy_runs_on_the_live_connector_and_on_paper_trading()
    {
        await using var world = await SandboxWorld.StartAsync();
        await world.MakerLimitAsync(OrderSide.Buy, 1m, 59000m);
        await world.MakerLimitAsync(OrderSide.Sell, 1m, 60000m);

        await using (IExchange live = KrakenBot.Connector.Kraken.KrakenSpotExchange.Create(world.Options()))
        {
            await live.StartAsync();
            await AssertStrategyOutcomeAsync(live);
        }

        await using var marketData = await KrakenMarketData.CreateAsync(SandboxWorld.KrakenOptionsFor(world.Sandbox));
        using var paperMarket = new KrakenPaperMarketData(marketData);
        await using IExchange paper = new PaperExchange(paperMarket, new InMemoryPaperAccountStore(), new PaperExchangeOptions
        {
            StartingBalances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 10m },
            Latency = TimeSpan.Zero,
        });
        await paper.StartAsync();
        await AssertStrategyOutcomeAsync(paper);
    }

    private static async Task AssertStrategyOutcomeAsync(IExchange exchange)
    {
        decimal btcBefore = await SettledTotalAsync(exchange, "BTC");
        StrategyOutcome outcome = await QuoteThenTakeStrategy.RunAsync(exchange, BtcUsd);

        Assert.Equal(OrderState.Cancelled, outcome.Quote.State);
        Assert.Empty(outcome.Quote.Fills);
        Assert.Equal(OrderState.Filled, outcome.Take.State);
        Fill fill = Assert.Single(outcome.Take.Fills);
        Assert.Equal(60000m, fill.Price);
        Assert.Equal(0.01m, fill.Amount);
        Assert.False(fill.IsMaker);
        Assert.Equal("USD", fill.FeeAsset);
        Assert.True(fill.FeeAmount > 0m, $"{exchange.Name}: a taker pays a fee");
        // Live, the balance comes on its own channel, after or before the execution that reports the fill: wait for it.
        await Until.TrueAsync(() => exchange.Balances.TryGetValue("BTC", out var b) && b.Total == btcBefore + 0.01m && b.Held == 0m,
            () => $"{exchange.Name}: BTC total {btcBefore} + the 0.01 bought (now {(exchange.Balances.TryGetValue("BTC", out var b) ? b.Total : 0m)})");
    }

    private static async Task<decimal> SettledTotalAsync(IExchange exchange, string asset)
    {
        await Until.TrueAsync(() => exchange.Balances.TryGetValue(asset, out var b) && b.Held == 0m,
            () => $"{exchange.Name}: {asset} balance known with nothing held");
        return exchange.Balances[asset].Total;
    }
}

/// <summary>What the strategy did: its resting quote and its taking order, as the exchange tracked them.</summary>
internal sealed record StrategyOutcome(TrackedOrder Quote, TrackedOrder Take);

/// <summary>
/// A tiny strategy: quote a post-only bid well below the market, withdraw it, then take 0.01 at the market.
/// It knows nothing about which exchange it runs on.
/// </summary>
internal static class QuoteThenTakeStrategy
{
    public static async Task<StrategyOutcome> RunAsync(IExchange exchange, TradingPair pair)
    {
        IOrderBookView book = await exchange.WatchOrderBookAsync(pair, 10);
        await Until.TrueAsync(() => book.IsReady && book.BestBid is not null, () => $"{exchange.Name}: a ready book");
        TradingRule rule = exchange.GetTradingRule(pair);
        decimal quotePrice = rule.QuantizePrice(book.BestBid!.Value.Price * 0.99m, RoundingDirection.Down);

        string quote = await exchange.PlaceOrderAsync(OrderRequest.LimitMaker(pair, OrderSide.Buy, 0.01m, quotePrice));
        await UntilStateAsync(exchange, quote, OrderState.Open);
        await exchange.CancelOrderAsync(quote);
        await UntilStateAsync(exchange, quote, OrderState.Cancelled);

        string take = await exchange.PlaceOrderAsync(OrderRequest.Market(pair, OrderSide.Buy, 0.01m));
        await UntilStateAsync(exchange, take, OrderState.Filled);
        return new StrategyOutcome(exchange.GetOrder(quote)!, exchange.GetOrder(take)!);
    }

    private static Task UntilStateAsync(IExchange exchange, string clientOrderId, OrderState state) =>
        Until.TrueAsync(() => exchange.GetOrder(clientOrderId)?.State == state,
            () => $"{exchange.Name}: order {clientOrderId} {state}, it is {exchange.GetOrder(clientOrderId)?.State} ({exchange.GetOrder(clientOrderId)?.FailureReason})");
}
