using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Executors;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;

namespace KrakenBot.Strategies.Tests.Executors;

/// <summary>
/// One executor in an <see cref="ExecutorStrategy"/> on the scripted paper BTC-USD market (maker 0.25 %, taker 0.40 %,
/// fees in USD, tick 0.1) and a fake clock. Starts on the harness's book: bids 99.9 / 99.5, asks 100.1 / 100.5.
/// </summary>
internal sealed class ExecutorRun : IAsyncDisposable
{
    private ExecutorRun(StrategyHarness harness, ExecutorStrategy strategy)
    {
        H = harness;
        Strategy = strategy;
    }

    public StrategyHarness H { get; }

    public ExecutorStrategy Strategy { get; }

    public Executor Executor => Strategy.Executor;

    public ExecutorReport Report => Strategy.Report;

    public static async Task<ExecutorRun> StartAsync(Executor executor, IReadOnlyDictionary<string, decimal>? balances = null,
        (decimal, decimal)[]? bids = null, (decimal, decimal)[]? asks = null, bool start = true)
    {
        var strategy = new ExecutorStrategy(executor);
        var harness = await StrategyHarness.StartAsync(strategy, new StrategyHostOptions { StrategyId = "exec" },
            balances ?? new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m }, bids: bids, asks: asks, start: start);
        return new ExecutorRun(harness, strategy);
    }

    /// <summary>A book with best bid <paramref name="bid"/> and best ask <paramref name="ask"/>, 5 BTC each, handed to the driver.</summary>
    public Task BookAsync(decimal bid, decimal ask) => H.BookAsync([(bid, 5m), (bid - 0.4m, 5m)], [(ask, 5m), (ask + 0.4m, 5m)]);

    /// <summary>Ticks (half a second each) until the executor ended; fails after 40.</summary>
    public async Task UntilEndedAsync()
    {
        for (int i = 0; i < 40 && !Executor.IsDone; i++)
        {
            await H.TickAsync(0.5);
        }

        Assert.True(Executor.IsDone, $"executor still {Executor.Status}: {Report}");
    }

    /// <summary>Every order the executor placed: (label, side, type, state, filled, average price).</summary>
    public IReadOnlyList<(string Label, OrderSide Side, OrderType Type, OrderState State, decimal Filled)> Orders =>
        [.. H.Driver.Orders.All.Where(Executor.Owns).OrderBy(o => o.Order.CreatedAt).ThenBy(o => o.ClientOrderId, StringComparer.Ordinal)
            .Select(o => (o.Label, o.Side, o.Order.Request.Type, o.Order.State, o.Order.FilledAmount))];

    public ValueTask DisposeAsync() => H.DisposeAsync();
}
