using System.Security.Cryptography;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Tests.Storage;
using Xunit;
using static KrakenBot.Connector.Tests.Storage.JournalSamples;

namespace KrakenBot.Connector.Tests.Hardening;

/// <summary>
/// A journal edited by hand (or by a broken tool) in ways SQLite's own checks let through: reading it gives a
/// <see cref="JournalCorruptException"/> that names the file and what to do, never another exception or a made-up
/// order, and the failed read leaves the file byte for byte as it was.
/// </summary>
public sealed class JournalHostileRowTests : IDisposable
{
    private readonly TempJournalDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> Edits() =>
    [
        "UPDATE orders SET state = 'Bogus'",
        "UPDATE orders SET state = '3'",
        "UPDATE orders SET side = 'Sideways'",
        "UPDATE orders SET type = 'StopLossMarket'",
        "UPDATE orders SET time_in_force = ''",
        "UPDATE orders SET amount = '1..2'",
        "UPDATE orders SET amount = '--5'",
        "UPDATE orders SET amount = '-5'",
        "UPDATE orders SET amount = '0'",
        "UPDATE orders SET price = '1-2'",
        "UPDATE orders SET filled_amount = '9-9'",
        "UPDATE orders SET amount = '99999999999999999999999999999999999'",
        "UPDATE orders SET created_at = 'yesterday'",
        "UPDATE orders SET base = ''",
    ];

    [Theory]
    [MemberData(nameof(Edits))]
    public async Task A_hand_edited_order_row_is_refused_with_a_clear_error_and_the_file_is_left_alone(string edit)
    {
        await using (var journal = await _directory.OpenAsync())
        {
            var account = await journal.OpenAccountAsync(Paper);
            await account.Orders.RecordCreatedAsync(NewBuy("c1"));
        }
        using (var raw = _directory.RawConnection())
        {
            using var command = raw.CreateCommand();
            command.CommandText = edit;
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        byte[] before = Hash(_directory.JournalPath);

        var error = await Record.ExceptionAsync(async () =>
        {
            await using var journal = await _directory.OpenAsync();
            var account = await journal.OpenAccountAsync(Paper);
            await account.Orders.GetByClientIdAsync("c1");
            await account.Orders.GetOpenAsync();
        });

        var corrupt = Assert.IsType<JournalCorruptException>(error);
        Assert.Contains(_directory.JournalPath, corrupt.Message);
        Assert.Contains("backup", corrupt.Message);
        Assert.Equal(before, Hash(_directory.JournalPath));
    }

    private static byte[] Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return SHA256.HashData(stream);
    }
}
