using System.Text.Json;
using KrakenBot.Connector.Kraken.Socket.Protocol;
using KrakenBot.Connector.Trading.Errors;

namespace KrakenBot.Connector.Kraken.Orders;

/// <summary>
/// Reads an <c>executions</c> frame (<c>{"channel":"executions","type":"snapshot|update","data":[…]}</c>) with a
/// <see cref="Utf8JsonReader"/>; numbers are read from the raw bytes, never through <see cref="double"/>. Per entry it
/// allocates the report and the ids it carries (order, client order and execution id); fee assets come from the
/// caller's <see cref="SymbolCache"/>, and fields the mapper does not use (symbol, side, order status) are skipped.
/// </summary>
internal static class ExecutionParser
{
    private const string Channel = "executions";

    public static List<ExecutionReport> Parse(ReadOnlySpan<byte> utf8)
    {
        var reports = new List<ExecutionReport>(1);
        Parse(utf8, reports, new SymbolCache());
        return reports;
    }

    /// <summary>Appends the frame's entries to <paramref name="reports"/> (a list the caller reuses).</summary>
    /// <param name="assets">Fee asset names, one shared string per name across frames.</param>
    public static void Parse(ReadOnlySpan<byte> utf8, List<ExecutionReport> reports, SymbolCache assets)
    {
        var reader = new Utf8JsonReader(utf8);
        int first = reports.Count;
        bool snapshot = false;
        int readBeforeType = 0; // entries read before "type" (Kraken sends it first): marked afterwards
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new UnexpectedResponseException("Kraken 'executions' message is not a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                JsonFields.MoveToValue(ref reader);
                snapshot = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("snapshot"u8);
                readBeforeType = reports.Count - first;
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                JsonFields.MoveToValue(ref reader);
                if (reader.TokenType != JsonTokenType.StartArray)
                    throw new UnexpectedResponseException("Kraken 'executions' message: 'data' is not an array.");
                while (ChannelData.NextObject(ref reader, "executions", "data"))
                    reports.Add(ReadEntry(ref reader, snapshot, assets));
            }
            else
            {
                JsonFields.MoveToValue(ref reader);
                reader.Skip();
            }
        }

        if (snapshot)
        {
            for (int i = first; i < first + readBeforeType; i++) reports[i] = reports[i] with { IsSnapshot = true };
        }
    }

    private static ExecutionReport ReadEntry(ref Utf8JsonReader reader, bool snapshot, SymbolCache assets)
    {
        string? orderId = null, clOrdId = null, execId = null;
        string? feeAsset = null, reason = null;
        ExecutionType type = ExecutionType.Unknown;
        decimal? lastQty = null, lastPrice = null, cumQty = null, orderQty = null, limitPrice = null, feeQty = null;
        bool? maker = null;
        DateTimeOffset? timestamp = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("order_id"u8)) { reader.Read(); orderId = JsonFields.ReadString(ref reader, Channel, "order_id"); }
            else if (reader.ValueTextEquals("cl_ord_id"u8)) { reader.Read(); clOrdId = JsonFields.ReadString(ref reader, Channel, "cl_ord_id"); }
            else if (reader.ValueTextEquals("exec_type"u8)) { reader.Read(); type = TypeOf(ref reader); }
            else if (reader.ValueTextEquals("exec_id"u8)) { reader.Read(); execId = JsonFields.ReadString(ref reader, Channel, "exec_id"); }
            else if (reader.ValueTextEquals("last_qty"u8)) { reader.Read(); lastQty = JsonFields.ReadDecimal(ref reader, Channel, "last_qty"); }
            else if (reader.ValueTextEquals("last_price"u8)) { reader.Read(); lastPrice = JsonFields.ReadDecimal(ref reader, Channel, "last_price"); }
            else if (reader.ValueTextEquals("cum_qty"u8)) { reader.Read(); cumQty = JsonFields.ReadDecimal(ref reader, Channel, "cum_qty"); }
            else if (reader.ValueTextEquals("order_qty"u8)) { reader.Read(); orderQty = JsonFields.ReadDecimal(ref reader, Channel, "order_qty"); }
            else if (reader.ValueTextEquals("limit_price"u8)) { reader.Read(); limitPrice = JsonFields.ReadDecimal(ref reader, Channel, "limit_price"); }
            else if (reader.ValueTextEquals("liquidity_ind"u8)) { reader.Read(); maker = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("m"u8); }
            else if (reader.ValueTextEquals("reason"u8)) { reader.Read(); reason = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; }
            else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); timestamp = JsonFields.ReadTimestamp(ref reader, Channel, "timestamp"); }
            else if (reader.ValueTextEquals("fees"u8)) { reader.Read(); ReadFees(ref reader, assets, ref feeAsset, ref feeQty); }
            else { reader.Read(); reader.Skip(); }
        }

        if (orderId is null)
            throw new UnexpectedResponseException("Kraken 'executions' entry has no 'order_id'; it was skipped.");
        return new ExecutionReport
        {
            OrderId = orderId, ClientOrderId = clOrdId, Type = type, ExecId = execId, LastQuantity = lastQty, LastPrice = lastPrice, IsMaker = maker, CumulativeQuantity = cumQty,
            OrderQuantity = orderQty, LimitPrice = limitPrice, FeeAsset = feeAsset, FeeQuantity = feeQty, Reason = reason,
            Timestamp = timestamp, IsSnapshot = snapshot,
        };
    }

    // Kraken sends one fee entry per fill in practice; several are summed when they share an asset.
    private static void ReadFees(ref Utf8JsonReader reader, SymbolCache assets, ref string? asset, ref decimal? quantity)
    {
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return; }
        while (ChannelData.NextObject(ref reader, "executions", "fees"))
        {
            string? entryAsset = null;
            decimal entryQty = 0m;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("asset"u8)) { reader.Read(); entryAsset = assets.Read(ref reader, Channel, "fees.asset"); }
                else if (reader.ValueTextEquals("qty"u8)) { reader.Read(); entryQty = JsonFields.ReadDecimal(ref reader, Channel, "fees.qty"); }
                else { reader.Read(); reader.Skip(); }
            }
            if (entryAsset is null) continue;
            if (asset is null || asset == entryAsset)
            {
                asset = entryAsset;
                quantity = (quantity ?? 0m) + entryQty;
            }
        }
    }

    private static ExecutionType TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) { reader.Skip(); return ExecutionType.Unknown; }
        if (reader.ValueTextEquals("trade"u8)) return ExecutionType.Trade;
        if (reader.ValueTextEquals("new"u8)) return ExecutionType.New;
        if (reader.ValueTextEquals("pending_new"u8)) return ExecutionType.PendingNew;
        if (reader.ValueTextEquals("filled"u8)) return ExecutionType.Filled;
        if (reader.ValueTextEquals("canceled"u8)) return ExecutionType.Canceled;
        if (reader.ValueTextEquals("expired"u8)) return ExecutionType.Expired;
        if (reader.ValueTextEquals("amended"u8)) return ExecutionType.Amended;
        if (reader.ValueTextEquals("restated"u8)) return ExecutionType.Restated;
        if (reader.ValueTextEquals("status"u8)) return ExecutionType.Status;
        return ExecutionType.Unknown;
    }
}
