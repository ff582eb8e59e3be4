using System.Text;
using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Queries over <c>fills</c>.</summary>
internal static class FillReads
{
    public static IReadOnlyList<JournalFill> After(DbConnection connection, DbTransaction transaction,
        long accountId, long afterSequence, int max)
    {
        var command = JournalSql.Command(connection, transaction,
                $"SELECT {FillRows.Columns("f")} FROM fills f WHERE f.account_id = @account AND f.id > @after ORDER BY f.id LIMIT @max")
            .With("@account", accountId)
            .With("@after", afterSequence)
            .With("@max", max);
        return ReadAll(command);
    }

    public static JournalPage<JournalFill> History(DbConnection connection, DbTransaction transaction,
        long accountId, HistoryQuery query)
    {
        var after = PageToken.Parse(query.PageToken);
        var sql = new StringBuilder($"SELECT {FillRows.Columns("f")}, f.executed_ticks AS executed_ticks FROM fills f WHERE f.account_id = @account");
        var command = JournalSql.Command(connection, transaction, "").With("@account", accountId);
        HistoryFilter.Append(sql, command, query, after, "f.executed_ticks", "f.id", "f.base", "f.quote");
        command.CommandText = sql.ToString();
        var fills = ReadAll(command);
        if (fills.Count <= query.PageSize)
        {
            return new JournalPage<JournalFill>(fills, null);
        }

        fills.RemoveAt(fills.Count - 1);
        var last = fills[^1];
        return new JournalPage<JournalFill>(fills, new PageToken(last.Fill.Timestamp.UtcTicks, last.Sequence).Format());
    }

    private static List<JournalFill> ReadAll(DbCommand command)
    {
        var fills = new List<JournalFill>();
        using (command)
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                fills.Add(FillRows.ReadJournalFill(reader));
            }
        }

        return fills;
    }
}
