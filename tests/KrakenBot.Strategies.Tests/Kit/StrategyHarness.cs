using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Time.Testing;

namespace KrakenBot.Strategies.Tests.Kit;

/// <summary>
/// A strategy driven by hand on paper trading over a scripted BTC-USD market (tick 0.1, 8 lot decimals, maker 0.25 %,
/// taker 0.40 %) and a fake clock: each step moves the clock, lets the paper exchange act on what is due, then gives
/// the driver its input. Nothing waits on real time.
/// </summary>
internal sealed class StrategyHarness : IAsyncDisposable
{
    public static readonly TradingPair BtcUsd = PaperTestKit.BtcUsd;

    public static readonly TradingPair EthUsdPair = PaperTestKit.EthUsd;

    private StrategyHarness(PaperTestKit kit, StrategyDriver driver, IStrategyStateStore store)
    {
        Kit = kit;
        Driver = driver;
        Store = store;
    }

    public PaperTestKit Kit { get; }

    public StrategyDriver Driver { get; }

    public IStrategyStateStore Store { get; }

    public FakeTimeProvider Time => Kit.Time;

    public IExchange Exchange => Kit.Exchange;

    public static async Task<StrategyHarness> StartAsync(Strategy strategy, StrategyHostOptions? options = null,
        IReadOnlyDictionary<string, decimal>? balances = null, IStrategyStateStore? store = null, PaperTestKit? kit = null,
        (decimal, decimal)[]? bids = null, (decimal, decimal)[]? asks = null, bool start = true, Action<PaperTestKit>? beforeStart = null,
        Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        kit ??= new PaperTestKit(balances ?? new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m },
            latency: TimeSpan.FromMilliseconds(100));
        await kit.Exchange.StartAsync();
        kit.SetBook(bids ?? [(99.9m, 5m), (99.5m, 5m)], asks ?? [(100.1m, 5m), (100.5m, 5m)]);
        beforeStart?.Invoke(kit);
        store ??= new InMemoryStrategyStateStore();
        var driver = new StrategyDriver(kit.Exchange, strategy, options ?? new StrategyHostOptions { StrategyId = "test" }, store, kit.Time, logger);
        var harness = new StrategyHarness(kit, driver, store);
        if (start)
        {
            await driver.StartAsync();
            await harness.SettleAsync();
        }

        return harness;
    }

    /// <summary>Lets the paper latency pass and hands the driver what happened.</summary>
    public async Task SettleAsync()
    {
        Kit.Time.Advance(TimeSpan.FromMilliseconds(100));
        await Kit.Exchange.FlushAsync();
        await Driver.ProcessPendingAsync();
        await Driver.FlushStateAsync();
    }

    /// <summary>Moves the clock by <paramref name="seconds"/> (paper acts on what is due) and ticks the driver.</summary>
    public async Task TickAsync(double seconds = 1)
    {
        Kit.Time.Advance(TimeSpan.FromSeconds(seconds));
        await Kit.Exchange.FlushAsync();
        await Driver.TickAsync();
        await SettleAsync();
    }

    /// <summary>Replaces the book and tells the driver.</summary>
    public async Task BookAsync((decimal, decimal)[] bids, (decimal, decimal)[] asks)
    {
        Kit.SetBook(bids, asks);
        await Driver.BookChangedAsync(BtcUsd);
        await SettleAsync();
    }

    /// <summary>Prints a public trade (fills resting orders it goes through) and hands the result to the driver.</summary>
    public async Task PrintAsync(decimal price, decimal amount, OrderSide takerSide)
    {
        await Kit.PrintAsync(price, amount, takerSide);
        await Driver.ProcessPendingAsync();
    }

    public IReadOnlyList<OwnedOrder> Open => Driver.Orders.Open;

    public async ValueTask DisposeAsync()
    {
        await Driver.DisposeAsync();
        await Kit.DisposeAsync();
    }
}

/// <summary>A strategy whose callbacks a test writes as lambdas, recording what the host called.</summary>
internal sealed class ScriptStrategy : Strategy
{
    public override string Kind => "script";

    public override TradingPair Pair => StrategyHarness.BtcUsd;

    public Func<StrategyContext, ValueTask>? Start { get; init; }

    public Func<StrategyContext, ValueTask>? Tick { get; init; }

    public List<string> Calls { get; } = [];

    public List<Fill> Fills { get; } = [];

    public StrategyContext Ctx => Context;

    public override async ValueTask OnStartAsync(CancellationToken cancellationToken)
    {
        Calls.Add("start");
        if (Start is not null)
        {
            await Start(Context);
        }
    }

    public override async ValueTask OnTickAsync(CancellationToken cancellationToken)
    {
        Calls.Add("tick");
        if (Tick is not null)
        {
            await Tick(Context);
        }
    }

    public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken)
    {
        Calls.Add("book");
        return default;
    }

    public override ValueTask OnFillAsync(OwnedOrder order, Fill fill, CancellationToken cancellationToken)
    {
        Calls.Add($"fill {order.Label} {fill.Amount}");
        Fills.Add(fill);
        return default;
    }

    public override ValueTask OnOrderChangedAsync(OwnedOrder order, OrderState previous, CancellationToken cancellationToken)
    {
        Calls.Add($"{order.Label} {previous}->{order.Order.State}");
        return default;
    }

    public override ValueTask OnPausedAsync(CancellationToken cancellationToken)
    {
        Calls.Add("paused");
        return default;
    }

    public override ValueTask OnResumedAsync(CancellationToken cancellationToken)
    {
        Calls.Add("resumed");
        return default;
    }

    public override ValueTask OnStopAsync(CancellationToken cancellationToken)
    {
        Calls.Add("stop");
        return default;
    }
}
