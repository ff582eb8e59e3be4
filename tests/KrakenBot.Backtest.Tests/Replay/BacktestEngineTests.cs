using KrakenBot.Connector;
using System.Text;
using System.Text.Json;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Backtest.Reports;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// Pure market making replayed on a recording of the sandbox's moving market: the same strategy class as live, fills
/// from the paper matching model, and the same report, byte for byte, every time.
/// </summary>
public sealed class BacktestEngineTests : IClassFixture<BacktestEngineTests.SandboxRecording>
{
    private readonly SandboxRecording _recording;

    public BacktestEngineTests(SandboxRecording recording) => _recording = recording;

    private static PureMarketMaking Pmm() => new(new PureMarketMakingConfig
    {
        Market = TradingPair.Parse("BTC-USD"), BidSpread = 0.0001m, AskSpread = 0.0001m, OrderAmount = 0.01m,
        OrderRefreshTime = TimeSpan.FromSeconds(1), FilledOrderDelay = TimeSpan.FromSeconds(1), OrderRefreshTolerance = 0m,
    });

    private static readonly StrategyHostOptions Host = new() { StrategyId = "bt-pmm", TickInterval = TimeSpan.FromSeconds(1) };

    private BacktestOptions Options() => new()
    {
        DataDirectory = _recording.Directory,
        StartingBalances = new Dictionary<string, decimal> { ["USD"] = 100_000m, ["BTC"] = 2m },
        MakerFeePercent = 0.16m, TakerFeePercent = 0.26m, OrderLatency = TimeSpan.FromMilliseconds(50),
        SampleInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task The_same_recording_strategy_and_options_give_a_byte_identical_report_with_fills_from_the_paper_model()
    {
        var first = await new BacktestEngine(Options()).RunAsync(Pmm(), Host);
        var second = await new BacktestEngine(Options()).RunAsync(Pmm(), Host);
        byte[] a = BacktestReport.ToJson(first), b = BacktestReport.ToJson(second);
        Assert.Equal(Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));

        Assert.Equal("ran to the end of the recording", first.Outcome);
        Assert.True(first.BookMessages > 50, $"{first.BookMessages} book messages replayed");
        Assert.True(first.OrdersPlaced >= 2);
        Assert.NotEmpty(first.Fills); // quoting 0.01 % from mid on a market that trades every 20 ms fills
        Assert.Equal(first.Fills.Count, first.Pnl.State.Trades);
        Assert.Equal(first.Fills.Sum(f => f.Amount), first.Pnl.State.BaseVolume);
        Assert.All(first.Fills, f => Assert.Equal("USD", f.FeeAsset));
        Assert.Equal(first.Fills.Sum(f => f.FeeAmount), first.Pnl.FeesInQuote);
        decimal bought = first.Fills.Where(f => f.Side == OrderSide.Buy).Sum(f => f.Amount);
        decimal sold = first.Fills.Where(f => f.Side == OrderSide.Sell).Sum(f => f.Amount);
        Assert.Equal(2m + bought - sold, first.Pnl.State.Base);
        Assert.NotEmpty(first.Samples);

        using var report = JsonDocument.Parse(a);
        Assert.Equal("bt-pmm", report.RootElement.GetProperty("strategy").GetString());
        Assert.Equal(first.Fills.Count, report.RootElement.GetProperty("fills").GetArrayLength());
    }

    [Fact]
    public async Task A_window_replays_only_its_records_and_a_strategy_on_a_pair_not_recorded_is_refused_by_name()
    {
        var all = await new BacktestEngine(Options()).RunAsync(Pmm(), Host);
        var half = all.From + (all.To - all.From) / 2;
        var window = await new BacktestEngine(Options() with { From = half }).RunAsync(Pmm(), Host);
        Assert.True(window.Records < all.Records);
        Assert.True(window.From >= half);

        var eth = new PureMarketMaking(new PureMarketMakingConfig { Market = TradingPair.Parse("ETH-USD"), BidSpread = 0.01m, AskSpread = 0.01m, OrderAmount = 0.1m });
        var error = await Assert.ThrowsAsync<KrakenBot.Connector.Trading.Errors.ExchangeValidationException>(() => new BacktestEngine(Options()).RunAsync(eth, Host));
        Assert.Contains("ETH-USD", error.Message);
        Assert.Contains("BTC-USD", error.Message);
    }

    /// <summary>Six seconds of the sandbox's BTC/USD market (activity every 20 ms), recorded once for the class.</summary>
    public sealed class SandboxRecording : IAsyncLifetime
    {
        public string Directory { get; } = Path.Combine(Path.GetTempPath(), "krakenbot-backtest-tests", Guid.NewGuid().ToString("N"));

        public async Task InitializeAsync()
        {
            await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
            {
                MarketActivity = true, MarketActivityInterval = TimeSpan.FromMilliseconds(20),
            });
            await using var market = await new KrakenConnector(KrakenConnectorOptions.At(sandbox.RestUri, sandbox.WebSocketUri)).MarketDataAsync();
            await using var recorder = await MarketRecorder.StartAsync(market, ["BTC/USD"], 25, Directory, "sandbox");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            // Enough market to trade on: six seconds of it and some trades (bounded, for a loaded machine).
            var started = DateTime.UtcNow;
            while (DateTime.UtcNow - started < TimeSpan.FromSeconds(6) || recorder.TradeMessages < 20)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The sandbox traded only {recorder.TradeMessages} times in 60 s.");
                await Task.Delay(100);
            }
        }

        public Task DisposeAsync()
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
            return Task.CompletedTask;
        }
    }
}
