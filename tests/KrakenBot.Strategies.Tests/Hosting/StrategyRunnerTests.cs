using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;
using static KrakenBot.Strategies.Tests.Kit.StrategyHarness;

namespace KrakenBot.Strategies.Tests.Hosting;

public class StrategyRunnerTests
{
    [Fact]
    public async Task The_runner_ticks_on_the_clock_feeds_fills_from_the_event_stream_and_stops_through_its_loop()
    {
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m }, latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var strategy = new ScriptStrategy
        {
            Start = async ctx => await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid"),
        };
        var driver = new StrategyDriver(kit.Exchange, strategy, new StrategyHostOptions { StrategyId = "live" }, new InMemoryStrategyStateStore(), kit.Time);
        await using var runner = new StrategyRunner(driver, kit.Time);
        await runner.StartAsync();

        kit.Time.Advance(TimeSpan.FromSeconds(1));
        await Until.TrueAsync(() => strategy.Calls.Contains("tick"), () => string.Join(", ", strategy.Calls));
        await kit.Exchange.FlushAsync();
        kit.Market.Print(BtcUsd, 98.9m, 0.5m, OrderSide.Sell);
        await Until.TrueAsync(() => strategy.Calls.Contains("fill bid 0.5"), () => string.Join(", ", strategy.Calls));
        kit.SetBook([(99.8m, 5m)], [(100.2m, 5m)]);
        await Until.TrueAsync(() => strategy.Calls.Contains("book"), () => string.Join(", ", strategy.Calls));

        var snapshot = await runner.SnapshotAsync();
        Assert.Equal(1, snapshot.Pnl.State.Buys);
        await runner.StopAsync();
        await runner.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(StrategyStatus.Stopped, driver.Status);
        Assert.Equal("stop", strategy.Calls[^1]);
        await kit.DisposeAsync();
    }
}

public class StrategyRunnerSerializationTests
{
    /// <summary>A strategy that fails if two of its callbacks ever overlap.</summary>
    private sealed class ExclusiveStrategy : Strategy
    {
        private int _inside;

        public override string Kind => "exclusive";

        public override TradingPair Pair => BtcUsd;

        public int Calls;
        public int Overlaps;
        public int InlineThreadId;

        private async ValueTask Enter(bool yield)
        {
            if (Interlocked.Exchange(ref _inside, 1) == 1)
            {
                Interlocked.Increment(ref Overlaps);
            }

            Interlocked.Increment(ref Calls);
            if (yield)
            {
                await Task.Yield();
            }

            Volatile.Write(ref _inside, 0);
        }

        public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken)
        {
            InlineThreadId = Environment.CurrentManagedThreadId;
            return Enter(yield: Calls % 3 == 0);
        }

        public override ValueTask OnTickAsync(CancellationToken cancellationToken) => Enter(yield: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Callbacks_never_overlap_whether_book_changes_run_inline_or_on_the_loop(bool inline)
    {
        var kit = new PaperTestKit(latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var strategy = new ExclusiveStrategy();
        var driver = new StrategyDriver(kit.Exchange, strategy, new StrategyHostOptions { StrategyId = "x", TickInterval = TimeSpan.FromMilliseconds(100) },
            new InMemoryStrategyStateStore(), kit.Time);
        await using var runner = new StrategyRunner(driver, kit.Time, runBookChangesInline: inline);
        await runner.StartAsync();

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (int i = 0; i < 100; i++)
            {
                lock (kit.Book)
                {
                    kit.Book.Set([(99.9m - w * 0.1m, 5m)], [(100.1m + i % 5 * 0.1m, 5m)]);
                }

                if (i % 10 == 0)
                {
                    kit.Time.Advance(TimeSpan.FromMilliseconds(100));
                    await Task.Delay(1);
                }
            }
        })).ToArray();
        await Task.WhenAll(writers);
        // Book changes coalesce (many sets can be one call), and so do ticks on a busy loop: the clock keeps ticking
        // until the strategy has had a few calls of each kind, however the machine scheduled the writers.
        await Until.TrueAsync(() =>
        {
            if (strategy.Calls >= 5) return true;
            kit.Time.Advance(TimeSpan.FromMilliseconds(100));
            return false;
        }, () => $"{strategy.Calls} calls");
        await runner.StopAsync();

        Assert.Equal(0, strategy.Overlaps);
        await kit.DisposeAsync();
    }

    [Fact]
    public async Task An_idle_runner_handles_a_book_change_on_the_thread_that_raised_it()
    {
        var kit = new PaperTestKit(latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var strategy = new ExclusiveStrategy();
        var driver = new StrategyDriver(kit.Exchange, strategy, new StrategyHostOptions { StrategyId = "x" }, new InMemoryStrategyStateStore(), kit.Time);
        await using var runner = new StrategyRunner(driver, kit.Time);
        await runner.StartAsync();

        int before = strategy.Calls;
        await Task.Run(() =>
        {
            kit.Book.Set([(99.8m, 5m)], [(100.2m, 5m)]);
            Assert.Equal(before + 1, strategy.Calls); // already handled when Set returns
            Assert.Equal(Environment.CurrentManagedThreadId, strategy.InlineThreadId);
        });
        await runner.StopAsync();
        await kit.DisposeAsync();
    }

    /// <summary>A strategy whose book changes hold the raising thread until released, counting its ticks.</summary>
    private sealed class BlockingBookStrategy : Strategy
    {
        public readonly ManualResetEventSlim Release = new();
        public readonly ManualResetEventSlim InBookChange = new();
        public int Ticks;
        public int TicksDuringBookChange;
        private int _inBook;

        public override string Kind => "blocking";

        public override TradingPair Pair => BtcUsd;

        public override ValueTask OnBookChangedAsync(TradingPair pair, CancellationToken cancellationToken)
        {
            Volatile.Write(ref _inBook, 1);
            InBookChange.Set();
            Release.Wait(cancellationToken);
            Volatile.Write(ref _inBook, 0);
            return ValueTask.CompletedTask;
        }

        public override ValueTask OnTickAsync(CancellationToken cancellationToken)
        {
            TicksDuringBookChange += Volatile.Read(ref _inBook);
            Interlocked.Increment(ref Ticks);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_tick_that_comes_while_a_book_change_runs_inline_runs_as_soon_as_it_ends()
    {
        var kit = new PaperTestKit(latency: TimeSpan.Zero);
        await kit.Exchange.StartAsync();
        kit.SetBook([(99.9m, 5m)], [(100.1m, 5m)]);
        var strategy = new BlockingBookStrategy();
        strategy.Release.Set(); // the first set of the book passes
        var driver = new StrategyDriver(kit.Exchange, strategy, new StrategyHostOptions { StrategyId = "x" }, new InMemoryStrategyStateStore(), kit.Time);
        await using var runner = new StrategyRunner(driver, kit.Time);
        await runner.StartAsync();
        strategy.Release.Reset();
        strategy.InBookChange.Reset();

        var raising = Task.Run(() => kit.Book.Set([(99.8m, 5m)], [(100.2m, 5m)])); // held inline on this thread
        strategy.InBookChange.Wait(TimeSpan.FromSeconds(20));
        kit.Time.Advance(TimeSpan.FromSeconds(1)); // the loop takes the tick and waits for the book change to end
        strategy.Release.Set();
        await raising.WaitAsync(TimeSpan.FromSeconds(20));

        await Until.TrueAsync(() => Volatile.Read(ref strategy.Ticks) == 1, () => $"{strategy.Ticks} ticks");
        Assert.Equal(0, strategy.TicksDuringBookChange);
        await runner.StopAsync();
        await kit.DisposeAsync();
    }
}
