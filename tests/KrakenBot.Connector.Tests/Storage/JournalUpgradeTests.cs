using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using Microsoft.Data.Sqlite;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;
using static KrakenBot.Connector.Tests.Storage.OrderJournalRulesTests;

namespace KrakenBot.Connector.Tests.Storage;

/// <summary>
/// A journal file written by the schema-v1 build (<c>Data/journal/v1.db</c>, see <see cref="V1JournalSamples"/>) opened by
/// this build: upgraded in place to the amend-aware schema, losing nothing.
/// </summary>
public class JournalUpgradeTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public JournalUpgradeTests() => File.Copy(V1JournalSamples.FixturePath, _directory.JournalPath);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void The_fixture_is_a_v1_file()
    {
        using var raw = _directory.RawConnection();
        Assert.Equal(1L, Scalar(raw, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(18L, Scalar(raw, "SELECT COUNT(*) FROM order_events"));
        Assert.DoesNotContain("amended", (string)Scalar(raw, "SELECT sql FROM sqlite_schema WHERE name = 'order_events'")!);
    }

    [Fact]
    public async Task A_v1_file_is_upgraded_in_place_and_every_order_reloads_identically()
    {
        var expected = await V1JournalSamples.WriteAsync(account: null);

        await using (var journal = await _directory.OpenAsync())
        {
            var orders = (await journal.OpenAccountAsync(Paper)).Orders;
            foreach (var order in expected)
            {
                AssertSameOrder(order, await orders.GetByClientIdAsync(order.ClientOrderId));
            }

            Assert.Equal(["v1-pending", "v1-open"], (await orders.GetOpenAsync()).Select(o => o.ClientOrderId));
            var history = await orders.GetHistoryAsync(new HistoryQuery());
            Assert.Equal(expected.Count, history.Items.Count);
        }

        using var raw = _directory.RawConnection();
        Assert.Equal((long)TradingJournal.CurrentSchemaVersion, Scalar(raw, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal((long)TradingJournal.CurrentSchemaVersion, Scalar(raw, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(18L, Scalar(raw, "SELECT COUNT(*) FROM order_events"));
        Assert.Equal(18L, Scalar(raw, "SELECT MAX(id) FROM order_events")); // ids kept
        Assert.Equal(18L, Scalar(raw, "SELECT seq FROM sqlite_sequence WHERE name = 'order_events'"));
        Assert.Equal("0.50|64999.9", Scalar(raw,
            "SELECT e.amount || '|' || e.price FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.client_order_id = 'v1-pending' AND e.kind = 'created'"));
        Assert.Equal(0L, Scalar(raw, "SELECT COUNT(*) FROM order_events WHERE kind <> 'created' AND (amount IS NOT NULL OR price IS NOT NULL)"));

        // A second open finds nothing left to do.
        await using var again = await _directory.OpenAsync(readOnly: true);
        AssertSameOrder(expected[1], await (await again.OpenAccountAsync(Paper)).Orders.GetByClientIdAsync("v1-open"));
    }

    [Fact]
    public async Task The_upgrade_recreates_the_event_indexes_and_append_only_triggers_exactly_and_touches_nothing_else()
    {
        var before = SchemaObjects();
        var ordersBefore = OrderColumns();
        await (await _directory.OpenAsync()).DisposeAsync();
        var after = SchemaObjects();

        // Later steps only add: the trigger columns of orders (version 3), the documents table (version 4).
        static bool LaterObject(string name) => name is "order_events" or "orders" or "documents" or "sqlite_autoindex_documents_1";
        Assert.Equal(before.Where(o => !LaterObject(o.Name)), after.Where(o => !LaterObject(o.Name)));
        Assert.Equal([.. ordersBefore, "trigger_price", "trigger_limit_price", "trigger_reference"], OrderColumns());
        Assert.Contains(after, o => o.Name == "documents");
        Assert.Contains(after, o => o.Name == "order_events_append_only_update");
        Assert.Contains(after, o => o.Name == "order_events_append_only_delete");
        Assert.Contains(after, o => o.Name == "ix_order_events_fill");
        Assert.DoesNotContain(after, o => o.Name == "order_events_v2");

        using var raw = _directory.RawConnection();
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => Execute(raw, "DELETE FROM order_events")).Message);
        Assert.Contains("append-only", Assert.Throws<SqliteException>(() => Execute(raw, "UPDATE order_events SET at = at")).Message);
        Assert.Equal("ok", Scalar(raw, "PRAGMA integrity_check"));
        Assert.Equal(0L, Scalar(raw, "SELECT COUNT(*) FROM pragma_foreign_key_check"));
    }

    [Fact]
    public async Task A_v1_order_can_be_amended_and_filled_after_the_upgrade_and_reloads_after_a_reopen()
    {
        var open = (await V1JournalSamples.WriteAsync(account: null))[1];
        var amended = open.WithAmendment(99.50m, 1.5m, T0.AddMinutes(10));
        var fill = FillOf(amended, "TV2-1", 0.75m, 99.50m, at: T0.AddMinutes(11));
        var filled = amended.ApplyFill(fill, T0.AddMinutes(11));

        await using (var journal = await _directory.OpenAsync())
        {
            var orders = (await journal.OpenAccountAsync(Paper)).Orders;
            Assert.True(await orders.RecordAmendedAsync(amended));
            Assert.True(await orders.RecordFillAsync(filled, fill));
        }

        await using var reopened = await _directory.OpenAsync();
        var reloaded = await (await reopened.OpenAccountAsync(Paper)).Orders.GetByClientIdAsync("v1-open");
        AssertSameOrder(filled, reloaded);
        Assert.Equal(OrderState.Filled, reloaded!.State);
        Assert.Equal(3, reloaded.Fills.Count);
    }

    [Fact]
    public async Task A_v1_file_opened_read_only_is_not_upgraded_and_says_how_to_upgrade_it()
    {
        var error = await Assert.ThrowsAsync<JournalSchemaException>(() => _directory.OpenAsync(readOnly: true));

        Assert.Equal(1, error.FileVersion);
        Assert.Contains("read-write", error.Message);
        using var raw = _directory.RawConnection();
        Assert.Equal(1L, Scalar(raw, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task An_upgrade_that_cannot_copy_every_event_rolls_back_and_leaves_the_v1_file_as_it_was()
    {
        // An event whose order row is gone (possible only by editing the file with foreign keys off): its original
        // figures cannot be found, so the upgrade must stop rather than drop or invent them.
        using (var raw = _directory.RawConnection())
        {
            Execute(raw, "PRAGMA foreign_keys = OFF");
            Execute(raw, "INSERT INTO order_events (order_id, kind, at, state) VALUES (999, 'created', '2026-11-26T09:30:00.0000000+00:00', 'PendingCreate')");
        }

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _directory.OpenAsync());
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Contains("from schema version 1 to 2", error.Message);
        Assert.Contains("Nothing was changed", error.Message);

        using var check = _directory.RawConnection();
        Assert.Equal(1L, Scalar(check, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(19L, Scalar(check, "SELECT COUNT(*) FROM order_events"));
        Assert.DoesNotContain("amended", (string)Scalar(check, "SELECT sql FROM sqlite_schema WHERE name = 'order_events'")!);
        Assert.Equal(0L, Scalar(check, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'order_events_v2'"));
    }

    private List<string> OrderColumns()
    {
        using var raw = _directory.RawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info('orders') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read()) names.Add(reader.GetString(0));
        return names;
    }

    private List<(string Type, string Name, string? Sql)> SchemaObjects()
    {
        using var raw = _directory.RawConnection();
        using var command = raw.CreateCommand();
        command.CommandText = "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name";
        using var reader = command.ExecuteReader();
        var objects = new List<(string, string, string?)>();
        while (reader.Read())
        {
            objects.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return objects;
    }
}
