using System.Globalization;
using System.Text.Json;
using KrakenBot.Backtest.Replay;
using KrakenBot.Connector.Trading;

namespace KrakenBot.Backtest.Reports;

/// <summary>
/// A backtest's report as JSON: the same result gives the same bytes (fixed property order, money as exact decimal text,
/// times in UTC to the microsecond, no wall-clock time), so two runs can be compared byte for byte.
/// </summary>
public static class BacktestReport
{
    /// <summary>The report of <paramref name="result"/>, indented UTF-8 JSON.</summary>
    public static byte[] ToJson(BacktestResult result, bool includeSeries = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var pnl = result.Pnl;
            var s = pnl.State;
            w.WriteStartObject();
            w.WriteString("strategy", result.StrategyId);
            w.WriteString("kind", result.Kind);
            w.WriteString("pair", result.Pair.ToString());
            Time(w, "from", result.From);
            Time(w, "to", result.To);
            w.WriteString("outcome", result.Outcome);
            w.WriteStartObject("replay");
            w.WriteNumber("records", result.Records);
            w.WriteNumber("book_messages", result.BookMessages);
            w.WriteNumber("trade_messages", result.TradeMessages);
            w.WriteNumber("gaps", result.Gaps);
            w.WriteEndObject();
            w.WriteStartObject("balances");
            Money(w, "start_base", s.StartBase);
            Money(w, "start_quote", s.StartQuote);
            Money(w, "end_base", s.Base);
            Money(w, "end_quote", s.Quote);
            w.WriteEndObject();
            w.WriteNumber("trades", s.Trades);
            w.WriteNumber("buys", s.Buys);
            w.WriteNumber("sells", s.Sells);
            Money(w, "base_volume", s.BaseVolume);
            Money(w, "quote_volume", s.QuoteVolume);
            Money(w, "fees_in_quote", pnl.FeesInQuote);
            Money(w, "realized_pnl", pnl.Realized);
            Money(w, "unrealized_pnl", pnl.Unrealized);
            Money(w, "total_pnl", pnl.Total);
            Money(w, "return", pnl.Return);
            Money(w, "versus_hold", pnl.VersusHold);
            Money(w, "max_drawdown", result.MaxDrawdown);
            if (result.Sharpe is { } sharpe) w.WriteString("sharpe", sharpe.ToString("R", CultureInfo.InvariantCulture));
            else w.WriteNull("sharpe");
            w.WriteNumber("orders_placed", result.OrdersPlaced);
            w.WriteNumber("orders_filled", result.OrdersFilled);
            Money(w, "fill_ratio", decimal.Round(result.FillRatio, 6));
            if (includeSeries)
            {
                w.WriteStartArray("fills");
                foreach (var f in result.Fills)
                {
                    w.WriteStartObject();
                    Time(w, "time", f.Timestamp);
                    w.WriteString("side", f.Side == OrderSide.Buy ? "buy" : "sell");
                    Money(w, "price", f.Price);
                    Money(w, "amount", f.Amount);
                    Money(w, "fee", f.FeeAmount);
                    w.WriteString("fee_asset", f.FeeAsset);
                    w.WriteBoolean("maker", f.IsMaker);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("samples");
                foreach (var sample in result.Samples)
                {
                    w.WriteStartObject();
                    Time(w, "time", sample.Time);
                    Money(w, "mid", sample.Mid);
                    Money(w, "equity", sample.Equity);
                    Money(w, "base", sample.Base);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Money(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }

    private static void Time(Utf8JsonWriter w, string name, DateTimeOffset value) =>
        w.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
}
