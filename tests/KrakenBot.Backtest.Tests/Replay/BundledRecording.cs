using KrakenBot.Backtest.Replay;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// The recording kept in the repository (30 s of the sandbox's BTC/USD market, depth 25) and the options its tests
/// replay it with: the account, the fee tier and the order latency, and pure market making's base configuration.
/// </summary>
internal static class BundledRecording
{
    public static readonly string Data = Path.Combine(AppContext.BaseDirectory, "Data", "sandbox-btcusd-30s");

    public static readonly TradingPair Pair = TradingPair.Parse("BTC-USD");

    /// <summary>10,000 USD and 1 BTC, maker 0.25 %, taker 0.40 %, orders taking effect 100 ms after they are sent.</summary>
    public static BacktestOptions Options() => new()
    {
        DataDirectory = Data,
        StartingBalances = new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m },
        MakerFeePercent = 0.25m, TakerFeePercent = 0.40m, OrderLatency = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>One level at 0.01 % either side of the mid, 0.01 BTC, refreshed each second.</summary>
    public static PureMarketMakingConfig PureMarketMaking() => new()
    {
        Market = Pair, BidSpread = 0.0001m, AskSpread = 0.0001m, OrderAmount = 0.01m,
        OrderRefreshTime = TimeSpan.FromSeconds(1), FilledOrderDelay = TimeSpan.FromSeconds(1),
    };
}
