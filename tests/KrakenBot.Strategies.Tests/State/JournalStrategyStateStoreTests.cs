using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Xunit;
using static KrakenBot.Strategies.Tests.Kit.StrategyHarness;

namespace KrakenBot.Strategies.Tests.State;

public class JournalStrategyStateStoreTests
{
    [Fact]
    public async Task Documents_are_saved_together_read_back_listed_and_deleted_in_the_journal_file()
    {
        using var temp = new TempJournal();
        await using (var journal = await temp.OpenAsync())
        {
            var store = new JournalStrategyStateStore(journal);
            await store.SaveAsync("pmm-1", new Dictionary<string, string?> { ["run"] = "{\"a\":1}", ["pnl"] = "{\"b\":2.50}" });
            await store.SaveAsync("pmm-2", new Dictionary<string, string?> { ["run"] = "{}" });
            await store.SaveAsync("pmm-1", new Dictionary<string, string?> { ["pnl"] = null, ["orders"] = "[]" });
        }

        await using (var journal = await temp.OpenAsync())
        {
            var store = new JournalStrategyStateStore(journal);
            var documents = await store.LoadAsync("pmm-1");
            Assert.Equal(new Dictionary<string, string> { ["run"] = "{\"a\":1}", ["orders"] = "[]" }, documents);
            Assert.Equal(["pmm-1", "pmm-2"], await store.ListAsync());
            await store.DeleteAsync("pmm-1");
            Assert.Empty(await store.LoadAsync("pmm-1"));
            Assert.Equal(["pmm-2"], await store.ListAsync());
        }
    }

    [Fact]
    public async Task An_invalid_strategy_id_is_refused_with_what_is_allowed()
    {
        using var temp = new TempJournal();
        await using var journal = await temp.OpenAsync();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => new JournalStrategyStateStore(journal).LoadAsync("a b"));
        Assert.Contains("letters, digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_crash_a_new_driver_resumes_the_run_its_pnl_and_its_orders_from_the_journal_without_counting_a_fill_twice()
    {
        using var temp = new TempJournal();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var starting = new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m };
        DateTimeOffset startedAt;

        // First life: quote both sides, get a partial fill, then die without stopping (nothing cancelled).
        {
            var journal = await temp.OpenAsync();
            var account = await journal.OpenAccountAsync(JournalAccount.Paper("t"));
            var kit = new PaperTestKit(starting, new JournalPaperAccountStore(account), time, latency: TimeSpan.FromMilliseconds(100), idPrefix: "a");
            var strategy = new ScriptStrategy
            {
                Start = async ctx =>
                {
                    ctx.State.Set("counter", 7);
                    await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid");
                    await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Sell, 0.5m, 101.0m), "ask");
                },
            };
            var h = await StartAsync(strategy, kit: kit, store: new JournalStrategyStateStore(journal));
            await h.PrintAsync(98.9m, 0.2m, OrderSide.Sell);
            await h.TickAsync();
            Assert.Equal(1, h.Driver.Pnl.State.Trades);
            startedAt = h.Driver.Snapshot().StartedAt!.Value;
            await kit.Exchange.StopAsync();
            journal.Dispose(); // the process is gone: no StopAsync on the driver
        }

        // Second life: the same journal, a new paper exchange and a new driver.
        {
            await using var journal = await temp.OpenAsync();
            var account = await journal.OpenAccountAsync(JournalAccount.Paper("t"));
            var kit = new PaperTestKit(starting, new JournalPaperAccountStore(account), time, latency: TimeSpan.FromMilliseconds(100), idPrefix: "b");
            int? counter = null;
            var strategy = new ScriptStrategy { Start = ctx => { counter = ctx.State.Get<int>("counter"); return default; } };
            await using var h = await StartAsync(strategy, kit: kit, store: new JournalStrategyStateStore(journal));
            await h.TickAsync();

            Assert.Equal(7, counter);
            Assert.Equal(["bid", "ask"], h.Open.Select(o => o.Label));
            Assert.Equal(0.2m, h.Open[0].Order.FilledAmount);
            Assert.Equal(1, h.Driver.Pnl.State.Trades);           // the partial fill is not counted again
            Assert.Equal(1m, h.Driver.Pnl.State.StartBase);        // start balances as recorded in the first life
            Assert.Equal(startedAt, h.Driver.Snapshot().StartedAt);
            Assert.DoesNotContain(strategy.Calls, c => c.StartsWith("fill", StringComparison.Ordinal));

            await h.PrintAsync(98.9m, 1m, OrderSide.Sell);
            Assert.Equal(2, h.Driver.Pnl.State.Trades);
            Assert.Equal(1.5m, h.Driver.Pnl.State.Base);
        }
    }

    [Fact]
    public async Task An_order_placed_just_before_a_crash_and_missing_from_the_state_is_adopted_by_its_tag()
    {
        var store = new InMemoryStrategyStateStore();
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m }, latency: TimeSpan.FromMilliseconds(100));
        var first = new ScriptStrategy
        {
            Start = async ctx => await ctx.Orders.PlaceAsync(OrderRequest.LimitMaker(BtcUsd, OrderSide.Buy, 0.5m, 99.0m), "bid"),
        };
        var h1 = await StartAsync(first, kit: kit, store: store);
        await store.SaveAsync("test", new Dictionary<string, string?> { [StrategyDocuments.Orders] = null }); // lost before saving

        var second = new ScriptStrategy();
        var driver = new StrategyDriver(kit.Exchange, second, new StrategyHostOptions { StrategyId = "test" }, store, kit.Time);
        await driver.StartAsync();

        var adopted = Assert.Single(driver.Orders.Open);
        Assert.Equal("adopted", adopted.Label);
        Assert.Equal(h1.Open[0].ClientOrderId, adopted.ClientOrderId);
        await driver.StopAsync();
        await kit.Exchange.FlushAsync();
        kit.Time.Advance(TimeSpan.FromSeconds(1));
        await kit.Exchange.FlushAsync();
        Assert.Empty(kit.Exchange.OpenOrders); // never orphaned: stopping cancels it
        await kit.DisposeAsync();
    }
}

public class StrategyRunResetTests
{
    [Fact]
    public async Task A_restart_keeps_the_run_its_start_balances_and_peak_and_a_reset_begins_a_new_run()
    {
        var store = new InMemoryStrategyStateStore();
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 1_000m, ["BTC"] = 1m }, latency: TimeSpan.FromMilliseconds(100));
        var h1 = await StartAsync(new ScriptStrategy(), kit: kit, store: store);
        await h1.BookAsync([(119.9m, 1m)], [(120.1m, 1m)]); // peak 1 120
        await h1.BookAsync([(99.9m, 1m)], [(100.1m, 1m)]);
        await h1.Driver.FlushStateAsync();
        var first = h1.Driver.Pnl.State;

        // A trade by hand, outside the strategy: it moves the account, not the strategy's start or figures.
        await kit.PlaceAsync(KrakenBot.Connector.Trading.OrderRequest.Market(BtcUsd, KrakenBot.Connector.Trading.OrderSide.Buy, 1m));
        Assert.Equal(2m, kit.Total("BTC"));
        var again = new StrategyDriver(kit.Exchange, new ScriptStrategy(), new StrategyHostOptions { StrategyId = "test" }, store, kit.Time);
        await again.StartAsync();
        Assert.Equal((first.StartBase, first.StartQuote, first.StartedAt, 1_120m), (again.Pnl.State.StartBase, again.Pnl.State.StartQuote,
            again.Pnl.State.StartedAt, again.Pnl.State.PeakEquity));
        await again.StopAsync(cancelOrders: false);

        kit.Time.Advance(TimeSpan.FromMinutes(1));
        var fresh = new StrategyDriver(kit.Exchange, new ScriptStrategy(), new StrategyHostOptions { StrategyId = "test", ResetState = true }, store, kit.Time);
        await fresh.StartAsync();
        Assert.Equal(kit.Time.GetUtcNow(), fresh.Pnl.State.StartedAt);
        Assert.Equal((2m, kit.Total("USD")), (fresh.Pnl.State.StartBase, fresh.Pnl.State.StartQuote)); // the account now
        Assert.Equal(kit.Total("USD") + 2m * 100m, fresh.Pnl.State.PeakEquity);
        await fresh.StopAsync(cancelOrders: false);
        await kit.DisposeAsync();
    }

    [Fact]
    public async Task A_new_peak_alone_is_saved_at_most_every_mark_save_interval_and_a_flush_saves_it()
    {
        var store = new InMemoryStrategyStateStore();
        var kit = new PaperTestKit(new Dictionary<string, decimal> { ["USD"] = 1_000m, ["BTC"] = 1m }, latency: TimeSpan.FromMilliseconds(100));
        var h = await StartAsync(new ScriptStrategy(), kit: kit, store: store);
        await h.BookAsync([(99.9m, 1m)], [(100.1m, 1m)]);
        await h.Driver.FlushStateAsync();
        Assert.Equal(1_100m, await StoredPeakAsync(store));

        // Book changes handed to the driver without the harness's settle (it flushes the state after each step).
        await BookOnlyAsync(h, 110m); // a new peak alone waits for the interval (5 s)
        Assert.Equal(1_110m, h.Driver.Pnl.State.PeakEquity);
        Assert.Equal(1_100m, await StoredPeakAsync(store));
        kit.Time.Advance(TimeSpan.FromSeconds(5));
        await BookOnlyAsync(h, 105m); // the next input after it saves the peak
        Assert.Equal(1_110m, await StoredPeakAsync(store));

        await BookOnlyAsync(h, 120m);
        Assert.Equal(1_110m, await StoredPeakAsync(store));
        await h.Driver.FlushStateAsync(); // every change made so far, the waiting peak included
        Assert.Equal(1_120m, await StoredPeakAsync(store));
        await h.Driver.StopAsync(cancelOrders: false);
        await kit.DisposeAsync();
    }

    private static async Task BookOnlyAsync(StrategyHarness h, decimal mid)
    {
        h.Kit.SetBook([(mid - 0.1m, 1m)], [(mid + 0.1m, 1m)]);
        await h.Driver.BookChangedAsync(BtcUsd);
    }

    private static async Task<decimal?> StoredPeakAsync(InMemoryStrategyStateStore store) =>
        System.Text.Json.JsonSerializer.Deserialize<KrakenBot.Strategies.Pnl.PnlState>(
            (await store.LoadAsync("test"))[StrategyDocuments.Pnl], StateJson.Options)!.PeakEquity;
}
