using KrakenBot.Connector.Trading;
using System.Data.Common;
using static KrakenBot.Connector.Storage.Internal.JournalValues;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>The current-state row of one order, as stored in <c>orders</c>.</summary>
internal sealed record OrderRow(
    long Id,
    string ClientOrderId,
    string? ExchangeOrderId,
    OrderRequest Request,
    OrderState State,
    decimal FilledAmount,
    int FillCount,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const string Columns =
        "o.id, o.client_order_id, o.exchange_order_id, o.base, o.quote, o.side, o.type, o.amount, o.price, " +
        "o.time_in_force, o.expire_time, o.client_tag, o.state, o.filled_amount, o.fill_count, o.failure_reason, " +
        "o.created_at, o.created_ticks, o.updated_at, o.trigger_price, o.trigger_limit_price, o.trigger_reference";

    public long CreatedTicks => CreatedAt.UtcTicks;

    public static OrderRow Read(DbDataReader reader)
    {
        string clientOrderId = GetString(reader, "client_order_id");
        OrderRequest request;
        try
        {
            var pair = new TradingPair(GetString(reader, "base"), GetString(reader, "quote"));
            var type = GetEnum<OrderType>(reader, "type");
            request = type.IsPlaceable()
                ? new OrderRequest(pair, GetEnum<OrderSide>(reader, "side"), type, GetDecimal(reader, "amount"),
                    GetNullableDecimal(reader, "price"), GetEnum<TimeInForce>(reader, "time_in_force"),
                    GetNullableTime(reader, "expire_time"), GetNullableString(reader, "client_tag"))
                : OrderRequest.ReadOnly(pair, GetEnum<OrderSide>(reader, "side"), type, GetDecimal(reader, "amount"),
                    GetNullableDecimal(reader, "price"), ReadTrigger(reader), GetEnum<TimeInForce>(reader, "time_in_force"),
                    GetNullableTime(reader, "expire_time"));
        }
        catch (Exception error) when (error is ArgumentException or Trading.Errors.ExchangeValidationException)
        {
            throw new FormatException($"Order {clientOrderId} holds a request that is not valid: {error.Message}", error);
        }

        return new OrderRow(
            GetInt64(reader, "id"),
            clientOrderId,
            GetNullableString(reader, "exchange_order_id"),
            request,
            GetEnum<OrderState>(reader, "state"),
            GetDecimal(reader, "filled_amount"),
            checked((int)GetInt64(reader, "fill_count")),
            GetNullableString(reader, "failure_reason"),
            GetTime(reader, "created_at"),
            GetTime(reader, "updated_at"));
    }

    private static OrderTrigger? ReadTrigger(DbDataReader reader) =>
        GetNullableString(reader, "trigger_price") is { } price
            ? new OrderTrigger(price, GetNullableString(reader, "trigger_limit_price"), GetNullableString(reader, "trigger_reference") ?? "last")
            : null;

    /// <summary>True when both requests ask for exactly the same thing (decimals compared by value and scale).</summary>
    public static bool SameRequest(OrderRequest a, OrderRequest b) =>
        a.Pair == b.Pair
        && a.Side == b.Side
        && a.Type == b.Type
        && ToText(a.Amount) == ToText(b.Amount)
        && (a.Price is null ? b.Price is null : b.Price is not null && ToText(a.Price.Value) == ToText(b.Price.Value))
        && a.TimeInForce == b.TimeInForce
        && Nullable.Equals(a.ExpireTime, b.ExpireTime)
        && a.ClientTag == b.ClientTag
        && a.Trigger == b.Trigger;
}
