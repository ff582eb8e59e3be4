using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.PaperTrade.PaperTestKit;

namespace KrakenBot.Connector.Tests.PaperTrade;

/// <summary>The paper account kept in a real SQLite journal file, across a close and reopen of the file.</summary>
public class PaperJournalTests
{
    private static readonly JournalAccount Account = JournalAccount.Paper("default");

    [Fact]
    public async Task Balances_orders_and_fills_survive_closing_and_reopening_the_journal_file()
    {
        using var directory = new TempJournalDirectory();
        IReadOnlyDictionary<string, Balance> balances;
        IReadOnlyList<TrackedOrder> open;
        string resting, pending, cancelling;
        await using (var journal = await directory.OpenAsync())
        {
            var kit = new PaperTestKit(store: new JournalPaperAccountStore(await journal.OpenAccountAsync(Account)), idPrefix: "run1");
            await kit.Exchange.StartAsync();
            kit.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
            await kit.PlaceAsync(OrderRequest.Market(BtcUsd, OrderSide.Buy, 0.5m));
            resting = (await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 1m, 99.0m))).ClientOrderId;
            await kit.PrintAsync(98.9m, 0.25m, OrderSide.Sell);
            cancelling = (await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.7m, 101.0m))).ClientOrderId;
            await kit.Exchange.CancelOrderAsync(cancelling);
            pending = await kit.Exchange.PlaceOrderAsync(OrderRequest.Limit(BtcUsd, OrderSide.Sell, 0.2m, 102.0m));
            balances = kit.Exchange.Balances;
            open = kit.Exchange.OpenOrders;
            await kit.DisposeAsync();
        }

        await using (var journal = await directory.OpenAsync())
        {
            await using var kit = new PaperTestKit(store: new JournalPaperAccountStore(await journal.OpenAccountAsync(Account)), idPrefix: "run2");
            kit.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
            await kit.Exchange.StartAsync();

            Assert.Equal(balances, kit.Exchange.Balances);
            Assert.Equal(open.Select(Describe), kit.Exchange.OpenOrders.Select(Describe));

            await kit.PrintAsync(99.0m, 0.8m, OrderSide.Sell); // 0.5 ahead at 99, then 0.3 to the restored order
            Assert.Equal(0.55m, kit.Exchange.GetOrder(resting)!.FilledAmount);
            await kit.SettleAsync();
            Assert.Equal(OrderState.Cancelled, kit.Exchange.GetOrder(cancelling)!.State);
            Assert.Equal(OrderState.Open, kit.Exchange.GetOrder(pending)!.State);
            Assert.Equal(3, (await kit.Exchange.GetTradeHistoryAsync()).Count);
            Assert.All(await kit.Exchange.GetTradeHistoryAsync(), f => Assert.StartsWith("PAPER-", f.TradeId));
        }
    }

    [Theory]
    [InlineData(3)]
    public async Task The_ledger_property_holds_over_the_journal_too(int seed)
    {
        using var directory = new TempJournalDirectory();
        await using var journal = await directory.OpenAsync();
        var store = new JournalPaperAccountStore(await journal.OpenAccountAsync(Account));
        await PaperLedgerPropertyTests.RunScenarioAsync(seed, store, steps: 120);
    }

    [Fact]
    public async Task An_amended_order_is_restored_with_its_new_figures_after_closing_and_reopening_the_journal_file()
    {
        using var directory = new TempJournalDirectory();
        string amendedId;
        TrackedOrder amended;
        IReadOnlyDictionary<string, Balance> balances;
        await using (var journal = await directory.OpenAsync())
        {
            await using var kit = new PaperTestKit(store: new JournalPaperAccountStore(await journal.OpenAccountAsync(Account)), idPrefix: "run1");
            await kit.Exchange.StartAsync();
            kit.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
            amendedId = (await kit.PlaceAsync(OrderRequest.Limit(BtcUsd, OrderSide.Buy, 2m, 95.0m))).ClientOrderId;
            await kit.Exchange.AmendOrderAsync(amendedId, newPrice: 96.0m);
            await kit.SettleAsync();
            await kit.Exchange.AmendOrderAsync(amendedId, newAmount: 1.5m);
            await kit.SettleAsync();
            amended = kit.Exchange.GetOrder(amendedId)!;
            Assert.Equal((1.5m, 96.0m), (amended.Request.Amount, amended.Request.Price));
            balances = kit.Exchange.Balances;
        }

        await using (var journal = await directory.OpenAsync())
        {
            await using var kit = new PaperTestKit(store: new JournalPaperAccountStore(await journal.OpenAccountAsync(Account)), idPrefix: "run2");
            kit.SetBook([(99.0m, 0.5m)], [(100.0m, 1m)]);
            await kit.Exchange.StartAsync();

            var restored = kit.Exchange.GetOrder(amendedId)!;
            Assert.Equal(Describe(amended), Describe(restored));
            Assert.Equal(amended.UpdatedAt, restored.UpdatedAt);
            Assert.Equal(balances, kit.Exchange.Balances); // the hold follows the amended amount and price
            Assert.Equal(1.5m * 96.0m * (1 + TakerPercent / 100m), kit.Held("USD"));

            await kit.PrintAsync(96.0m, 2m, OrderSide.Sell); // fills against the amended figures, no more than 1.5
            Assert.Equal(OrderState.Filled, kit.Exchange.GetOrder(amendedId)!.State);
            Assert.Equal(1.5m, kit.Exchange.GetOrder(amendedId)!.FilledAmount);
        }

        await using (var journal = await directory.OpenAsync(readOnly: true))
        {
            var stored = await (await journal.OpenAccountAsync(Account)).Orders.GetByClientIdAsync(amendedId);
            Assert.Equal(OrderState.Filled, stored!.State);
            Assert.Equal((1.5m, 96.0m), (stored.Request.Amount, stored.Request.Price));
        }
    }

    [Fact]
    public async Task A_live_account_journal_is_refused_for_paper_trading()
    {
        using var directory = new TempJournalDirectory();
        await using var journal = await directory.OpenAsync();
        var live = await journal.OpenAccountAsync(JournalAccount.Kraken("public-key"));

        var error = Assert.Throws<ArgumentException>(() => new JournalPaperAccountStore(live));
        Assert.Contains("not a paper account", error.Message);
    }

    private static string Describe(TrackedOrder order) =>
        $"{order} {order.ExchangeOrderId} {string.Join(",", order.Fills.Select(f => $"{f.TradeId}:{f.Amount}@{f.Price}/{f.FeeAmount}"))}";
}
