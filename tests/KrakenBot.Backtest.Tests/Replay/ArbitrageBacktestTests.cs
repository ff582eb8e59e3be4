using KrakenBot.Connector;
using System.Globalization;
using System.Text;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Strategies.Arbitrage;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// Triangular arbitrage in the backtester, unchanged: a recording of the sandbox's BTC/USD, ETH/BTC and ETH/USD books
/// (made here through the real connector, on a fake clock one second per step) in which a maker plants a cheap ETH/BTC
/// ask; the replay finds the cycle, the paper model fills its three legs, and USD grows by the realized edge.
/// </summary>
public sealed class ArbitrageBacktestTests : IDisposable
{
    private const string MakerKey = "arb-recording-maker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-arbitrage-recording-secret-0123456789"));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "krakenbot-arb-backtest", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_three_pair_recording_with_a_planted_mispricing_is_backtested_into_one_captured_cycle()
    {
        await RecordTriangleAsync(_directory);
        var header = new RecordingReader(RecordingReader.FilesIn(_directory)[0]).Header;
        Assert.Equal(["BTC/USD", "ETH/BTC", "ETH/USD"], header.Pairs.Select(p => p.Symbol));

        var strategy = NewStrategy();
        var result = await new BacktestEngine(Options(_directory)).RunAsync(strategy, new StrategyHostOptions { StrategyId = "arb-bt", TickInterval = TimeSpan.FromMilliseconds(200) });

        Assert.Equal("ran to the end of the recording", result.Outcome);
        var cycle = Assert.Single(strategy.Recent);
        Assert.Equal(CycleOutcome.Captured, cycle.Outcome);
        Assert.Equal("USD → BTC → ETH → USD", cycle.Route);
        Assert.InRange(cycle.ExpectedEdgeBps, 325m, 335m); // 1 / 60010 / 0.048 × 2999 less three fees of 0.26 %
        Assert.InRange(cycle.RealizedEdge, cycle.ExpectedEdge - 0.3m, cycle.ExpectedEdge);
        Assert.Equal(3, result.Fills.Count);
        Assert.Equal(["BTC-USD", "ETH-BTC", "ETH-USD"], result.Fills.Select(f => f.Pair.ToString()));
        decimal usd = -result.Fills.Where(f => f.Pair.Quote == "USD").Sum(f => f.Side == OrderSide.Buy ? f.Cost + f.FeeAmount : -(f.Cost - f.FeeAmount));
        Assert.Equal(cycle.RealizedEdge, usd);
        Assert.Equal((1, 1, 1), (strategy.Tally.Found, strategy.Tally.Fired, strategy.Tally.Captured));
    }

    internal static TriangularArbitrage NewStrategy() => new(new TriangularArbitrageConfig
    {
        Pairs = [TradingPair.Parse("BTC-USD"), TradingPair.Parse("ETH-BTC"), TradingPair.Parse("ETH-USD")],
        OrderAmount = 1000m, MinProfitability = 0.01m, Cooldown = TimeSpan.FromHours(1),
    });

    internal static BacktestOptions Options(string directory) => new()
    {
        DataDirectory = directory,
        StartingBalances = new Dictionary<string, decimal> { ["USD"] = 10_000m },
        MakerFeePercent = 0.16m, TakerFeePercent = 0.26m, OrderLatency = TimeSpan.FromMilliseconds(50),
        SampleInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// Records the sandbox's three books: consistent quotes, four quiet seconds, a cheap ETH/BTC ask, four more seconds
    /// (each a new BTC/USD bid below the top, within the recorded depth of 10).
    /// The recorder's clock is a fake one moved a second after each change is seen, so the files are the same every time.
    /// </summary>
    internal static async Task RecordTriangleAsync(string directory)
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Accounts = [new SandboxAccount
            {
                ApiKey = MakerKey, ApiSecret = Secret,
                Balances = new Dictionary<string, decimal> { ["USD"] = 100_000_000m, ["BTC"] = 1_000m, ["ETH"] = 1_000m },
            }],
            MarketActivity = false,
        });
        await using var market = await new KrakenConnector(KrakenConnectorOptions.At(sandbox.RestUri, sandbox.WebSocketUri)).MarketDataAsync();
        using var maker = new RawKrakenClient(sandbox.RestUri, MakerKey, Secret);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        await using var recorder = await MarketRecorder.StartAsync(market, ["BTC/USD", "ETH/BTC", "ETH/USD"], 10, directory, "sandbox", clock);
        var btcUsd = await market.WatchBookAsync("BTC/USD", 10);
        var ethBtc = await market.WatchBookAsync("ETH/BTC", 10);
        var ethUsd = await market.WatchBookAsync("ETH/USD", 10);

        async Task StepAsync(string pair, string side, decimal volume, decimal price, Func<bool> seen, string what)
        {
            await StepSeenAsync(pair, side, volume, price, seen, () => what);
        }

        async Task StepSeenAsync(string pair, string side, decimal volume, decimal price, Func<bool> seen, Func<string> what)
        {
            await PlaceAsync(maker, pair, side, volume, price);
            await UntilAsync(seen, what);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        // Both directions lose before fees (ETH/BTC's bid sits low so that the cheap ask planted later rests).
        await StepAsync("XBTUSD", "buy", 1m, 59990m, () => btcUsd.BestBid?.Price == 59990m, "BTC/USD bid");
        await StepAsync("XBTUSD", "sell", 1m, 60010m, () => btcUsd.BestAsk?.Price == 60010m, "BTC/USD ask");
        await StepAsync("ETHXBT", "buy", 50m, 0.047m, () => ethBtc.BestBid?.Price == 0.047m, "ETH/BTC bid");
        await StepAsync("ETHXBT", "sell", 50m, 0.0501m, () => ethBtc.BestAsk?.Price == 0.0501m, "ETH/BTC ask");
        await StepAsync("ETHUSD", "buy", 50m, 2999m, () => ethUsd.BestBid?.Price == 2999m, "ETH/USD bid");
        await StepAsync("ETHUSD", "sell", 50m, 3001m, () => ethUsd.BestAsk?.Price == 3001m, "ETH/USD ask");
        for (int i = 1; i <= 4; i++)
        {
            decimal price = 59_000m - i;
            await StepSeenAsync("XBTUSD", "buy", 0.1m, price, () => btcUsd.GetSnapshot(10).Bids.Any(l => l.Price == price), () => "a quiet BTC/USD bid " + price + ": " + string.Join(" ", btcUsd.GetSnapshot(10).Bids));
        }

        await StepAsync("ETHXBT", "sell", 0.35m, 0.048m, () => ethBtc.BestAsk?.Price == 0.048m, "the planted ETH/BTC ask");
        for (int i = 5; i <= 8; i++)
        {
            decimal price = 59_000m - i;
            await StepSeenAsync("XBTUSD", "buy", 0.1m, price, () => btcUsd.GetSnapshot(10).Bids.Any(l => l.Price == price), () => "a quiet BTC/USD bid " + price + ": " + string.Join(" ", btcUsd.GetSnapshot(10).Bids));
        }
    }

    private static async Task PlaceAsync(RawKrakenClient client, string pair, string side, decimal volume, decimal price)
    {
        var reply = await client.PostAsync("AddOrder", ("pair", pair), ("type", side), ("ordertype", "limit"),
            ("price", price.ToString(CultureInfo.InvariantCulture)), ("volume", volume.ToString(CultureInfo.InvariantCulture)));
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
    }

    private static async Task UntilAsync(Func<bool> condition, Func<string> what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Waited in vain for " + what() + ".");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
