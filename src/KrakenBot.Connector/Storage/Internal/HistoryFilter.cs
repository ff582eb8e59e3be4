using System.Text;
using System.Data.Common;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>The WHERE / ORDER BY / LIMIT tail shared by the order and fill history queries (newest first, keyset paged).</summary>
internal static class HistoryFilter
{
    public static void Append(StringBuilder sql, DbCommand command, HistoryQuery query, PageToken? after,
        string ticksColumn, string idColumn, string baseColumn, string quoteColumn)
    {
        if (query.Pair is { } pair)
        {
            sql.Append($" AND {baseColumn} = @base AND {quoteColumn} = @quote");
            command.With("@base", pair.Base).With("@quote", pair.Quote);
        }

        if (query.From is { } from)
        {
            sql.Append($" AND {ticksColumn} >= @from");
            command.With("@from", from.UtcTicks);
        }

        if (query.Until is { } until)
        {
            sql.Append($" AND {ticksColumn} < @until");
            command.With("@until", until.UtcTicks);
        }

        if (after is { } token)
        {
            sql.Append($" AND ({ticksColumn} < @afterTicks OR ({ticksColumn} = @afterTicks AND {idColumn} < @afterId))");
            command.With("@afterTicks", token.Ticks).With("@afterId", token.Id);
        }

        sql.Append($" ORDER BY {ticksColumn} DESC, {idColumn} DESC LIMIT @limit");
        command.With("@limit", query.PageSize + 1); // one extra row tells whether another page follows
    }
}
