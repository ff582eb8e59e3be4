using System.Globalization;
using System.Text;
using KrakenBot.Backtest.Recording;
using KrakenBot.Backtest.Replay;
using KrakenBot.Connector;
using KrakenBot.Connector.Kraken;
using KrakenBot.Connector.Kraken.MarketData;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Sandbox;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Tests.Shared;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Backtest.Tests.Replay;

/// <summary>
/// Fidelity: a strategy runs live on paper trading against the sandbox's feed while the same feed is recorded;
/// replaying the recording with the same latency gives the same orders and the same fills (prices, amounts, fees,
/// times and order). One fake clock, moved a second after each market step is seen, is the live paper exchange's,
/// the strategy's and the recorder's, so the recording's arrival times are the times the live run saw.
/// </summary>
public sealed class ReplayFidelityTests : IDisposable
{
    private const string MakerKey = "fidelity-maker";
    private const string TakerKey = "fidelity-taker";
    private static readonly string Secret = Convert.ToBase64String(Encoding.ASCII.GetBytes("krakenbot-fidelity-recording-secret-0123456789"));
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);
    private static readonly Dictionary<string, decimal> Balances = new() { ["USD"] = 100_000m, ["BTC"] = 2m };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "krakenbot-replay-fidelity", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_strategy_live_on_paper_and_its_replay_place_the_same_orders_and_get_the_same_fills()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions
        {
            Accounts =
            [
                new SandboxAccount { ApiKey = MakerKey, ApiSecret = Secret, Balances = new Dictionary<string, decimal> { ["USD"] = 10_000_000m, ["BTC"] = 100m } },
                new SandboxAccount { ApiKey = TakerKey, ApiSecret = Secret, Balances = new Dictionary<string, decimal> { ["USD"] = 10_000_000m, ["BTC"] = 100m } },
            ],
            MarketActivity = false,
        });
        await using var market = await new KrakenConnector(KrakenConnectorOptions.At(sandbox.RestUri, sandbox.WebSocketUri)).MarketDataAsync();
        using var maker = new RawKrakenClient(sandbox.RestUri, MakerKey, Secret);
        using var taker = new RawKrakenClient(sandbox.RestUri, TakerKey, Secret);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero));
        var recorder = await MarketRecorder.StartAsync(market, ["BTC/USD"], 10, _directory, "sandbox", clock);

        // Live: paper trading on the connector's feed of the sandbox, the strategy driven on the same clock.
        using var paperMarket = new KrakenPaperMarketData(market);
        await using var paper = new PaperExchange(paperMarket, new InMemoryPaperAccountStore(),
            new PaperExchangeOptions { StartingBalances = Balances, Latency = Latency, BookDepth = 10 }, clock);
        await paper.StartAsync();
        var live = new JoinTheBook();
        await using var driver = new StrategyDriver(paper, live, new StrategyHostOptions { StrategyId = "fidelity" }, new InMemoryStrategyStateStore(), clock);
        var book = await market.WatchBookAsync("BTC/USD", 10);
        await UntilAsync(() => book.IsReady, () => "the BTC/USD book");
        await driver.StartAsync();

        // Each step: a change on the sandbox, seen by the recorder and the paper exchange, handed to the strategy, then
        // the clock moves a second (the paper exchange's requests take effect on the way).
        async Task StepAsync(Func<Task> change, Func<bool> seen, Func<string> what)
        {
            await change();
            await UntilAsync(seen, what);
            await driver.BookChangedAsync(JoinTheBook.BtcUsd);
            clock.Advance(TimeSpan.FromSeconds(1));
            await driver.TickAsync();
        }

        long recorded = 0;
        bool Recorded(int more) { if (recorder.BookMessages + recorder.TradeMessages >= recorded + more) { recorded = recorder.BookMessages + recorder.TradeMessages; return true; } return false; }
        decimal Filled() => live.Orders.Sum(o => paper.GetOrder(o)?.FilledAmount ?? 0m);

        await StepAsync(() => PlaceAsync(maker, "buy", 1m, 59980m), () => book.BestBid?.Price == 59980m && Recorded(1), () => "a deep bid");
        await StepAsync(() => PlaceAsync(maker, "sell", 1m, 60020m), () => book.BestAsk?.Price == 60020m && Recorded(1), () => "a deep ask");
        await StepAsync(() => PlaceAsync(maker, "buy", 1m, 59990m), () => book.BestBid?.Price == 59990m && Recorded(1), () => "the best bid");
        // The strategy joins the book once both sides are at 59990 / 60010: a bid and an ask of 0.5 behind the maker's 1.
        await StepAsync(() => PlaceAsync(maker, "sell", 1m, 60010m), () => book.BestAsk?.Price == 60010m && Recorded(1), () => "the best ask");
        Assert.Equal(2, live.Orders.Count);
        Assert.Equal(2, paper.OpenOrders.Count);
        // A market sell of 1.5 prints 1 at 59990 (the queue ahead of our bid) and 0.5 at 59980 (through it): 0.5 filled.
        await StepAsync(() => MarketAsync(taker, "sell", 1.5m), () => Filled() == 0.5m && Recorded(2), () => $"the bid filled ({Filled()})");
        // A market buy of 1.2 prints 1 at 60010 (the queue ahead of our ask) and 0.2 at 60020 (through it): 0.2 filled.
        await StepAsync(() => MarketAsync(taker, "buy", 1.2m), () => Filled() == 0.7m && Recorded(2), () => $"the ask part-filled ({Filled()})");
        // 0.5 more at 60020 fills the ask's last 0.3.
        await StepAsync(() => MarketAsync(taker, "buy", 0.5m), () => Filled() == 1.0m && Recorded(2), () => $"the ask filled ({Filled()})");
        await recorder.DisposeAsync();

        var liveFills = live.Orders.SelectMany(o => paper.GetOrder(o)!.Fills).OrderBy(f => f.Timestamp).ThenBy(f => f.TradeId, StringComparer.Ordinal).Select(Describe).ToList();
        var liveOrders = live.Orders.Select(o => Describe(paper.GetOrder(o)!)).ToList();
        Assert.Equal(3, liveFills.Count);

        // Replay: the same strategy class on the recording, same latency and balances.
        var replayed = new JoinTheBook();
        var result = await new BacktestEngine(new BacktestOptions
        {
            DataDirectory = _directory, StartingBalances = Balances, OrderLatency = Latency,
            MakerFeePercent = 0.16m, TakerFeePercent = 0.26m, // the fees the live run paid: the sandbox's schedule at no volume
        }).RunAsync(replayed, new StrategyHostOptions { StrategyId = "fidelity" });

        Assert.Equal(0, result.Gaps);
        Assert.Equal(2, result.OrdersPlaced);
        Assert.Equal(liveFills, result.Fills.Select(Describe).ToList());
        Assert.Equal(liveOrders.Select(o => o.Split(' ')[0..4]).Select(p => string.Join(' ', p)),
            replayed.Requests.Select(r => $"{r.Side} {r.Type} {F(r.Amount)} {F(r.Price!.Value)}"));
    }

    private static string Describe(Fill f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Side} {F(f.Price)} {F(f.Amount)} fee {F(f.FeeAmount)} {f.FeeAsset} maker={f.IsMaker} at {f.Timestamp:O}");

    private static string Describe(TrackedOrder o) =>
        $"{o.Request.Side} {o.Request.Type} {F(o.Request.Amount)} {F(o.Request.Price!.Value)} {o.State} filled {F(o.FilledAmount)}";

    private static string F(decimal d) => (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    private static async Task PlaceAsync(RawKrakenClient client, string side, decimal volume, decimal price)
    {
        var reply = await client.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", side), ("ordertype", "limit"),
            ("price", price.ToString(CultureInfo.InvariantCulture)), ("volume", volume.ToString(CultureInfo.InvariantCulture)));
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
    }

    private static async Task MarketAsync(RawKrakenClient client, string side, decimal volume)
    {
        var reply = await client.PostAsync("AddOrder", ("pair", "XBTUSD"), ("type", side), ("ordertype", "market"),
            ("volume", volume.ToString(CultureInfo.InvariantCulture)));
        Assert.True(RawKrakenClient.Errors(reply).Length == 0, RawKrakenClient.Errors(reply));
    }

    // Bounds a failure only; the condition is what is waited for.
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

    /// <summary>Once the book is 59990 / 60010, joins both sides with 0.5; nothing more.</summary>
    private sealed class JoinTheBook : Strategy
    {
        public static readonly TradingPair BtcUsd = TradingPair.Parse("BTC-USD");

        public List<string> Orders { get; } = [];

        public List<OrderRequest> Requests { get; } = [];

        public override string Kind => "join_the_book";

        public override TradingPair Pair => BtcUsd;

        public override async ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken)
        {
            var book = Context.Book(pair);
            if (Orders.Count > 0 || book.BestBid?.Price != 59990m || book.BestAsk?.Price != 60010m) return;
            foreach (var request in new[] { OrderRequest.Limit(BtcUsd, OrderSide.Buy, 0.5m, 59990m), OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.5m, 60010m) })
            {
                Requests.Add(request);
                if (await Context.Orders.PlaceAsync(request, request.Side == OrderSide.Buy ? "bid" : "ask", cancellationToken) is { } placed)
                {
                    Orders.Add(placed.ClientOrderId);
                }
            }
        }
    }
}
