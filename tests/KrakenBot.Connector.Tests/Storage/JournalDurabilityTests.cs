using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class JournalDurabilityTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task An_intent_is_in_the_file_when_recording_returns_before_anything_is_sent()
    {
        await using var journal = await _directory.OpenAsync();
        var orders = (await journal.OpenAccountAsync(Paper)).Orders;
        await orders.RecordCreatedAsync(NewBuy("c-1", 0.5m, 65000.1m));

        // A separate connection (as another process would have) sees it while the journal is still open.
        using var raw = _directory.RawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT client_order_id, state, amount, price FROM orders";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("c-1", reader.GetString(0));
        Assert.Equal("PendingCreate", reader.GetString(1));
        Assert.Equal("0.5", reader.GetString(2));
        Assert.Equal("65000.1", reader.GetString(3));
    }

    [Fact]
    public async Task A_synchronous_transaction_is_in_the_file_when_Commit_returns_and_gone_without_it()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        using (var transaction = account.BeginTransaction())
        {
            Assert.True(transaction.RecordCreated(NewBuy("c-1")));
            transaction.Commit();
        }
        using (var abandoned = account.BeginTransaction())
        {
            Assert.True(abandoned.RecordCreated(NewBuy("c-2")));
        }

        using var raw = _directory.RawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT client_order_id FROM orders";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("c-1", reader.GetString(0));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task The_writer_runs_in_wal_mode_with_full_sync()
    {
        await using var journal = await _directory.OpenAsync();
        Assert.Equal("wal", journal.Database.WriterPragma("journal_mode"));
        Assert.Equal(2L, journal.Database.WriterPragma("synchronous")); // FULL: the WAL is synced at every commit
        Assert.Equal(1L, journal.Database.WriterPragma("foreign_keys"));
        using var raw = _directory.RawConnection();
        Assert.Equal("wal", OrderJournalRulesTests.Scalar(raw, "PRAGMA journal_mode"));
        Assert.Equal(1L, OrderJournalRulesTests.Scalar(raw, "SELECT COUNT(*) FROM schema_version WHERE version = 1"));
    }

    [Fact]
    public async Task Migrations_run_once_and_a_reopen_keeps_the_version()
    {
        (await _directory.OpenAsync()).Dispose();
        await using var reopened = await _directory.OpenAsync();
        using var raw = _directory.RawConnection();
        Assert.Equal((long)TradingJournal.CurrentSchemaVersion, OrderJournalRulesTests.Scalar(raw, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal((long)TradingJournal.CurrentSchemaVersion, OrderJournalRulesTests.Scalar(raw, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task A_crash_without_clean_shutdown_loses_nothing_that_was_recorded()
    {
        string crashImage = Path.Combine(_directory.DirectoryPath, "crash");
        Directory.CreateDirectory(crashImage);
        TrackedOrder order;
        var loose = new Fill("T9", null, "OOTHER", BtcUsd, OrderSide.Sell, 101m, 0.1m, 0m, "USD", false, T0);
        await using (var journal = await _directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(Paper);
            order = NewBuy("c-1", 2m);
            await account.Orders.RecordCreatedAsync(order);
            order = order.WithExchangeOrderId("OX", T0.AddSeconds(1));
            await account.Orders.RecordExchangeOrderIdAsync(order);
            var fill = FillOf(order, "T1", 0.5m, 100m);
            order = order.ApplyFill(fill, T0.AddSeconds(2));
            await account.Orders.RecordFillAsync(order, fill);
            await account.Fills.RecordAsync(loose);
            await account.AdvanceTradeCursorAsync(new TradeCursor("T1", T0.AddSeconds(2)));

            // The file as a power cut would leave it: database and WAL as they are on disk now, with the journal
            // still open (no checkpoint, no close). The WAL holds the changes; the main file may not yet.
            Assert.True(new FileInfo(_directory.JournalPath + "-wal").Length > 0);
            File.Copy(_directory.JournalPath, Path.Combine(crashImage, "journal.db"));
            File.Copy(_directory.JournalPath + "-wal", Path.Combine(crashImage, "journal.db-wal"));
        }

        await using var recovered = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = Path.Combine(crashImage, "journal.db") });
        var restored = await recovered.OpenAccountAsync(Paper);
        AssertSameOrder(order, await restored.Orders.GetByClientIdAsync("c-1"));
        Assert.Equal(order.ClientOrderId, Assert.Single(await restored.Orders.GetOpenAsync()).ClientOrderId);
        Assert.Equal(loose, (await restored.Fills.GetAsync("T9"))!.Fill);
        Assert.Equal(new TradeCursor("T1", T0.AddSeconds(2)), await restored.GetTradeCursorAsync());
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_transaction_keeps_what_was_committed_and_nothing_of_the_rest()
    {
        string crashImage = Path.Combine(_directory.DirectoryPath, "crash");
        Directory.CreateDirectory(crashImage);
        var committed = NewBuy("committed");
        await using (var journal = await _directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(Paper);
            await account.Orders.RecordCreatedAsync(committed);
            await using var transaction = await account.BeginTransactionAsync();
            for (int i = 0; i < 500; i++)
            {
                transaction.RecordCreated(NewBuy($"uncommitted-{i}-{new string('x', 200)}"));
            }

            File.Copy(_directory.JournalPath, Path.Combine(crashImage, "journal.db"));
            File.Copy(_directory.JournalPath + "-wal", Path.Combine(crashImage, "journal.db-wal"));
        }

        await using var recovered = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = Path.Combine(crashImage, "journal.db") });
        var orders = (await recovered.OpenAccountAsync(Paper)).Orders;
        var open = await orders.GetOpenAsync();
        Assert.Equal("committed", Assert.Single(open).ClientOrderId);
    }

    [Fact]
    public async Task A_transaction_disposed_without_commit_writes_nothing()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(JournalAccount.Paper("p"));
        var order = NewBuy("c-1");
        var fill = FillOf(order, "T1", 1m, 100m);
        await using (var transaction = await account.BeginTransactionAsync())
        {
            Assert.True(transaction.RecordCreated(order));
            Assert.True(transaction.RecordOrderFill(order.ApplyFill(fill, T0.AddSeconds(1)), fill));
            transaction.SavePaperBalances([new Balance("BTC", 1m, 0m)]);
        }

        Assert.Null(await account.Orders.GetByClientIdAsync("c-1"));
        Assert.Null(await account.Fills.GetAsync("T1"));
        Assert.Empty(await account.PaperBalances.GetAsync());
    }

    [Fact]
    public async Task A_paper_fill_and_the_balances_it_moves_commit_together()
    {
        await using (var journal = await _directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(JournalAccount.Paper("p"));
            await account.PaperBalances.ResetAsync([new Balance("USD", 1000m, 0m)]);
            var order = NewBuy("c-1", 1m, 100m);
            var fill = FillOf(order, "T1", 1m, 100m, fee: 0.26m);
            await using var transaction = await account.BeginTransactionAsync();
            transaction.RecordCreated(order);
            transaction.RecordOrderFill(order.ApplyFill(fill, T0.AddSeconds(1)), fill);
            transaction.SavePaperBalances([new Balance("USD", 899.74m, 0m), new Balance("BTC", 1m, 0m)]);
            await transaction.CommitAsync();
        }

        await using var reopened = await _directory.OpenAsync();
        var restored = await reopened.OpenAccountAsync(JournalAccount.Paper("p"));
        Assert.Equal(OrderState.Filled, (await restored.Orders.GetByClientIdAsync("c-1"))!.State);
        Assert.Equal([new Balance("BTC", 1m, 0m), new Balance("USD", 899.74m, 0m)], await restored.PaperBalances.GetAsync());
    }

    [Fact]
    public async Task A_writer_commits_while_a_reader_is_mid_read_and_the_reader_keeps_its_snapshot()
    {
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        await account.Orders.RecordCreatedAsync(NewBuy("before"));

        var (countAtStart, countAfterWrite, writerFinished) = journal.Database.Read((connection, transaction) =>
        {
            long Count()
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "SELECT COUNT(*) FROM orders";
                return (long)command.ExecuteScalar()!;
            }

            long atStart = Count();
            // The write runs on another thread and completes while this read transaction is still open:
            // in WAL mode a reader never blocks the writer.
            bool finished = Task.Run(() => account.Orders.RecordCreatedAsync(NewBuy("during"))).Wait(TimeSpan.FromMinutes(2));
            return (atStart, Count(), finished);
        });

        Assert.True(writerFinished);
        Assert.Equal(1L, countAtStart);
        Assert.Equal(1L, countAfterWrite); // same snapshot for the whole read
        Assert.NotNull(await account.Orders.GetByClientIdAsync("during"));
    }

    [Fact]
    public async Task Readers_see_consistent_snapshots_while_the_writer_records()
    {
        const int orderCount = 60;
        await using var journal = await _directory.OpenAsync();
        var account = await journal.OpenAccountAsync(Paper);
        using var done = new CancellationTokenSource();

        async Task WriteAsync()
        {
            for (int i = 0; i < orderCount; i++)
            {
                var order = NewBuy($"c-{i}", 1m, 100m, T0.AddSeconds(i));
                await account.Orders.RecordCreatedAsync(order);
                var first = FillOf(order, $"T{i}a", 0.5m, 100m);
                order = order.ApplyFill(first, T0.AddSeconds(i));
                await account.Orders.RecordFillAsync(order, first);
                var second = FillOf(order, $"T{i}b", 0.5m, 100m);
                order = order.ApplyFill(second, T0.AddSeconds(i));
                await account.Orders.RecordFillAsync(order, second);
            }

            done.Cancel();
        }

        async Task<int> ReadAsync()
        {
            await Task.Yield();
            int reads = 0;
            int lastSeen = 0;
            while (!done.IsCancellationRequested || reads == 0)
            {
                var page = await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = HistoryQuery.MaxPageSize });
                foreach (var order in page.Items)
                {
                    // Every order read is whole: its state agrees with its fills.
                    Assert.Equal(order.Fills.Sum(f => f.Amount), order.FilledAmount);
                    Assert.Equal(order.FilledAmount == 1m ? OrderState.Filled : order.FilledAmount > 0 ? OrderState.PartiallyFilled : OrderState.PendingCreate, order.State);
                }

                Assert.True(page.Items.Count >= lastSeen, "a later snapshot never has fewer orders");
                lastSeen = page.Items.Count;
                var fills = await account.Fills.GetAfterAsync(0, 10_000);
                Assert.Equal(fills.Count, fills.Select(f => f.Fill.TradeId).Distinct().Count());
                reads++;
            }

            return reads;
        }

        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(ReadAsync)).ToArray();
        await Task.Run(WriteAsync);
        int[] reads = await Task.WhenAll(readers);

        Assert.All(reads, count => Assert.True(count > 0));
        Assert.Equal(orderCount, (await account.Orders.GetHistoryAsync(new HistoryQuery { PageSize = 1000 })).Items.Count);
        Assert.Equal(orderCount * 2, (await account.Fills.GetAfterAsync(0, 10_000)).Count);
    }
}
