using KrakenBot.Connector.Storage;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Storage;

public class JournalFileErrorTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_naming_the_path_and_left_unchanged()
    {
        byte[] garbage = new byte[8192];
        new Random(42).NextBytes(garbage);
        File.WriteAllBytes(_directory.JournalPath, garbage);

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _directory.OpenAsync());

        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Contains("restore a backup", error.Message);
        Assert.Equal(_directory.JournalPath, error.JournalPath);
        Assert.Equal(garbage, File.ReadAllBytes(_directory.JournalPath));
    }

    [Fact]
    public async Task A_journal_with_damaged_pages_is_refused_at_open()
    {
        await using (var journal = await _directory.OpenAsync())
        {
            var orders = (await journal.OpenAccountAsync(Paper)).Orders;
            for (int i = 0; i < 200; i++)
            {
                await orders.RecordCreatedAsync(NewBuy($"order-{i:D4}-{new string('x', 40)}"));
            }
        }

        // Overwrite pages in the middle of the file (the header stays valid, so only the integrity check can tell).
        var bytes = File.ReadAllBytes(_directory.JournalPath);
        Assert.True(bytes.Length > 8 * 4096);
        Array.Fill(bytes, (byte)0xA5, 3 * 4096, 3 * 4096);
        File.WriteAllBytes(_directory.JournalPath, bytes);

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _directory.OpenAsync());
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Equal(bytes, File.ReadAllBytes(_directory.JournalPath));
    }

    [Fact]
    public async Task A_sqlite_database_that_is_not_a_journal_is_refused()
    {
        using (var raw = _directory.RawConnection())
        {
            OrderJournalRulesTests.Execute(raw, "CREATE TABLE something_else (x INTEGER); INSERT INTO something_else VALUES (1);");
        }

        var error = await Assert.ThrowsAsync<JournalCorruptException>(() => _directory.OpenAsync());
        Assert.Contains("not a KrakenBot journal", error.Message);
        using var check = _directory.RawConnection();
        Assert.Equal(1L, OrderJournalRulesTests.Scalar(check, "SELECT COUNT(*) FROM something_else"));
        Assert.Equal(0L, OrderJournalRulesTests.Scalar(check, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'orders'"));
    }

    [Fact]
    public async Task A_journal_from_a_newer_schema_is_refused_with_both_versions_and_left_unchanged()
    {
        await using (var journal = await _directory.OpenAsync())
        {
            await (await journal.OpenAccountAsync(Paper)).Orders.RecordCreatedAsync(NewBuy("c-1"));
        }

        int newer = TradingJournal.CurrentSchemaVersion + 1;
        using (var raw = _directory.RawConnection())
        {
            OrderJournalRulesTests.Execute(raw,
                $"INSERT INTO schema_version (version, description, applied_at) VALUES ({newer}, 'from the future', '2030-01-01T00:00:00.0000000+00:00')");
        }

        var error = await Assert.ThrowsAsync<JournalSchemaException>(() => _directory.OpenAsync());
        Assert.Equal(newer, error.FileVersion);
        Assert.Equal(TradingJournal.CurrentSchemaVersion, error.SupportedVersion);
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Contains("newer KrakenBot", error.Message);
        Assert.Contains("Upgrade KrakenBot", error.Message);

        await Assert.ThrowsAsync<JournalSchemaException>(() => _directory.OpenAsync(readOnly: true));
        using var check = _directory.RawConnection();
        Assert.Equal(1L, OrderJournalRulesTests.Scalar(check, "SELECT COUNT(*) FROM orders"));
        Assert.Equal((long)newer, OrderJournalRulesTests.Scalar(check, "SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task A_second_writer_is_refused_while_readers_may_open_it()
    {
        await using var writer = await _directory.OpenAsync();
        var orders = (await writer.OpenAccountAsync(Paper)).Orders;
        await orders.RecordCreatedAsync(NewBuy("c-1"));

        var error = await Assert.ThrowsAsync<JournalInUseException>(() => _directory.OpenAsync());
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.Contains("read-only", error.Message);

        await using var reader = await _directory.OpenAsync(readOnly: true);
        Assert.True(reader.IsReadOnly);
        var readOrders = (await reader.OpenAccountAsync(Paper)).Orders;
        Assert.Equal("c-1", (await readOrders.GetByClientIdAsync("c-1"))!.ClientOrderId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => readOrders.RecordCreatedAsync(NewBuy("c-2")));

        // What the writer records next is visible to the reader at once.
        await orders.RecordCreatedAsync(NewBuy("c-3"));
        Assert.NotNull(await readOrders.GetByClientIdAsync("c-3"));
    }

    [Fact]
    public async Task The_writer_lock_is_released_on_dispose()
    {
        (await _directory.OpenAsync()).Dispose();
        await using var again = await _directory.OpenAsync();
        Assert.False(again.IsReadOnly);
    }

    [Fact]
    public async Task Reading_a_journal_that_does_not_exist_says_so()
    {
        var error = await Assert.ThrowsAsync<JournalException>(() => _directory.OpenAsync(readOnly: true));
        Assert.Contains(_directory.JournalPath, error.Message);
        Assert.False(File.Exists(_directory.JournalPath));
    }

    [Fact]
    public void The_default_path_is_under_local_application_data()
    {
        string expected = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
            "krakenbot", "journal.db");
        Assert.Equal(expected, TradingJournalOptions.DefaultPath);
        Assert.Equal(Path.GetFullPath(expected), new TradingJournalOptions().ResolvePath());
    }
}
