using System.Globalization;
using System.Text.Json;
using KrakenBot.Cli.Metrics;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.Pnl;

namespace KrakenBot.Cli.Bots;

/// <summary>
/// A bot's status as one JSON document: what <c>status.json</c> holds, what <c>status -o json</c> and
/// <c>history -o json</c> print, and what the tables are drawn from. Money is text, exactly as held.
/// </summary>
internal static class BotStatusDocument
{
    public const int Layout = 1;

    public static byte[] Write(StrategySnapshot snapshot, IReadOnlyDictionary<string, Balance> balances, int processId, string configPath,
        IReadOnlyList<KeyMetric>? metrics = null, ConfigReload? reload = null)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("layout", Layout);
            w.WriteString("id", snapshot.StrategyId);
            w.WriteString("kind", snapshot.Kind);
            w.WriteString("exchange", snapshot.Exchange);
            w.WriteString("pair", snapshot.Pair.ToString());
            w.WriteString("status", StatusName(snapshot.Status));
            if (snapshot.Reason is null) w.WriteNull("reason");
            else w.WriteString("reason", snapshot.Reason);
            w.WriteNumber("pid", processId);
            w.WriteString("config", configPath);
            if (reload is not null)
            {
                w.WriteStartObject("config_reload");
                w.Time("at", reload.At);
                w.WriteBoolean("applied", reload.Applied);
                w.WriteString("message", reload.Message);
                w.WriteEndObject();
            }
            w.Time("started_at", snapshot.StartedAt);
            w.Time("time", snapshot.Time);
            WriteBalances(w, snapshot.Pair, balances);
            WritePnl(w, snapshot.Pnl);
            WriteOrders(w, snapshot.Orders);
            if (snapshot.Details is PureMarketMakingStatus mm) WriteMarketMaking(w, mm);
            if (snapshot.Details is Strategies.Arbitrage.TriangularArbitrageStatus arbitrage) ArbitrageStatusJson.Write(w, arbitrage);
            if (snapshot.Details is Strategies.Executors.ExecutorReport executor) ExecutorStatusJson.Write(w, executor);
            if (snapshot.Details is IReadOnlyList<Strategies.Executors.ExecutorReport> executors) ExecutorStatusJson.WriteAll(w, executors);
            w.WriteStartArray("warnings");
            foreach (var warning in snapshot.Warnings) w.WriteStringValue(warning);
            w.WriteEndArray();
            if (metrics is not null) WriteMetrics(w, metrics);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static string StatusName(StrategyStatus status) => status switch
    {
        StrategyStatus.NotStarted => "not_started",
        StrategyStatus.Running => "running",
        StrategyStatus.Paused => "paused",
        StrategyStatus.Stopped => "stopped",
        StrategyStatus.Failed => "failed",
        _ => status.ToString().ToLowerInvariant(),
    };

    // Counters as totals; durations as how many and their mean in milliseconds.
    private static void WriteMetrics(Utf8JsonWriter w, IReadOnlyList<KeyMetric> metrics)
    {
        w.WriteStartObject("metrics");
        foreach (var metric in metrics)
        {
            if (!metric.IsDuration)
            {
                w.WriteNumber(metric.Name, metric.Total);
                continue;
            }
            w.WriteStartObject(metric.Name);
            w.WriteNumber("count", metric.Count);
            w.WriteNumber("mean_ms", Math.Round(metric.MeanMilliseconds, 3));
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteBalances(Utf8JsonWriter w, TradingPair pair, IReadOnlyDictionary<string, Balance> balances)
    {
        w.WriteStartObject("balances");
        foreach (var asset in new[] { pair.Base, pair.Quote })
        {
            var balance = balances.TryGetValue(asset, out var b) ? b : new Balance(asset, 0m, 0m);
            w.WriteStartObject(asset);
            w.Money("total", balance.Total);
            w.Money("available", balance.Available);
            w.Money("held", balance.Held);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WritePnl(Utf8JsonWriter w, PnlSnapshot pnl)
    {
        var s = pnl.State;
        w.WriteStartObject("pnl");
        w.Money("start_base", s.StartBase);
        w.Money("start_quote", s.StartQuote);
        w.Money("start_mark", s.StartMark);
        w.Money("base", s.Base);
        w.Money("quote", s.Quote);
        w.Money("mark", s.Mark);
        w.Money("start_equity", pnl.StartEquity);
        w.Money("equity", pnl.Equity);
        w.Money("realized", pnl.Realized);
        w.Money("unrealized", pnl.Unrealized);
        w.Money("total", pnl.Total);
        w.Money("return", pnl.Return);
        w.Money("versus_hold", pnl.VersusHold);
        w.Money("drawdown", pnl.Drawdown);
        w.Money("fees_in_quote", pnl.FeesInQuote);
        w.WriteStartObject("fees");
        foreach (var (asset, fee) in pnl.Fees.OrderBy(f => f.Key, StringComparer.Ordinal)) w.Money(asset, fee);
        w.WriteEndObject();
        w.WriteNumber("trades", s.Trades);
        w.WriteNumber("buys", s.Buys);
        w.WriteNumber("sells", s.Sells);
        w.Money("base_volume", s.BaseVolume);
        w.Money("quote_volume", s.QuoteVolume);
        w.WriteEndObject();
    }

    private static void WriteOrders(Utf8JsonWriter w, IReadOnlyList<OwnedOrderView> orders)
    {
        w.WriteStartArray("orders");
        foreach (var o in orders)
        {
            w.WriteStartObject();
            w.WriteString("client_order_id", o.ClientOrderId);
            w.WriteString("label", o.Label);
            w.WriteString("side", o.Side == OrderSide.Buy ? "buy" : "sell");
            w.Money("price", o.Price);
            w.Money("amount", o.Amount);
            w.Money("remaining", o.Remaining);
            w.WriteString("state", o.State.ToString());
            w.Money("age_seconds", Seconds(o.Age));
            if (o.Pending is { } pending) w.WriteString("pending", pending.ToString().ToLowerInvariant());
            else w.WriteNull("pending");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteMarketMaking(Utf8JsonWriter w, PureMarketMakingStatus mm)
    {
        w.WriteStartObject("market_making");
        w.Money("reference_price", mm.ReferencePrice);
        w.WriteString("price_type", mm.PriceType.ToString());
        w.Money("best_bid", mm.BestBid);
        w.Money("best_ask", mm.BestAsk);
        w.WriteStartArray("orders");
        foreach (var o in mm.Orders)
        {
            w.WriteStartObject();
            w.WriteString("level", o.Level);
            w.WriteString("side", o.Side);
            w.Money("price", o.Price);
            w.Money("spread", o.Spread);
            w.Money("amount", o.Amount);
            w.Money("remaining", o.Remaining);
            w.Money("age_seconds", Seconds(o.Age));
            w.WriteBoolean("hanging", o.Hanging);
            w.WriteString("client_order_id", o.ClientOrderId);
            w.WriteString("id", o.ExchangeOrderId);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (mm.Inventory is { } inv)
        {
            w.WriteStartObject("inventory");
            w.Money("target_value", inv.TargetValue);
            w.Money("current_base", inv.CurrentBase);
            w.Money("target_base", inv.TargetBase);
            w.Money("range_low", inv.RangeLow);
            w.Money("range_high", inv.RangeHigh);
            w.Money("bid_adjust", inv.BidAdjust);
            w.Money("ask_adjust", inv.AskAdjust);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("inventory");
        }
        w.WriteNumber("filled_buys", mm.FilledBuys);
        w.WriteNumber("filled_sells", mm.FilledSells);
        w.WriteNumber("places", mm.Places);
        w.WriteNumber("amends", mm.Amends);
        w.WriteNumber("cancels", mm.Cancels);
        w.WriteNumber("refreshes_stretched", mm.RefreshesStretched);
        w.Time("next_refresh", mm.NextRefresh);
        w.WriteEndObject();
    }

    private static decimal Seconds(TimeSpan age) => decimal.Round((decimal)age.TotalSeconds, 1);

    /// <summary>Reads a decimal written by <see cref="JsonOut.Money(Utf8JsonWriter, string, decimal)"/>; null for JSON null or absent.</summary>
    public static decimal? Money(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String
            ? decimal.Parse(e.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
            : null;

    public static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
}
