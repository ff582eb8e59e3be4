using BenchmarkDotNet.Attributes;
using KrakenBot.Backtest.Replay;
using KrakenBot.Benchmarks.Book;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;

namespace KrakenBot.Benchmarks.Backtest;

/// <summary>
/// The backtester replaying 20,000 recorded book messages (the seed-42 BTC/USD stream, depth 1000): the engine alone
/// (a strategy that watches and never acts: reading, decompressing, exact books, paper exchange, settling) and with
/// pure market making reacting to every book change. Divide the time and the allocation by 20,000 for one record.
/// <c>dotnet run -c Release --project bench/KrakenBot.Benchmarks -- --filter '*BacktestReplay*' --memory</c>
/// </summary>
[MemoryDiagnoser]
public class BacktestReplayBenchmarks
{
    public const int Records = 20_000;
    private string _folder = "";

    [GlobalSetup]
    public void WriteRecording()
    {
        _folder = Path.Combine(Path.GetTempPath(), "krakenbot-replay-bench-" + Guid.NewGuid().ToString("N"));
        BacktestSpeedCommand.Write(_folder, BacktestSpeedCommand.Wrapping(BookStream.Load()), Records);
    }

    [GlobalCleanup]
    public void RemoveRecording()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public Task<BacktestResult> EngineAlone() => ReplayAsync(Watcher());

    [Benchmark(OperationsPerInvoke = Records)]
    public Task<BacktestResult> WithPureMarketMaking() => ReplayAsync(MarketMaker());

    /// <summary>Pure market making at 0.01 % spreads, refreshed each second, reacting to every book change.</summary>
    internal static PureMarketMaking MarketMaker() => new(new PureMarketMakingConfig
    {
        Market = TradingPair.Parse("BTC-USD"), BidSpread = 0.0001m, AskSpread = 0.0001m, OrderAmount = 0.01m,
        OrderRefreshTime = TimeSpan.FromSeconds(1), FilledOrderDelay = TimeSpan.FromSeconds(1), OrderRefreshTolerance = 0m,
    });

    /// <summary>Watches BTC-USD and never acts: what remains is the replay's own cost.</summary>
    internal static KrakenBot.Strategies.Hosting.Strategy Watcher() => new WatchOnly();

    private Task<BacktestResult> ReplayAsync(KrakenBot.Strategies.Hosting.Strategy strategy) =>
        new BacktestEngine(new BacktestOptions
        {
            DataDirectory = _folder,
            StartingBalances = new Dictionary<string, decimal> { ["USD"] = 1_000_000m, ["BTC"] = 20m },
        }).RunAsync(strategy, new StrategyHostOptions { StrategyId = "bench", TickInterval = TimeSpan.FromSeconds(1) });

    private sealed class WatchOnly : KrakenBot.Strategies.Hosting.Strategy
    {
        public override string Kind => "watcher";

        public override TradingPair Pair { get; } = TradingPair.Parse("BTC-USD");
    }
}
