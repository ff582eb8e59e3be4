using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;

namespace KrakenBot.Dashboard.State;

/// <summary>Everything one state document is written from, taken at one moment.</summary>
internal sealed record DashboardStateInput(DashboardSource Source, TradingPair? Pair, StrategySnapshot? Strategy, IOrderBookView? Book,
    IEnumerable<Fill> Fills, EquityCurve Equity, HealthCounters Health, DateTimeOffset Now);

/// <summary>
/// Writes the page's state as JSON. Money is text, exactly as held (the page shows it as is and parses it only to draw).
/// Nothing secret is in it: no key, no secret, no token, no file path.
/// </summary>
internal static class DashboardStateWriter
{
    public static string Write(DashboardStateInput input)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("mode", input.Source.Mode.ToString().ToLowerInvariant());
            w.WriteString("exchange", input.Source.Exchange.Name);
            w.WriteString("time", input.Now);
            if (input.Pair is { } pair) w.WriteString("pair", pair.ToString());
            else w.WriteNull("pair");

            var strategy = input.Strategy;
            var mm = strategy?.Details as PureMarketMakingStatus;
            decimal? reference = mm?.ReferencePrice ?? input.Book?.MidPrice;
            WriteStrategy(w, strategy);
            WriteBook(w, input.Book, input.Source.BookLevels);
            w.Money("reference", reference);
            WriteOrders(w, input, reference);
            WriteFills(w, input.Fills);
            WritePnl(w, strategy);
            WriteEquity(w, input.Equity);
            WriteInventory(w, input.Pair, strategy, mm, input.Source.Exchange.Balances);
            WriteBalances(w, input.Pair, input.Source.Exchange.Balances);
            WriteHealth(w, input);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteStrategy(Utf8JsonWriter w, StrategySnapshot? s)
    {
        if (s is null)
        {
            w.WriteNull("strategy");
            return;
        }

        w.WriteStartObject("strategy");
        w.WriteString("id", s.StrategyId);
        w.WriteString("kind", s.Kind);
        w.WriteString("status", s.Status.ToString().ToLowerInvariant());
        if (s.Reason is null) w.WriteNull("reason");
        else w.WriteString("reason", s.Reason);
        if (s.StartedAt is { } started) w.WriteString("started_at", started);
        else w.WriteNull("started_at");
        if (s.Details is PureMarketMakingStatus mm) w.WriteNumber("places", mm.Places);
        w.WriteStartArray("warnings");
        foreach (var warning in s.Warnings) w.WriteStringValue(warning);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteBook(Utf8JsonWriter w, IOrderBookView? book, int levels)
    {
        if (book is null)
        {
            w.WriteNull("book");
            return;
        }

        var snapshot = book.GetSnapshot(levels);
        w.WriteStartObject("book");
        w.WriteBoolean("ready", snapshot.IsReady);
        WriteLevels(w, "bids", snapshot.Bids);
        WriteLevels(w, "asks", snapshot.Asks);
        w.Money("mid", book.MidPrice);
        w.Money("spread", book.Spread);
        w.WriteEndObject();
    }

    private static void WriteLevels(Utf8JsonWriter w, string name, IReadOnlyList<BookLevel> levels)
    {
        w.WriteStartArray(name);
        foreach (var level in levels)
        {
            w.WriteStartArray();
            w.WriteStringValue(Text(level.Price));
            w.WriteStringValue(Text(level.Amount));
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteOrders(Utf8JsonWriter w, DashboardStateInput input, decimal? reference)
    {
        w.WriteStartArray("orders");
        if (input.Strategy is { } strategy)
        {
            foreach (var o in strategy.Orders)
            {
                WriteOrder(w, o.ClientOrderId, o.Label, o.Side, o.Price, o.Amount, o.Remaining, o.Age, o.State.ToString(),
                    o.Pending?.ToString().ToLowerInvariant(), reference);
            }
        }
        else
        {
            foreach (var o in input.Source.Exchange.OpenOrders)
            {
                if (input.Pair is { } pair && o.Request.Pair != pair) continue;
                if (o.Request.Price is not { } price) continue;
                WriteOrder(w, o.ClientOrderId, o.Request.ClientTag ?? "", o.Request.Side, price, o.Request.Amount, o.RemainingAmount,
                    input.Now - o.CreatedAt, o.State.ToString(), null, reference);
            }
        }
        w.WriteEndArray();
    }

    private static void WriteOrder(Utf8JsonWriter w, string id, string label, OrderSide side, decimal price, decimal amount, decimal remaining,
        TimeSpan age, string state, string? pending, decimal? reference)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("level", label);
        w.WriteString("side", side == OrderSide.Buy ? "buy" : "sell");
        w.Money("price", price);
        w.Money("amount", amount);
        w.Money("remaining", remaining);
        // Distance from the reference as a fraction, positive when away from it (a bid below, an ask above).
        decimal? spread = reference is { } r && r != 0 ? (side == OrderSide.Buy ? r - price : price - r) / r : null;
        w.Money("spread", spread is { } s ? decimal.Round(s, 8) : null);
        w.WriteNumber("age_seconds", Math.Round(Math.Max(0, age.TotalSeconds), 1));
        w.WriteString("state", state);
        if (pending is null) w.WriteNull("pending");
        else w.WriteString("pending", pending);
        w.WriteEndObject();
    }

    private static void WriteFills(Utf8JsonWriter w, IEnumerable<Fill> fills)
    {
        w.WriteStartArray("fills");
        foreach (var f in fills)
        {
            w.WriteStartObject();
            w.WriteString("trade_id", f.TradeId);
            w.WriteString("time", f.Timestamp);
            w.WriteString("side", f.Side == OrderSide.Buy ? "buy" : "sell");
            w.Money("price", f.Price);
            w.Money("amount", f.Amount);
            w.Money("fee", f.FeeAmount);
            w.WriteString("fee_asset", f.FeeAsset);
            w.WriteBoolean("maker", f.IsMaker);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WritePnl(Utf8JsonWriter w, StrategySnapshot? strategy)
    {
        if (strategy is null)
        {
            w.WriteNull("pnl");
            return;
        }

        var p = strategy.Pnl;
        w.WriteStartObject("pnl");
        w.Money("realized", p.Realized);
        w.Money("unrealized", p.Unrealized);
        w.Money("total", p.Total);
        w.Money("fees_in_quote", p.FeesInQuote);
        w.Money("equity", p.Equity);
        w.Money("start_equity", p.StartEquity);
        w.Money("return", p.Return);
        w.Money("drawdown", p.Drawdown);
        w.Money("versus_hold", p.VersusHold);
        w.WriteNumber("trades", p.State.Trades);
        w.WriteNumber("buys", p.State.Buys);
        w.WriteNumber("sells", p.State.Sells);
        w.WriteEndObject();
    }

    private static void WriteEquity(Utf8JsonWriter w, EquityCurve curve)
    {
        w.WriteStartArray("equity");
        foreach (var (time, equity) in curve.Points)
        {
            w.WriteStartArray();
            w.WriteNumberValue(time.ToUnixTimeMilliseconds());
            w.WriteStringValue(Text(equity));
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void WriteInventory(Utf8JsonWriter w, TradingPair? pair, StrategySnapshot? strategy, PureMarketMakingStatus? mm,
        IReadOnlyDictionary<string, Balance> balances)
    {
        if (pair is null || strategy is null)
        {
            w.WriteNull("inventory");
            return;
        }

        var state = strategy.Pnl.State;
        w.WriteStartObject("inventory");
        w.Money("base", state.Base);
        w.Money("quote", state.Quote);
        decimal? share = state.Mark is { } mark && state.Quote + state.Base * mark is var value and not 0 ? state.Base * mark / value : null;
        w.Money("current_base", mm?.Inventory?.CurrentBase ?? (share is { } s ? decimal.Round(s, 6) : null));
        w.Money("target_base", mm?.Inventory?.TargetBase);
        w.Money("range_low", mm?.Inventory?.RangeLow);
        w.Money("range_high", mm?.Inventory?.RangeHigh);
        w.WriteEndObject();
    }

    private static void WriteBalances(Utf8JsonWriter w, TradingPair? pair, IReadOnlyDictionary<string, Balance> balances)
    {
        w.WriteStartArray("balances");
        IEnumerable<Balance> shown = pair is null
            ? balances.Values.Where(b => b.Total != 0).OrderBy(b => b.Asset, StringComparer.Ordinal)
            : [balances.GetValueOrDefault(pair.Base) ?? new Balance(pair.Base, 0, 0), balances.GetValueOrDefault(pair.Quote) ?? new Balance(pair.Quote, 0, 0)];
        foreach (var b in shown)
        {
            w.WriteStartObject();
            w.WriteString("asset", b.Asset);
            w.Money("total", b.Total);
            w.Money("available", b.Available);
            w.Money("held", b.Held);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteHealth(Utf8JsonWriter w, DashboardStateInput input)
    {
        var exchange = input.Source.Exchange;
        var readiness = exchange.Readiness;
        w.WriteStartObject("health");
        w.WriteBoolean("ready", readiness.IsReady);
        w.WriteStartArray("components");
        foreach (var c in readiness.Components)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteBoolean("ready", c.IsReady);
            if (c.Reason is null) w.WriteNull("reason");
            else w.WriteString("reason", c.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("book_ready", input.Book?.IsReady ?? false);
        w.WriteNumber("book_resyncs", input.Health.BookResyncs);
        w.WriteNumber("events_missed", input.Health.EventsMissed);
        if (input.Health.LastReconciliation is { } r)
        {
            w.WriteStartObject("last_reconciliation");
            w.WriteString("time", r.Time);
            w.WriteString("trigger", r.Trigger);
            w.WriteNumber("orders_updated", r.OrdersUpdated);
            w.WriteNumber("fills_recovered", r.FillsRecovered);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("last_reconciliation");
        }

        w.WriteString("dead_man_switch", DeadManSwitch(input.Source));
        if (input.Pair is { } pair && exchange is ITradingRateCounter counter)
        {
            var reading = counter.GetTradingCounter(pair);
            w.WriteStartObject("rate_counter");
            w.Money("level", decimal.Round(reading.Level, 2));
            w.Money("max", reading.Max);
            w.Money("headroom", decimal.Round(reading.Headroom, 2));
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("rate_counter");
        }
        w.WriteEndObject();
    }

    private static string DeadManSwitch(DashboardSource source)
    {
        if (source.Exchange.IsPaper) return "not used (paper trading: orders live in this process)";
        if (source.Exchange is not IDeadManSwitchControl) return "not available on this connector";
        if (source.Runner is not { } runner) return "off (no strategy running here)";
        return runner.Driver.Options.DeadManSwitchTimeout is { } timeout
            ? runner.Driver.Status == StrategyStatus.Running
                ? $"armed: the exchange cancels every order {timeout.TotalSeconds:0} s after the bot goes silent"
                : $"{timeout.TotalSeconds:0} s, armed while quoting"
            : "off (dead_man_switch_timeout not set)";
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Money(this Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteString(name, Text(v));
        else w.WriteNull(name);
    }
}
