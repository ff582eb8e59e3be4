using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.State;
using KrakenBot.Strategies.Tests.Kit;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace KrakenBot.Strategies.Tests.MarketMaking;

public class PmmRestartTests
{
    [Fact]
    public async Task After_a_crash_pmm_resumes_from_the_journal_with_its_hanging_orders_counters_and_pnl_and_duplicates_nothing()
    {
        using var temp = new TempJournal();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        var starting = new Dictionary<string, decimal> { ["USD"] = 10_000m, ["BTC"] = 1m };
        Func<PureMarketMakingConfig, PureMarketMakingConfig> config = c => c with
        {
            HangingOrdersEnabled = true,
            PingPongEnabled = true,
            FilledOrderDelay = TimeSpan.FromSeconds(1),
        };
        string hanging;
        string[] openBefore;
        int trades;

        {
            var journal = await temp.OpenAsync();
            var kit = new PaperTestKit(starting, new JournalPaperAccountStore(await journal.OpenAccountAsync(JournalAccount.Paper("t"))), time,
                latency: TimeSpan.FromMilliseconds(100), idPrefix: "a");
            var strategy = new PureMarketMaking(Pmm.Config(config));
            var h = await StrategyHarness.StartAsync(strategy, kit: kit, store: new JournalStrategyStateStore(journal));
            await h.TickAsync();
            await h.PrintAsync(98.9m, 0.1m, OrderSide.Sell); // the buy fills: the sell will hang
            for (int i = 0; i < 12; i++) await h.TickAsync();
            hanging = Assert.Single(strategy.State.Hanging);
            Assert.Equal(1, strategy.State.FilledBuys);
            openBefore = [.. kit.Exchange.OpenOrders.Select(o => o.ClientOrderId).Order(StringComparer.Ordinal)];
            trades = h.Driver.Pnl.State.Trades;
            await kit.Exchange.StopAsync();
            journal.Dispose(); // killed: nothing stopped, nothing cancelled
        }

        {
            await using var journal = await temp.OpenAsync();
            var kit = new PaperTestKit(starting, new JournalPaperAccountStore(await journal.OpenAccountAsync(JournalAccount.Paper("t"))), time,
                latency: TimeSpan.FromMilliseconds(100), idPrefix: "b");
            var strategy = new PureMarketMaking(Pmm.Config(config));
            await using var h = await StrategyHarness.StartAsync(strategy, kit: kit, store: new JournalStrategyStateStore(journal));
            for (int i = 0; i < 15; i++) await h.TickAsync();

            Assert.Equal([hanging], strategy.State.Hanging);
            Assert.Equal("hang", h.Driver.Orders.Find(hanging)!.Label);
            Assert.Equal(1, strategy.State.FilledBuys);
            Assert.Equal(trades, h.Driver.Pnl.State.Trades);
            Assert.Equal(openBefore, kit.Exchange.OpenOrders.Select(o => o.ClientOrderId).Order(StringComparer.Ordinal));
            Assert.Equal(0, strategy.Places); // its orders were adopted, none placed again
            Assert.All(kit.Exchange.OpenOrders, o => Assert.NotNull(h.Driver.Orders.Find(o.ClientOrderId)));
        }
    }
}
