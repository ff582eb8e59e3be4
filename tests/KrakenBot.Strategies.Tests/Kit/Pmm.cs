using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;

namespace KrakenBot.Strategies.Tests.Kit;

/// <summary>Pure market making on the scripted paper market: config defaults for tests and helpers to read the quotes.</summary>
internal static class Pmm
{
    /// <summary>BTC-USD, 1 % spreads, 0.1 BTC, 1 level, refresh 10 s, no delays worth waiting for unless a test sets them.</summary>
    public static PureMarketMakingConfig Config(Func<PureMarketMakingConfig, PureMarketMakingConfig>? change = null)
    {
        var config = new PureMarketMakingConfig
        {
            Exchange = "kraken_paper_trade",
            Market = StrategyHarness.BtcUsd,
            BidSpread = 0.01m,
            AskSpread = 0.01m,
            OrderAmount = 0.1m,
            OrderRefreshTime = TimeSpan.FromSeconds(10),
            FilledOrderDelay = TimeSpan.FromSeconds(30),
        };
        return change is null ? config : change(config);
    }

    public static async Task<(StrategyHarness H, PureMarketMaking S)> StartAsync(Func<PureMarketMakingConfig, PureMarketMakingConfig>? change = null,
        IReadOnlyDictionary<string, decimal>? balances = null, (decimal, decimal)[]? bids = null, (decimal, decimal)[]? asks = null,
        StrategyHostOptions? options = null, HttpClient? http = null, decimal? ethMid = null)
    {
        var strategy = new PureMarketMaking(Config(change), http);
        var h = await StrategyHarness.StartAsync(strategy, options, balances, bids: bids, asks: asks,
            beforeStart: kit =>
            {
                if (ethMid is { } mid)
                {
                    kit.Market.Book(StrategyHarness.EthUsdPair).Set([(mid - 0.1m, 5m)], [(mid + 0.1m, 5m)]);
                }
            });
        return (h, strategy);
    }

    /// <summary>Open orders of a side, best first, as (price, remaining).</summary>
    public static (decimal Price, decimal Amount)[] Side(this StrategyHarness h, OrderSide side) =>
        [.. h.Open.Where(o => o.Side == side && !o.IsTerminal)
            .OrderBy(o => side == OrderSide.Buy ? -o.Price : o.Price)
            .Select(o => (o.Price, o.RemainingAmount))];

    public static (decimal Price, decimal Amount)[] Buys(this StrategyHarness h) => h.Side(OrderSide.Buy);

    public static (decimal Price, decimal Amount)[] Sells(this StrategyHarness h) => h.Side(OrderSide.Sell);

    public static string[] Ids(this StrategyHarness h) => [.. h.Open.Select(o => o.ClientOrderId).Order(StringComparer.Ordinal)];

    public static (decimal, decimal)[] P(params (decimal, decimal)[] items) => items;

    /// <summary>A book with mid <paramref name="mid"/> and a 0.2 spread, 5 BTC a side.</summary>
    public static Task MidAsync(this StrategyHarness h, decimal mid) =>
        h.BookAsync([(mid - 0.1m, 5m), (mid - 0.5m, 5m)], [(mid + 0.1m, 5m), (mid + 0.5m, 5m)]);
}
