using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;
using static KrakenBot.Connector.Tests.Storage.OrderJournalRulesTests;

namespace KrakenBot.Connector.Tests.Storage;

/// <summary>Amends follow the same rules as every other recorded change: one step at a time, each once.</summary>
public class OrderJournalAmendRulesTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<(TradingJournal Journal, OrderJournal Orders, TrackedOrder Open)> OpenOrderAsync()
    {
        var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var created = NewBuy("c-1", 2m, 100m);
        var open = created.TransitionTo(OrderState.Open, T0.AddSeconds(1));
        Assert.True(await orders.RecordCreatedAsync(created));
        Assert.True(await orders.RecordStateChangeAsync(open));
        return (journal, orders, open);
    }

    [Fact]
    public async Task Recording_the_same_amend_twice_stores_it_once()
    {
        var (journal, orders, open) = await OpenOrderAsync();
        await using var _ = journal;
        var amended = open.WithAmendment(99m, 3m, T0.AddSeconds(2));

        Assert.True(await orders.RecordAmendedAsync(amended));
        Assert.False(await orders.RecordAmendedAsync(amended));

        using var raw = _directory.RawConnection();
        Assert.Equal(1L, Scalar(raw, "SELECT COUNT(*) FROM order_events WHERE kind = 'amended'"));
        AssertSameOrder(amended, await orders.GetByClientIdAsync("c-1"));
    }

    [Fact]
    public async Task An_amend_recorded_without_the_change_before_it_is_refused_and_nothing_is_written()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var created = NewBuy("c-1", 2m, 100m);
        await orders.RecordCreatedAsync(created);

        // The move to Open was never journaled: an amend of the open order would hide it.
        var amended = created.TransitionTo(OrderState.Open, T0.AddSeconds(1)).WithAmendment(99m, null, T0.AddSeconds(2));

        var error = await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordAmendedAsync(amended));
        Assert.Contains("out of step", error.Message);
        Assert.Contains("an amend", error.Message);
        AssertSameOrder(created, await orders.GetByClientIdAsync("c-1"));
        using var raw = _directory.RawConnection();
        Assert.Equal(0L, Scalar(raw, "SELECT COUNT(*) FROM order_events WHERE kind = 'amended'"));
    }

    [Fact]
    public async Task A_change_after_an_amend_that_was_not_recorded_is_refused()
    {
        var (journal, orders, open) = await OpenOrderAsync();
        await using var _ = journal;
        var amended = open.WithAmendment(99m, 3m, T0.AddSeconds(2));
        var fill = FillOf(amended, "T1", 2.5m, 99m);
        var partial = amended.ApplyFill(fill, T0.AddSeconds(3)); // 2.5 only fits the amended amount

        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordFillAsync(partial, fill));
        await Assert.ThrowsAsync<JournalConflictException>(() =>
            orders.RecordStateChangeAsync(amended.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(3))));
        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordStateChangeAsync(amended)); // wrong method

        AssertSameOrder(open, await orders.GetByClientIdAsync("c-1"));
    }

    [Fact]
    public async Task An_order_that_was_not_amended_is_refused_as_an_amend()
    {
        var (journal, orders, open) = await OpenOrderAsync();
        await using var _ = journal;
        var cancelling = open.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(2));

        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordAmendedAsync(cancelling));
        Assert.Equal(OrderState.Open, (await orders.GetByClientIdAsync("c-1"))!.State);
    }

    [Fact]
    public async Task An_amend_of_an_order_not_in_the_journal_is_refused()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var amended = NewBuy("c-9").WithAmendment(99m, null, T0.AddSeconds(1));

        var error = await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordAmendedAsync(amended));
        Assert.Contains("not in the journal", error.Message);
    }

    [Fact]
    public async Task The_first_figures_stay_in_the_created_event_and_the_row_holds_the_amended_ones()
    {
        var (journal, orders, open) = await OpenOrderAsync();
        await using var _ = journal;
        await orders.RecordAmendedAsync(open.WithAmendment(99.50m, 3.000m, T0.AddSeconds(2)));

        using var raw = _directory.RawConnection();
        Assert.Equal("2|100", Scalar(raw, "SELECT amount || '|' || price FROM order_events WHERE kind = 'created'"));
        Assert.Equal("3.000|99.50", Scalar(raw, "SELECT amount || '|' || price FROM order_events WHERE kind = 'amended'"));
        Assert.Equal("3.000|99.50", Scalar(raw, "SELECT amount || '|' || price FROM orders"));
    }

    [Fact]
    public async Task A_row_price_edited_by_hand_so_it_disagrees_with_the_amends_is_reported()
    {
        var (journal, orders, open) = await OpenOrderAsync();
        await using var _ = journal;
        await orders.RecordAmendedAsync(open.WithAmendment(99m, null, T0.AddSeconds(2)));
        using (var raw = _directory.RawConnection())
        {
            Execute(raw, "UPDATE orders SET price = '98'");
        }

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => orders.GetByClientIdAsync("c-1"));
        Assert.Contains("c-1", error.Message);
        Assert.Contains(_directory.JournalPath, error.Message);
    }

    [Fact]
    public async Task An_amended_event_without_figures_or_with_a_non_plain_decimal_is_refused_by_the_file()
    {
        var (journal, _, _) = await OpenOrderAsync();
        await using var __ = journal;
        using var raw = _directory.RawConnection();
        const string insert = "INSERT INTO order_events (order_id, kind, at, state, amount, price) VALUES (1, 'amended', '2026-11-26T09:00:05.0000000+00:00', 'Open', ";

        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => Execute(raw, insert + "NULL, '99')"));
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => Execute(raw, insert + "'1e-8', '99')"));
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() =>
            Execute(raw, "INSERT INTO order_events (order_id, kind, at, state, amount) VALUES (1, 'state', '2026-11-26T09:00:05.0000000+00:00', 'Open', '2')"));
        Assert.Equal(0L, Scalar(raw, "SELECT COUNT(*) FROM order_events WHERE kind = 'amended'"));
    }
}
