using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Storage.Internal;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage.Engines;

/// <summary>
/// Recording a change checks it against the order as this process last journaled it, not a replay of every event
/// (<see cref="JournaledOrderStates"/>). Whatever happens (many changes, a rollback, a restart, another writer), what it
/// keeps must be what a full replay of the journal gives, and never ahead of the journal.
/// </summary>
public abstract class JournaledOrderSuite : IAsyncLifetime
{
    /// <summary>The journal string (a path or a connection string) this test's journal lives at.</summary>
    protected abstract string Journal { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected Task<TradingJournal> OpenAsync() => TradingJournal.OpenAsync(new TradingJournalOptions { Path = Journal });

    [EngineFact]
    public async Task After_many_changes_of_every_kind_the_kept_order_is_what_a_full_replay_gives()
    {
        await using var journal = await OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        var order = await OpenOrderAsync(orders, "c-1");
        for (int i = 1; i <= 300; i++)
        {
            var at = T0.AddSeconds(10 + i);
            order = order.WithAmendment(100m + (i % 7) * 0.1m, 20m + (i % 3), at);
            Assert.True(await orders.RecordAmendedAsync(order));
            if (i % 50 == 0)
            {
                var fill = FillOf(order, $"T-{i}", 0.25m, order.Request.Price!.Value, fee: 0.0031m, at: at);
                order = order.ApplyFill(fill, at);
                Assert.True(await orders.RecordFillAsync(order, fill));
            }

            if (i % 75 == 0)
            {
                order = order.TransitionTo(OrderState.PendingCancel, at);
                Assert.True(await orders.RecordStateChangeAsync(order));
                order = order.TransitionTo(OrderState.PartiallyFilled, at); // the cancel was refused
                Assert.True(await orders.RecordStateChangeAsync(order));
            }
        }

        AssertSameOrder(order, await orders.GetByClientIdAsync("c-1"));
        var kept = Assert.Single(journal.Database.JournaledOrders.Snapshot());
        AssertSameOrder(order, kept.Order);
        await AssertKeptOrdersAgreeWithJournalAsync(journal, orders);
    }

    [EngineFact]
    public async Task A_change_rolled_back_leaves_the_kept_order_where_the_journal_is_and_the_next_change_is_checked_against_that()
    {
        await using var journal = await OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        var open = await OpenOrderAsync(account.Orders, "c-1");
        var amended = open.WithAmendment(101m, null, T0.AddSeconds(20));
        Assert.True(await account.Orders.RecordAmendedAsync(amended));

        // Written in a transaction that is never committed: on SQLite the next event takes the id this one had.
        using (var transaction = account.BeginTransaction())
        {
            Assert.True(transaction.RecordStateChange(amended.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(21))));
        }

        await AssertKeptOrdersAgreeWithJournalAsync(journal, account.Orders);
        AssertSameOrder(amended, Assert.Single(journal.Database.JournaledOrders.Snapshot()).Order);

        // The change that was rolled back is not in the journal: one built on it is refused, one built on the journal is not.
        var onTheLostChange = amended.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(21)).WithAmendment(103m, null, T0.AddSeconds(22));
        await Assert.ThrowsAsync<JournalConflictException>(() => account.Orders.RecordAmendedAsync(onTheLostChange));
        var next = amended.WithAmendment(104m, null, T0.AddSeconds(22));
        Assert.True(await account.Orders.RecordAmendedAsync(next));

        AssertSameOrder(next, await account.Orders.GetByClientIdAsync("c-1"));
        await AssertKeptOrdersAgreeWithJournalAsync(journal, account.Orders);
    }

    [EngineFact]
    public async Task After_a_restart_the_first_change_is_checked_against_the_journal_and_the_next_ones_against_what_it_recorded()
    {
        TrackedOrder order;
        await using (var journal = await OpenAsync())
        {
            var orders = (await journal.OpenAccountAsync(Paper)).Orders;
            order = await OpenOrderAsync(orders, "c-1");
            for (int i = 1; i <= 20; i++)
            {
                order = order.WithAmendment(100m + i, null, T0.AddSeconds(10 + i));
                Assert.True(await orders.RecordAmendedAsync(order));
            }
        }

        await using var reopened = await OpenAsync();
        var again = (await reopened.OpenAccountAsync(Paper)).Orders;
        Assert.Empty(reopened.Database.JournaledOrders.Snapshot());
        var stale = order; // one change behind what is recorded next
        order = order.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(40));
        Assert.True(await again.RecordStateChangeAsync(order));
        Assert.False(await again.RecordStateChangeAsync(order)); // recorded already
        await Assert.ThrowsAsync<JournalConflictException>(() => again.RecordAmendedAsync(stale.WithAmendment(201m, null, T0.AddSeconds(41))));
        order = order.WithAmendment(202m, null, T0.AddSeconds(41));
        Assert.True(await again.RecordAmendedAsync(order));
        order = order.TransitionTo(OrderState.Cancelled, T0.AddSeconds(42));
        Assert.True(await again.RecordStateChangeAsync(order));

        AssertSameOrder(order, await again.GetByClientIdAsync("c-1"));
        Assert.Empty(reopened.Database.JournaledOrders.Snapshot()); // a finished order is not kept
    }

    /// <summary>An order created, acknowledged and open, each change recorded.</summary>
    private protected static async Task<TrackedOrder> OpenOrderAsync(OrderJournal orders, string clientId)
    {
        var order = NewBuy(clientId, amount: 20m, price: 100m);
        Assert.True(await orders.RecordCreatedAsync(order));
        order = order.WithExchangeOrderId("O-" + clientId, T0.AddSeconds(1));
        Assert.True(await orders.RecordExchangeOrderIdAsync(order));
        order = order.TransitionTo(OrderState.Open, T0.AddSeconds(2));
        Assert.True(await orders.RecordStateChangeAsync(order));
        return order;
    }

    /// <summary>
    /// Every order <paramref name="journal"/> keeps is at most at the journal's last event of it (never ahead), and when
    /// at it, is exactly what a replay of the journal gives.
    /// </summary>
    private protected static async Task AssertKeptOrdersAgreeWithJournalAsync(TradingJournal journal, OrderJournal orders)
    {
        foreach (var (orderRowId, lastEventId, kept) in journal.Database.JournaledOrders.Snapshot())
        {
            long journalLast = journal.Database.Read((connection, transaction) =>
                (long)JournalSql.Command(connection, transaction, "SELECT MAX(id) FROM order_events WHERE order_id = @order")
                    .With("@order", orderRowId).Scalar()!);
            Assert.True(lastEventId <= journalLast, $"order {kept.ClientOrderId} is kept at event {lastEventId}, the journal's last is {journalLast}");
            if (lastEventId == journalLast)
            {
                AssertSameOrder((await orders.GetByClientIdAsync(kept.ClientOrderId))!, kept);
            }
        }
    }
}

/// <summary>The kept orders on a real SQLite file.</summary>
public sealed class SqliteJournaledOrderTests : JournaledOrderSuite
{
    private readonly TempJournalDirectory _directory = new();

    protected override string Journal => _directory.JournalPath;

    public override Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The kept orders on the test PostgreSQL, where another process may change the same order.</summary>
public sealed class PostgresJournaledOrderTests : JournaledOrderSuite, IRequiresPostgres
{
    private readonly (string Schema, string Journal) _target = TestPostgres.NewSchema();

    protected override string Journal => _target.Journal;

    public override Task DisposeAsync() => TestPostgres.DropSchemaAsync(_target.Schema);

    [EngineFact]
    public async Task A_change_another_process_recorded_is_seen_and_a_change_that_ignores_it_is_refused()
    {
        await using var bot = await OpenAsync();
        await using var cli = await OpenAsync(); // e.g. `fleet cancel --bot`, on the same account
        var botOrders = (await bot.OpenAccountAsync(Paper)).Orders;
        var cliOrders = (await cli.OpenAccountAsync(Paper)).Orders;
        var order = await OpenOrderAsync(botOrders, "c-1");
        order = order.WithAmendment(101m, null, T0.AddSeconds(10));
        Assert.True(await botOrders.RecordAmendedAsync(order)); // the bot keeps this

        var byCli = order.TransitionTo(OrderState.PendingCancel, T0.AddSeconds(11));
        Assert.True(await cliOrders.RecordStateChangeAsync(byCli));

        // The bot's own view is one change behind: an amend built on it would hide the cancel.
        await Assert.ThrowsAsync<JournalConflictException>(() =>
            botOrders.RecordAmendedAsync(order.WithAmendment(102m, null, T0.AddSeconds(12))));
        var cancelled = byCli.TransitionTo(OrderState.Cancelled, T0.AddSeconds(13));
        Assert.True(await botOrders.RecordStateChangeAsync(cancelled));

        AssertSameOrder(cancelled, await botOrders.GetByClientIdAsync("c-1"));
        await AssertKeptOrdersAgreeWithJournalAsync(bot, botOrders);
        await AssertKeptOrdersAgreeWithJournalAsync(cli, cliOrders);
    }
}
