using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class FillJournalTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static Fill Trade(string tradeId, decimal amount = 0.5m, decimal price = 100m, decimal fee = 0.1m, string? clientId = "c-1",
        string? exchangeId = "OX", DateTimeOffset? at = null) =>
        new(tradeId, clientId, exchangeId, BtcUsd, OrderSide.Buy, price, amount, fee, "USD", false, at ?? T0);

    [Fact]
    public async Task An_order_fill_written_twice_is_recorded_once()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        var order = NewBuy("c-1", 2m).WithExchangeOrderId("OX", T0);
        await account.Orders.RecordCreatedAsync(NewBuy("c-1", 2m));
        await account.Orders.RecordExchangeOrderIdAsync(order);
        var fill = Trade("T1");
        var filled = order.ApplyFill(fill, T0.AddSeconds(1));

        Assert.True(await account.Orders.RecordFillAsync(filled, fill));
        Assert.False(await account.Orders.RecordFillAsync(filled, fill));
        Assert.False(await account.Orders.RecordFillAsync(filled.ApplyFill(fill, T0.AddSeconds(9)), fill)); // the order ignores it too
        Assert.False(await account.Fills.RecordAsync(fill));

        var stored = await account.Orders.GetByClientIdAsync("c-1");
        Assert.Single(stored!.Fills);
        Assert.Equal(0.5m, stored.FilledAmount);
        Assert.Single(await account.Fills.GetAfterAsync(0));
        using var raw = _directory.RawConnection();
        Assert.Equal(1L, OrderJournalRulesTests.Scalar(raw, "SELECT COUNT(*) FROM order_events WHERE kind = 'fill'"));
    }

    [Fact]
    public async Task A_loose_fill_written_twice_is_recorded_once()
    {
        await using var journal = await _directory.OpenAsync();
        var fills = (await journal.OpenAccountAsync(Paper)).Fills;

        Assert.True(await fills.RecordAsync(Trade("T1")));
        Assert.False(await fills.RecordAsync(Trade("T1")));
        Assert.Equal(Trade("T1"), (await fills.GetAsync("T1"))!.Fill);
        Assert.Single(await fills.GetAfterAsync(0));
    }

    [Fact]
    public async Task The_same_trade_id_with_other_figures_is_refused_and_the_first_kept()
    {
        await using var journal = await _directory.OpenAsync();
        var fills = (await journal.OpenAccountAsync(Paper)).Fills;
        await fills.RecordAsync(Trade("T1", amount: 0.5m));

        var error = await Assert.ThrowsAsync<JournalConflictException>(() => fills.RecordAsync(Trade("T1", amount: 0.6m)));
        Assert.Contains("T1", error.Message);
        Assert.Contains("0.6", error.Message);
        Assert.Equal(0.5m, (await fills.GetAsync("T1"))!.Fill.Amount);
    }

    [Fact]
    public async Task Equal_figures_at_another_scale_are_the_same_trade()
    {
        await using var journal = await _directory.OpenAsync();
        var fills = (await journal.OpenAccountAsync(Paper)).Fills;
        await fills.RecordAsync(Trade("T1", amount: 0.5m, price: 100m));

        Assert.False(await fills.RecordAsync(Trade("T1", amount: 0.50000m, price: 100.00m, clientId: null)));
    }

    [Fact]
    public async Task A_fill_found_by_reconciliation_before_its_order_is_tied_to_the_order_later()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        var fill = Trade("T1", clientId: "c-1", exchangeId: null);
        Assert.True(await account.Fills.RecordAsync(fill));

        var order = NewBuy("c-1", 2m);
        await account.Orders.RecordCreatedAsync(order);
        var filled = order.ApplyFill(fill, T0.AddSeconds(1));
        Assert.True(await account.Orders.RecordFillAsync(filled, fill));

        AssertSameOrder(filled, await account.Orders.GetByClientIdAsync("c-1"));
        var stored = Assert.Single(await account.Fills.GetAfterAsync(0));
        Assert.Equal(fill, stored.Fill);
    }

    [Fact]
    public async Task One_trade_cannot_fill_two_orders()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        var first = NewBuy("c-1");
        var second = NewBuy("c-2");
        await account.Orders.RecordCreatedAsync(first);
        await account.Orders.RecordCreatedAsync(second);
        var fill = Trade("T1", clientId: null, exchangeId: "OSHARED");
        await account.Orders.RecordExchangeOrderIdAsync(first = first.WithExchangeOrderId("OSHARED", T0));
        await account.Orders.RecordFillAsync(first.ApplyFill(fill, T0), fill);

        var wrong = new Fill("T1", "c-2", null, BtcUsd, OrderSide.Buy, 100m, 0.5m, 0.1m, "USD", false, T0);
        await Assert.ThrowsAsync<JournalConflictException>(() => account.Orders.RecordFillAsync(second.ApplyFill(wrong, T0), wrong));
        Assert.Empty((await account.Orders.GetByClientIdAsync("c-2"))!.Fills);
    }

    [Fact]
    public async Task Fills_after_a_sequence_come_in_the_order_they_were_stored()
    {
        await using var journal = await _directory.OpenAsync();
        var fills = (await journal.OpenAccountAsync(Paper)).Fills;
        for (int i = 1; i <= 5; i++)
        {
            await fills.RecordAsync(Trade($"T{i}", at: T0.AddMinutes(-i))); // executed out of order
        }

        var firstTwo = await fills.GetAfterAsync(0, max: 2);
        Assert.Equal(["T1", "T2"], firstTwo.Select(f => f.Fill.TradeId));
        var rest = await fills.GetAfterAsync(firstTwo[^1].Sequence);
        Assert.Equal(["T3", "T4", "T5"], rest.Select(f => f.Fill.TradeId));
        Assert.Empty(await fills.GetAfterAsync(rest[^1].Sequence));

        await fills.RecordAsync(Trade("T6"));
        Assert.Equal(["T6"], (await fills.GetAfterAsync(rest[^1].Sequence)).Select(f => f.Fill.TradeId));
    }
}
