using KrakenBot.Connector.Trading;
using System.Data.Common;
using static KrakenBot.Connector.Storage.Internal.JournalValues;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Per-account rows that are not orders or fills: the account itself, the trade cursor, the nonce mark, paper balances.</summary>
internal static class AccountRows
{
    /// <summary>The account's row id, or null when the journal has never seen it.</summary>
    public static long? FindAccount(DbConnection connection, DbTransaction? transaction, string scope) =>
        JournalSql.Command(connection, transaction, "SELECT id FROM accounts WHERE scope = @scope")
            .With("@scope", scope)
            .Scalar() as long?;

    public static long EnsureAccount(JournalWriteScope write, string scope) =>
        FindAccount(write.Connection, write.Transaction, scope)
        ?? (long)write.Command("INSERT INTO accounts (scope, created_at) VALUES (@scope, @at) RETURNING id")
            .With("@scope", scope)
            .With("@at", ToText(write.Time.GetUtcNow()))
            .Scalar()!;

    public static TradeCursor? ReadTradeCursor(DbConnection connection, DbTransaction transaction, long accountId)
    {
        using var command = JournalSql.Command(connection, transaction,
                "SELECT trade_id, traded_at FROM trade_cursors WHERE account_id = @account")
            .With("@account", accountId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new TradeCursor(GetString(reader, "trade_id"), GetTime(reader, "traded_at")) : null;
    }

    /// <summary>Moves the cursor to <paramref name="cursor"/> unless the stored one is later. True when it moved.</summary>
    public static bool AdvanceTradeCursor(JournalWriteScope write, long accountId, TradeCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ArgumentException.ThrowIfNullOrWhiteSpace(cursor.TradeId, nameof(cursor));
        return write.Command("""
                INSERT INTO trade_cursors (account_id, trade_id, traded_at, traded_ticks) VALUES (@account, @trade, @at, @ticks)
                ON CONFLICT (account_id) DO UPDATE SET trade_id = excluded.trade_id, traded_at = excluded.traded_at,
                                                       traded_ticks = excluded.traded_ticks
                WHERE excluded.traded_ticks >= trade_cursors.traded_ticks AND excluded.trade_id <> trade_cursors.trade_id
                """)
            .With("@account", accountId)
            .With("@trade", cursor.TradeId)
            .With("@at", ToText(cursor.Time))
            .With("@ticks", cursor.Time.UtcTicks)
            .Run() == 1;
    }

    public static long ReadNonceMark(DbConnection connection, DbTransaction transaction, long accountId) =>
        JournalSql.Command(connection, transaction, "SELECT high_water_mark FROM nonce_marks WHERE account_id = @account")
            .With("@account", accountId)
            .Scalar() as long? ?? 0;

    /// <summary>Saves the mark; a lower mark than the stored one never replaces it.</summary>
    public static void SaveNonceMark(JournalWriteScope write, long accountId, long mark) =>
        write.Command("""
                INSERT INTO nonce_marks (account_id, high_water_mark) VALUES (@account, @mark)
                ON CONFLICT (account_id) DO UPDATE SET high_water_mark = CASE WHEN excluded.high_water_mark > nonce_marks.high_water_mark
                    THEN excluded.high_water_mark ELSE nonce_marks.high_water_mark END
                """)
            .With("@account", accountId)
            .With("@mark", mark)
            .Run();

    // A clean stop brings the mark down to the last value handed out, unless another source raised it meanwhile.
    public static void LowerNonceMark(JournalWriteScope write, long accountId, long lastIssued, long reservedMark) =>
        write.Command("""
                UPDATE nonce_marks SET high_water_mark = @last
                WHERE account_id = @account AND high_water_mark = @reserved AND @last < @reserved
                """)
            .With("@account", accountId)
            .With("@last", lastIssued)
            .With("@reserved", reservedMark)
            .Run();

    public static IReadOnlyList<Balance> ReadBalances(DbConnection connection, DbTransaction transaction, long accountId)
    {
        using var command = JournalSql.Command(connection, transaction,
                "SELECT asset, available, held FROM paper_balances WHERE account_id = @account ORDER BY asset")
            .With("@account", accountId);
        using var reader = command.ExecuteReader();
        var balances = new List<Balance>();
        while (reader.Read())
        {
            string asset = GetString(reader, "asset");
            try
            {
                balances.Add(new Balance(asset, GetDecimal(reader, "available"), GetDecimal(reader, "held")));
            }
            catch (ArgumentException error)
            {
                throw new FormatException($"The paper balance of {asset} is not valid: {error.Message}", error);
            }
        }

        return balances;
    }

    public static void SaveBalances(JournalWriteScope write, long accountId, IEnumerable<Balance> balances)
    {
        ArgumentNullException.ThrowIfNull(balances);
        string now = ToText(write.Time.GetUtcNow());
        foreach (var balance in balances)
        {
            ArgumentNullException.ThrowIfNull(balance, nameof(balances));
            write.Command("""
                    INSERT INTO paper_balances (account_id, asset, available, held, updated_at) VALUES (@account, @asset, @available, @held, @at)
                    ON CONFLICT (account_id, asset) DO UPDATE SET available = excluded.available, held = excluded.held,
                                                                  updated_at = excluded.updated_at
                    """)
                .With("@account", accountId)
                .With("@asset", balance.Asset)
                .With("@available", ToText(balance.Available))
                .With("@held", ToText(balance.Held))
                .With("@at", now)
                .Run();
        }
    }

    public static void DeleteBalances(JournalWriteScope write, long accountId) =>
        write.Command("DELETE FROM paper_balances WHERE account_id = @account").With("@account", accountId).Run();
}
