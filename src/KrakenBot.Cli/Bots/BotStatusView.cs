using System.Globalization;
using System.Text.Json;
using KrakenBot.Cli.Output;
using Spectre.Console;
using Spectre.Console.Rendering;
using static KrakenBot.Cli.Bots.BotStatusDocument;

namespace KrakenBot.Cli.Bots;

/// <summary>Tables for <c>status</c> and <c>history</c>, drawn from a bot's status document.</summary>
internal static class BotStatusView
{
    /// <summary>The header line: id, strategy, exchange, pair, state (and whether a process still runs it).</summary>
    public static string Header(JsonElement doc, bool running)
    {
        string status = Text(doc, "status") ?? "?";
        string state = running ? status : status is "running" or "paused"
            ? "not running (the process ended without stopping it; 'start' resumes it with its orders and P&L)"
            : status;
        string reason = Text(doc, "reason") is { } r ? $" — {r}" : "";
        return $"Bot {Text(doc, "id")}: {Text(doc, "kind")} on {Text(doc, "exchange")}, {Text(doc, "pair")} — {state}{reason}";
    }

    public static IRenderable Status(JsonElement doc, bool running, DisplayFormat display)
    {
        var rows = new List<IRenderable> { new Markup(Markup.Escape(Header(doc, running))) };
        string pair = Text(doc, "pair") ?? "";
        string quote = pair.Contains('-', StringComparison.Ordinal) ? pair[(pair.IndexOf('-', StringComparison.Ordinal) + 1)..] : "";
        rows.Add(new Markup(Markup.Escape($"Started {Fmt.Time(Time(doc, "started_at"))} UTC, status at {Fmt.Time(Time(doc, "time"))} UTC")));

        if (doc.TryGetProperty("market_making", out var mm) && mm.ValueKind == JsonValueKind.Object)
        {
            var markets = new Table().AddColumns("Pair", "Best bid", "Best ask", "Reference", "Price type");
            markets.AddRow(pair, Price(display, pair, Money(mm, "best_bid")), Price(display, pair, Money(mm, "best_ask")),
                Price(display, pair, Money(mm, "reference_price")), Text(mm, "price_type") ?? "-");
            rows.Add(markets.Title("Market"));
        }

        var assets = new Table().AddColumns("Asset", "Total", "Available", "Held");
        foreach (var balance in doc.GetProperty("balances").EnumerateObject())
        {
            assets.AddRow(balance.Name, display.Holding(balance.Name, Money(balance.Value, "total") ?? 0m),
                display.Holding(balance.Name, Money(balance.Value, "available") ?? 0m), display.Holding(balance.Name, Money(balance.Value, "held") ?? 0m));
        }
        rows.Add(assets.Title("Assets"));

        if (mm.ValueKind == JsonValueKind.Object && mm.TryGetProperty("inventory", out var inv) && inv.ValueKind == JsonValueKind.Object)
        {
            rows.Add(new Markup(Markup.Escape(
                $"Inventory: {Percent(Money(inv, "current_base"))} in base, target {Percent(Money(inv, "target_base"))}, range " +
                $"{Percent(Money(inv, "range_low"))} to {Percent(Money(inv, "range_high"))}; size factors bid {Fmt.Num(Money(inv, "bid_adjust"))}, ask {Fmt.Num(Money(inv, "ask_adjust"))}")));
        }

        var orders = new Table().AddColumns("Level", "Side", "Price", "Spread", "Amount", "Remaining", "Age (s)", "Hang");
        if (mm.ValueKind == JsonValueKind.Object)
        {
            foreach (var o in mm.GetProperty("orders").EnumerateArray())
            {
                orders.AddRow(Text(o, "level") ?? "", Text(o, "side") ?? "", Price(display, pair, Money(o, "price")), Percent(Money(o, "spread")),
                    Amount(display, pair, Money(o, "amount")), Amount(display, pair, Money(o, "remaining")), Fmt.Num(Money(o, "age_seconds")),
                    o.GetProperty("hanging").GetBoolean() ? "yes" : "");
            }
            rows.Add(new Markup(Markup.Escape(
                $"Placed {mm.GetProperty("places").GetInt64()}, amended {mm.GetProperty("amends").GetInt64()}, cancelled {mm.GetProperty("cancels").GetInt64()}; " +
                $"refreshes put off for the trading counter: {mm.GetProperty("refreshes_stretched").GetInt64()}; ping-pong fills buy {mm.GetProperty("filled_buys").GetInt32()} / sell {mm.GetProperty("filled_sells").GetInt32()}")));
        }
        else
        {
            foreach (var o in doc.GetProperty("orders").EnumerateArray())
            {
                orders.AddRow(Text(o, "label") ?? "", Text(o, "side") ?? "", Price(display, pair, Money(o, "price")), "-",
                    Amount(display, pair, Money(o, "amount")), Amount(display, pair, Money(o, "remaining")), Fmt.Num(Money(o, "age_seconds")), "");
            }
        }
        rows.Insert(rows.Count - (mm.ValueKind == JsonValueKind.Object ? 1 : 0), orders.Title("Orders"));

        rows.AddRange(ArbitrageStatusJson.Render(doc));
        rows.AddRange(ExecutorStatusJson.Render(doc));
        var pnl = doc.GetProperty("pnl");
        rows.Add(new Markup(Markup.Escape(
            $"P&L: {Fmt.Num(Round(Money(pnl, "total")))} {quote} (realized {Fmt.Num(Round(Money(pnl, "realized")))}, unrealized {Fmt.Num(Round(Money(pnl, "unrealized")))}), " +
            $"return {Percent(Money(pnl, "return"))}, drawdown {Percent(Money(pnl, "drawdown"))}")));

        if (doc.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object)
            rows.Add(new Markup(Markup.Escape(ConnectorLine(metrics))));

        if (doc.TryGetProperty("config_reload", out var reload))
        {
            bool applied = reload.GetProperty("applied").GetBoolean();
            string line = Markup.Escape($"Config changed {reload.GetProperty("at").GetString()}: {(applied ? "" : "NOT applied: ")}" +
                                        reload.GetProperty("message").GetString());
            rows.Add(new Markup(applied ? line : $"[yellow]{line}[/]"));
        }

        var warnings = doc.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()).ToList();
        if (warnings.Count > 0) rows.Add(new Markup("[yellow]" + Markup.Escape("WARNINGS: " + string.Join("; ", warnings)) + "[/]"));
        return new Rows(rows);
    }

    /// <summary>The connector's key figures in one line (the full set is on <c>--metrics-port</c>).</summary>
    public static string ConnectorLine(JsonElement metrics)
    {
        long Total(string name) => metrics.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        string Timed(string name, string what)
        {
            if (!metrics.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Object) return $"{what} 0";
            long count = v.GetProperty("count").GetInt64();
            return count == 0 ? $"{what} 0" : $"{what} {count} (mean {v.GetProperty("mean_ms").GetDouble().ToString("0.#", CultureInfo.InvariantCulture)} ms)";
        }
        return $"Connector: {Timed("order_round_trip", "orders acknowledged")}, {Timed("fill_latency", "fills")}, " +
            $"rate-limit waits {Total("rate_limit_waits")}, reconnects {Total("reconnects")}, checksum mismatches {Total("checksum_mismatches")}, " +
            $"book resyncs {Total("book_resyncs")}, events dropped {Total("events_dropped")}, {Timed("journal_commit", "journal commits")}";
    }

    public static IRenderable History(JsonElement doc, bool running, DisplayFormat display)
    {
        var pnl = doc.GetProperty("pnl");
        string pair = Text(doc, "pair") ?? "";
        var parts = pair.Split('-');
        string baseAsset = parts[0], quote = parts.Length > 1 ? parts[1] : "";
        var rows = new List<IRenderable>
        {
            new Markup(Markup.Escape(Header(doc, running))),
            new Markup(Markup.Escape($"Since {Fmt.Time(Time(doc, "started_at"))} UTC, figures at {Fmt.Time(Time(doc, "time"))} UTC")),
        };

        var balances = new Table().AddColumns("Asset", "Start", "Current", "Change");
        AddBalance(balances, display, baseAsset, Money(pnl, "start_base") ?? 0m, Money(pnl, "base") ?? 0m);
        AddBalance(balances, display, quote, Money(pnl, "start_quote") ?? 0m, Money(pnl, "quote") ?? 0m);
        rows.Add(balances.Title("Balances (start and own fills)"));

        var figures = new Table().AddColumns("Figure", "Value");
        figures.AddRow("Trades", $"{pnl.GetProperty("trades").GetInt32()} ({pnl.GetProperty("buys").GetInt32()} buys, {pnl.GetProperty("sells").GetInt32()} sells)");
        figures.AddRow("Volume", $"{display.Asset(baseAsset, Money(pnl, "base_volume"))} {baseAsset} / {display.Asset(quote, Money(pnl, "quote_volume"))} {quote}");
        figures.AddRow("Realized P&L", $"{Fmt.Num(Round(Money(pnl, "realized")))} {quote}");
        figures.AddRow("Unrealized P&L", $"{Fmt.Num(Round(Money(pnl, "unrealized")))} {quote}");
        figures.AddRow("Total P&L", $"{Fmt.Num(Round(Money(pnl, "total")))} {quote}");
        var fees = pnl.GetProperty("fees").EnumerateObject().Select(f => $"{Fmt.Trimmed(decimal.Parse(f.Value.GetString()!, CultureInfo.InvariantCulture))} {f.Name}");
        figures.AddRow("Fees", $"{string.Join(", ", fees.DefaultIfEmpty("0"))} (= {Fmt.Num(Round(Money(pnl, "fees_in_quote")))} {quote}, already in the P&L)");
        figures.AddRow("Return", Percent(Money(pnl, "return")));
        figures.AddRow("Versus holding", $"{Fmt.Num(Round(Money(pnl, "versus_hold")))} {quote}");
        figures.AddRow("Drawdown", Percent(Money(pnl, "drawdown")));
        rows.Add(figures.Title("Performance"));
        return new Rows(rows);
    }

    private static void AddBalance(Table table, DisplayFormat display, string asset, decimal start, decimal current) =>
        table.AddRow(asset, display.Asset(asset, start), display.Asset(asset, current), display.Asset(asset, current - start));

    private static DateTimeOffset? Time(JsonElement doc, string name) =>
        Text(doc, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    private static string Price(DisplayFormat display, string pair, decimal? value) => display.Price(pair, value);

    private static string Amount(DisplayFormat display, string pair, decimal? value) => display.Volume(pair, value);

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 2, MidpointRounding.AwayFromZero) : null;

    private static string Percent(decimal? fraction) =>
        fraction is { } f ? Fmt.Fixed(f * 100m, 2, MidpointRounding.AwayFromZero) + " %" : "-";
}
