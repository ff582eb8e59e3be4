using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.EndToEnd.Tests.Exchange;
using KrakenBot.Tests.Shared;
using Xunit;

namespace KrakenBot.EndToEnd.Tests.Fleet;

/// <summary>
/// The trade cursor (where reconciliation resumes reading the account's trades) is one per account, so on a key a fleet
/// shares any member moves it, past trades of the others' orders too. Each member must still journal exactly its own
/// fills, once: a member that was stopped while its order filled recovers that fill from its own orders (Kraken's
/// record of each), not from the cursor; no member journals another's trade.
/// </summary>
public sealed class FleetTradeCursorTests
{
    [PostgresFact]
    public async Task A_fill_while_its_member_was_stopped_is_journaled_once_by_it_even_after_another_moved_the_shared_cursor_past_it()
    {
        await using var schema = new TestPostgresSchema();
        await using var world = await SandboxWorld.StartAsync();
        var a = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-a"));
        var b = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-b"));
        string a1 = await a.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 49000m));
        string b1 = await b.PlaceOrderAsync(OrderRequest.Limit(SandboxWorld.BtcUsd, OrderSide.Buy, 0.1m, 50000m));
        await Until.OrderStateAsync(a, a1, OrderState.Open);
        await Until.OrderStateAsync(b, b1, OrderState.Open);

        // B stops (its order stays on the book), then another trader's market sell fills it.
        await b.DisposeAsync();
        await world.MakerMarketAsync(OrderSide.Sell, 0.1m);

        // A reads the account's trades: B's is not A's to journal, but the shared cursor moves past it, and (as if A had
        // since seen a later trade) well past it, so a reader resuming from the cursor would never see B's fill again.
        await a.ReconcileAsync();
        await using var reader = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = schema.Journal, ReadOnly = true });
        var account = await reader.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
        Assert.Empty(await account.Fills.GetAfterAsync(0));
        Assert.NotNull(await account.GetTradeCursorAsync());
        await using (var writer = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = schema.Journal }))
        {
            var shared = await writer.OpenAccountAsync(JournalAccount.Kraken(world.Trader.ApiKey));
            Assert.True(await shared.AdvanceTradeCursorAsync(new TradeCursor("T-LATER", DateTimeOffset.UtcNow.AddMinutes(10))));
        }

        // B starts again: its order is filled, with its one fill, journaled once.
        var again = await world.StartExchangeAsync(world.Options(journalPath: schema.Journal, fleetMember: "bot-b"));
        await Until.OrderStateAsync(again, b1, OrderState.Filled);
        var fill = Assert.Single(again.GetOrder(b1)!.Fills);
        var journaled = Assert.Single(await account.Fills.GetAfterAsync(0));
        Assert.Equal(fill.TradeId, journaled.Fill.TradeId);
        Assert.Equal(b1, journaled.Fill.ClientOrderId);

        // A's order fills while both run: A journals it, B (reading the same trades) does not, nor again its own.
        await world.MakerMarketAsync(OrderSide.Sell, 0.1m);
        await Until.OrderStateAsync(a, a1, OrderState.Filled);
        await again.ReconcileAsync();
        await a.ReconcileAsync();
        var fills = await account.Fills.GetAfterAsync(0);
        Assert.Equal(2, fills.Count);
        Assert.Equal(new[] { a1, b1 }.Order(), fills.Select(f => f.Fill.ClientOrderId).Order());
        Assert.Equal(fills.Count, fills.Select(f => f.Fill.TradeId).Distinct().Count());
        Assert.Single(a.GetOrder(a1)!.Fills);
        Assert.Single(again.GetOrder(b1)!.Fills);
    }
}
