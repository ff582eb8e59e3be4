using KrakenBot.Connector.Trading;
using System.Data.Common;
using static KrakenBot.Connector.Storage.Internal.JournalValues;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>
/// Rebuilds a <see cref="TrackedOrder"/> by replaying its events through the same methods that produced them
/// (<see cref="TrackedOrder.Create"/>, <see cref="TrackedOrder.WithExchangeOrderId"/>,
/// <see cref="TrackedOrder.TransitionTo"/>, <see cref="TrackedOrder.ApplyFill"/>, <see cref="TrackedOrder.WithAmendment"/>).
/// Those are pure, so the replay gives back exactly the order that was journaled: fills in order, average price, fees,
/// timestamps, amends. The 'created' event holds the amount and price first sent (the row holds them as last amended).
/// The result is checked against the current-state row; any disagreement means the file was altered and is reported,
/// not papered over.
/// </summary>
internal static class OrderReplay
{
    public static TrackedOrder Load(DbConnection connection, DbTransaction transaction, long accountId, OrderRow row) =>
        Load(connection, transaction, accountId, row, out _);

    /// <summary>As <see cref="Load(DbConnection, DbTransaction, long, OrderRow)"/>; <paramref name="lastEventId"/> is the last event applied.</summary>
    public static TrackedOrder Load(DbConnection connection, DbTransaction transaction, long accountId, OrderRow row, out long lastEventId)
    {
        using var command = JournalSql.Command(connection, transaction, $"""
                SELECT e.id AS event_id, e.kind, e.at, e.state, e.exchange_order_id, e.reason,
                       e.amount AS event_amount, e.price AS event_price, {FillRows.Columns("f")}
                FROM order_events e
                LEFT JOIN fills f ON f.account_id = @account AND f.trade_id = e.trade_id
                WHERE e.order_id = @order
                ORDER BY e.id
                """)
            .With("@account", accountId)
            .With("@order", row.Id);
        using var reader = command.ExecuteReader();

        TrackedOrder? order = null;
        lastEventId = 0;
        while (reader.Read())
        {
            lastEventId = GetInt64(reader, "event_id");
            string kind = GetString(reader, "kind");
            var at = GetTime(reader, "at");
            try
            {
                order = kind switch
                {
                    "created" when order is null => TrackedOrder.Create(row.ClientOrderId, AsFirstSent(row.Request, reader), at),
                    "exchange_id" when order is not null => order.WithExchangeOrderId(GetString(reader, "exchange_order_id"), at),
                    "state" when order is not null => order.TransitionTo(GetEnum<OrderState>(reader, "state"), at, GetNullableString(reader, "reason")),
                    "amended" when order is not null => order.WithAmendment(
                        GetNullableDecimal(reader, "event_price"), GetDecimal(reader, "event_amount"), at),
                    "fill" when order is not null && !reader.IsDBNull(reader.GetOrdinal("trade_id")) => order.ApplyFill(FillRows.Read(reader), at),
                    _ => throw Inconsistent(row, $"event {GetInt64(reader, "event_id")} ({kind}) cannot be applied here"),
                };
            }
            catch (Exception error) when (error is InvalidOperationException or ArgumentException or Trading.Errors.ExchangeValidationException)
            {
                throw Inconsistent(row, $"event {GetInt64(reader, "event_id")} ({kind}) does not replay: {error.Message}");
            }

            if (order.State != GetEnum<OrderState>(reader, "state"))
            {
                throw Inconsistent(row, $"event {GetInt64(reader, "event_id")} ({kind}) left it {order.State}, the event says {GetString(reader, "state")}");
            }
        }

        if (order is null)
        {
            throw Inconsistent(row, "it has no events");
        }

        if (order.State != row.State || order.ExchangeOrderId != row.ExchangeOrderId || order.FilledAmount != row.FilledAmount
            || order.Fills.Count != row.FillCount || order.UpdatedAt != row.UpdatedAt || order.FailureReason != row.FailureReason
            || !OrderRow.SameRequest(order.Request, row.Request))
        {
            throw Inconsistent(row,
                $"its events give {order.State} {order.Request}, {order.FilledAmount} filled in {order.Fills.Count} fills, but its row says " +
                $"{row.State} {row.Request}, {row.FilledAmount} filled in {row.FillCount} fills");
        }

        return order;
    }

    /// <summary>The row's request with the amount and price of the 'created' event: the order as first sent.</summary>
    private static OrderRequest AsFirstSent(OrderRequest current, DbDataReader reader) =>
        current.WithAmountAndPrice(GetDecimal(reader, "event_amount"), GetNullableDecimal(reader, "event_price"));

    private static FormatException Inconsistent(OrderRow row, string detail) =>
        new($"order {row.ClientOrderId} is inconsistent: {detail}");
}
