using System.Text;
using KrakenBot.Connector.Trading;
using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Queries over <c>orders</c>, each order rebuilt by <see cref="OrderReplay"/>.</summary>
internal static class OrderReads
{
    /// <param name="forUpdate">Lock the row until the transaction ends (PostgreSQL only: SQLite has no row locks).</param>
    public static OrderRow? FindRow(DbConnection connection, DbTransaction transaction, long accountId,
        string column, string value, bool forUpdate = false)
    {
        using var command = JournalSql.Command(connection, transaction,
                $"SELECT {OrderRow.Columns} FROM orders o WHERE o.account_id = @account AND o.{column} = @value{(forUpdate ? " FOR UPDATE" : "")}")
            .With("@account", accountId)
            .With("@value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? OrderRow.Read(reader) : null;
    }

    public static TrackedOrder? Find(DbConnection connection, DbTransaction transaction, long accountId,
        string column, string value) =>
        FindRow(connection, transaction, accountId, column, value) is { } row
            ? OrderReplay.Load(connection, transaction, accountId, row)
            : null;

    public static IReadOnlyList<TrackedOrder> Open(DbConnection connection, DbTransaction transaction, long accountId)
    {
        var command = JournalSql.Command(connection, transaction,
                $"SELECT {OrderRow.Columns} FROM orders o WHERE o.account_id = @account AND o.is_terminal = 0 ORDER BY o.created_ticks, o.id")
            .With("@account", accountId);
        return Load(connection, transaction, accountId, ReadRows(command));
    }

    public static JournalPage<TrackedOrder> History(DbConnection connection, DbTransaction transaction,
        long accountId, HistoryQuery query)
    {
        var after = PageToken.Parse(query.PageToken);
        var sql = new StringBuilder($"SELECT {OrderRow.Columns} FROM orders o WHERE o.account_id = @account");
        var command = JournalSql.Command(connection, transaction, "").With("@account", accountId);
        HistoryFilter.Append(sql, command, query, after, "o.created_ticks", "o.id", "o.base", "o.quote");
        command.CommandText = sql.ToString();
        var rows = ReadRows(command);
        bool more = rows.Count > query.PageSize;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        string? next = more ? new PageToken(rows[^1].CreatedTicks, rows[^1].Id).Format() : null;
        return new JournalPage<TrackedOrder>(Load(connection, transaction, accountId, rows), next);
    }

    private static List<OrderRow> ReadRows(DbCommand command)
    {
        var rows = new List<OrderRow>();
        using (command)
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(OrderRow.Read(reader));
            }
        }

        return rows;
    }

    private static IReadOnlyList<TrackedOrder> Load(DbConnection connection, DbTransaction transaction,
        long accountId, List<OrderRow> rows)
    {
        var orders = new TrackedOrder[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            orders[i] = OrderReplay.Load(connection, transaction, accountId, rows[i]);
        }

        return orders;
    }
}
