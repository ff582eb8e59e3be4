using KrakenBot.Connector.Trading;
using System.Data.Common;
using static KrakenBot.Connector.Storage.Internal.JournalValues;

namespace KrakenBot.Connector.Storage.Internal;

/// <summary>Reading and writing rows of the <c>fills</c> table. A trade id is stored once per account.</summary>
internal static class FillRows
{
    /// <summary>The fill columns, prefixed with a table alias.</summary>
    public static string Columns(string alias) =>
        $"{alias}.id AS fill_id, {alias}.trade_id AS trade_id, {alias}.client_order_id AS fill_client_order_id, " +
        $"{alias}.exchange_order_id AS fill_exchange_order_id, {alias}.base AS fill_base, {alias}.quote AS fill_quote, " +
        $"{alias}.side AS fill_side, {alias}.price AS fill_price, {alias}.amount AS fill_amount, " +
        $"{alias}.fee_amount AS fee_amount, {alias}.fee_asset AS fee_asset, {alias}.is_maker AS is_maker, " +
        $"{alias}.executed_at AS executed_at";

    public static Fill Read(DbDataReader reader)
    {
        string tradeId = GetString(reader, "trade_id");
        try
        {
            return new Fill(
                tradeId,
                GetNullableString(reader, "fill_client_order_id"),
                GetNullableString(reader, "fill_exchange_order_id"),
                new TradingPair(GetString(reader, "fill_base"), GetString(reader, "fill_quote")),
                GetEnum<OrderSide>(reader, "fill_side"),
                GetDecimal(reader, "fill_price"),
                GetDecimal(reader, "fill_amount"),
                GetDecimal(reader, "fee_amount"),
                GetString(reader, "fee_asset"),
                GetInt64(reader, "is_maker") != 0,
                GetTime(reader, "executed_at"));
        }
        catch (ArgumentException error)
        {
            throw new FormatException($"Fill {tradeId} holds values that are not valid: {error.Message}", error);
        }
    }

    public static JournalFill ReadJournalFill(DbDataReader reader) => new(GetInt64(reader, "fill_id"), Read(reader));

    /// <summary>
    /// Stores <paramref name="fill"/> unless its trade id is already there. An existing row must agree on the
    /// figures (pair, side, price, amount, fee, order ids where both are known); when <paramref name="orderId"/> is
    /// given, an existing row not yet tied to an order is tied to it. Returns true when a row was inserted.
    /// </summary>
    public static bool Write(JournalWriteScope write, long accountId, Fill fill, long? orderId)
    {
        var existing = Find(write.Connection, write.Transaction, accountId, fill.TradeId);
        if (existing is null)
        {
            write.Command("""
                    INSERT INTO fills (account_id, trade_id, order_id, client_order_id, exchange_order_id, base, quote, side,
                                       price, amount, fee_amount, fee_asset, is_maker, executed_at, executed_ticks)
                    VALUES (@account, @trade, @order, @client, @exchange, @base, @quote, @side,
                            @price, @amount, @fee, @feeAsset, @maker, @at, @ticks)
                    """)
                .With("@account", accountId)
                .With("@trade", fill.TradeId)
                .With("@order", orderId)
                .With("@client", fill.ClientOrderId)
                .With("@exchange", fill.ExchangeOrderId)
                .With("@base", fill.Pair.Base)
                .With("@quote", fill.Pair.Quote)
                .With("@side", ToText(fill.Side))
                .With("@price", ToText(fill.Price))
                .With("@amount", ToText(fill.Amount))
                .With("@fee", ToText(fill.FeeAmount))
                .With("@feeAsset", fill.FeeAsset)
                .With("@maker", fill.IsMaker ? 1 : 0)
                .With("@at", ToText(fill.Timestamp))
                .With("@ticks", fill.Timestamp.UtcTicks)
                .Run();
            return true;
        }

        var (rowId, storedOrderId, stored) = existing.Value;
        CheckSameTrade(stored, fill);
        if (orderId is { } id && storedOrderId != id)
        {
            if (storedOrderId is not null)
            {
                throw new JournalConflictException(
                    $"Trade {fill.TradeId} is already recorded for another order (journal row {storedOrderId}); it cannot also fill order row {id}.");
            }

            write.Command("UPDATE fills SET order_id = @order WHERE id = @id").With("@order", id).With("@id", rowId).Run();
        }

        return false;
    }

    public static (long RowId, long? OrderId, Fill Fill)? Find(DbConnection connection, DbTransaction transaction,
        long accountId, string tradeId)
    {
        using var command = JournalSql.Command(connection, transaction,
                $"SELECT {Columns("f")}, f.order_id AS order_id FROM fills f WHERE f.account_id = @account AND f.trade_id = @trade")
            .With("@account", accountId)
            .With("@trade", tradeId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        long? orderId = reader.IsDBNull(reader.GetOrdinal("order_id")) ? null : GetInt64(reader, "order_id");
        return (GetInt64(reader, "fill_id"), orderId, Read(reader));
    }

    private static void CheckSameTrade(Fill stored, Fill incoming)
    {
        bool same = stored.Pair == incoming.Pair
            && stored.Side == incoming.Side
            && stored.Price == incoming.Price
            && stored.Amount == incoming.Amount
            && stored.FeeAmount == incoming.FeeAmount
            && stored.FeeAsset == incoming.FeeAsset
            && Agree(stored.ClientOrderId, incoming.ClientOrderId)
            && Agree(stored.ExchangeOrderId, incoming.ExchangeOrderId);
        if (!same)
        {
            // Keeping either silently could lose money from the books: a person must look.
            throw new JournalConflictException(
                $"Trade {incoming.TradeId} was reported again with different figures: journal has {Describe(stored)}, " +
                $"new report says {Describe(incoming)}. The journal keeps the first; check the trade on the exchange.");
        }
    }

    private static bool Agree(string? a, string? b) => a is null || b is null || a == b;

    private static string Describe(Fill fill) =>
        $"{fill.Side} {ToText(fill.Amount)} {fill.Pair} @ {ToText(fill.Price)} fee {ToText(fill.FeeAmount)} {fill.FeeAsset} " +
        $"(order {fill.ClientOrderId ?? "-"}/{fill.ExchangeOrderId ?? "-"})";
}
