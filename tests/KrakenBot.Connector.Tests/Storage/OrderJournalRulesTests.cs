using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class OrderJournalRulesTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_same_intent_written_twice_is_stored_once()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var order = NewBuy("c-1");

        Assert.True(await orders.RecordCreatedAsync(order));
        Assert.False(await orders.RecordCreatedAsync(order));

        using var raw = _directory.RawConnection();
        Assert.Equal(1L, Scalar(raw, "SELECT COUNT(*) FROM orders"));
        Assert.Equal(1L, Scalar(raw, "SELECT COUNT(*) FROM order_events"));
    }

    [Fact]
    public async Task A_client_order_id_reused_for_another_order_is_refused()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        await orders.RecordCreatedAsync(NewBuy("c-1", amount: 1m));

        var error = await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordCreatedAsync(NewBuy("c-1", amount: 2m)));
        Assert.Contains("c-1", error.Message);
        Assert.Equal(1m, (await orders.GetByClientIdAsync("c-1"))!.Request.Amount);
    }

    [Fact]
    public async Task An_order_already_past_pending_is_not_accepted_as_an_intent()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var open = NewBuy("c-1").TransitionTo(OrderState.Open, T0);

        await Assert.ThrowsAsync<ArgumentException>(() => orders.RecordCreatedAsync(open));
        Assert.Null(await orders.GetByClientIdAsync("c-1"));
    }

    [Fact]
    public async Task A_change_recorded_without_the_one_before_it_is_refused_and_nothing_is_written()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        var orders = account.Orders;
        var open = NewBuy("c-1", 2m).TransitionTo(OrderState.Open, T0.AddSeconds(1));
        await orders.RecordCreatedAsync(NewBuy("c-1", 2m));
        await orders.RecordStateChangeAsync(open);

        // The cancel request (PendingCancel) was never journaled; recording the fill now would lose it.
        var cancelling = open.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(2));
        var fill = FillOf(cancelling, "T1", 1m, 100m);
        var partial = cancelling.ApplyFill(fill, T0.AddSeconds(3));

        var error = await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordFillAsync(partial, fill));
        Assert.Contains("out of step", error.Message);
        AssertSameOrder(open, await orders.GetByClientIdAsync("c-1"));
        Assert.Null(await account.Fills.GetAsync("T1"));
    }

    [Fact]
    public async Task A_state_change_the_journal_cannot_reach_is_refused()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var order = NewBuy("c-1");
        await orders.RecordCreatedAsync(order);
        var cancelled = order.TransitionTo(OrderState.Cancelled, T0.AddSeconds(1));
        await orders.RecordStateChangeAsync(cancelled);

        // A stale snapshot from before the cancel tries to move the order to Open.
        var stale = order.TransitionTo(OrderState.Open, T0.AddSeconds(2));
        var error = await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordStateChangeAsync(stale));
        Assert.Contains("Cancelled", error.Message);
        Assert.Equal(OrderState.Cancelled, (await orders.GetByClientIdAsync("c-1"))!.State);
    }

    [Fact]
    public async Task Recording_the_same_state_change_again_is_a_no_op()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var order = NewBuy("c-1");
        await orders.RecordCreatedAsync(order);
        var open = order.TransitionTo(OrderState.Open, T0.AddSeconds(1));

        Assert.True(await orders.RecordStateChangeAsync(open));
        Assert.False(await orders.RecordStateChangeAsync(open));
        AssertSameOrder(open, await orders.GetByClientIdAsync("c-1"));
    }

    [Fact]
    public async Task An_exchange_id_is_never_replaced_nor_shared_by_two_orders()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var first = NewBuy("c-1");
        var second = NewBuy("c-2");
        await orders.RecordCreatedAsync(first);
        await orders.RecordCreatedAsync(second);
        await orders.RecordExchangeOrderIdAsync(first.WithExchangeOrderId("OA", T0));

        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordExchangeOrderIdAsync(first.WithExchangeOrderId("OB", T0)));
        await Assert.ThrowsAsync<JournalConflictException>(() => orders.RecordExchangeOrderIdAsync(second.WithExchangeOrderId("OA", T0)));
        Assert.Equal("c-1", (await orders.GetByExchangeIdAsync("OA"))!.ClientOrderId);
        Assert.Null((await orders.GetByClientIdAsync("c-2"))!.ExchangeOrderId);
    }

    [Fact]
    public async Task Open_orders_are_the_non_terminal_ones_oldest_first()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var pending = NewBuy("pending", at: T0.AddMinutes(3));
        var open = NewBuy("open", at: T0.AddMinutes(1));
        var filled = NewBuy("filled", at: T0.AddMinutes(2));
        var cancelling = NewBuy("cancelling", at: T0.AddMinutes(4));
        foreach (var order in new[] { pending, open, filled, cancelling })
        {
            await orders.RecordCreatedAsync(order);
        }

        await orders.RecordStateChangeAsync(open.TransitionTo(OrderState.Open, T0.AddMinutes(5)));
        var fill = FillOf(filled, "T1", 1m, 100m);
        await orders.RecordFillAsync(filled.ApplyFill(fill, T0.AddMinutes(5)), fill);
        await orders.RecordStateChangeAsync(cancelling.TransitionTo(OrderState.PendingCancel, T0.AddMinutes(5)));

        var openOrders = await orders.GetOpenAsync();
        Assert.Equal(["open", "pending", "cancelling"], openOrders.Select(o => o.ClientOrderId));
    }

    [Fact]
    public async Task A_row_edited_by_hand_so_it_disagrees_with_its_events_is_reported_not_guessed()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        await orders.RecordCreatedAsync(NewBuy("c-1"));
        using (var raw = _directory.RawConnection())
        {
            Execute(raw, "UPDATE orders SET state = 'Filled', is_terminal = 1");
        }

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => orders.GetByClientIdAsync("c-1"));
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Contains("c-1", error.Message);
    }

    [Fact]
    public async Task A_fill_row_edited_into_nonsense_is_reported_with_the_path()
    {
        await using var journal = await _directory.OpenAsync();
        var fills = (await journal.OpenAccountAsync(Paper)).Fills;
        await fills.RecordAsync(new Fill("T1", "c-1", null, BtcUsd, OrderSide.Buy, 100m, 1m, 0m, "USD", false, T0));
        using (var raw = _directory.RawConnection())
        {
            Execute(raw, "UPDATE fills SET amount = '-1'");
        }

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => fills.GetAsync("T1"));
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Contains("T1", error.Message);
    }

    [Fact]
    public async Task Order_events_are_append_only()
    {
        await using var journal = await _directory.OpenAsync();
        await (await journal.OpenAccountAsync(Paper)).Orders.RecordCreatedAsync(NewBuy("c-1"));

        using var raw = _directory.RawConnection();
        var error = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => Execute(raw, "DELETE FROM order_events"));
        Assert.Contains("append-only", error.Message);
    }

    internal static object? Scalar(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    internal static void Execute(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
