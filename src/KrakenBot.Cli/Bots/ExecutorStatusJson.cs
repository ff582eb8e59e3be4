using System.Globalization;
using System.Text.Json;
using KrakenBot.Cli.Output;
using KrakenBot.Strategies.Executors;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace KrakenBot.Cli.Bots;

/// <summary>An executor in a bot's status: the <c>executor</c> block of <c>status.json</c> and a one-line summary.</summary>
internal static class ExecutorStatusJson
{
    /// <summary>A controller's executors: the <c>executors</c> array, each as <see cref="Write"/> writes one.</summary>
    public static void WriteAll(Utf8JsonWriter w, IReadOnlyList<ExecutorReport> reports)
    {
        w.WriteStartArray("executors");
        foreach (var r in reports)
        {
            w.WriteStartObject();
            WriteFields(w, r);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void Write(Utf8JsonWriter w, ExecutorReport r)
    {
        w.WriteStartObject("executor");
        WriteFields(w, r);
        w.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter w, ExecutorReport r)
    {
        w.WriteString("id", r.Id);
        w.WriteString("type", r.Type);
        w.WriteString("side", r.Side.ToString().ToLowerInvariant());
        w.WriteString("status", r.Status.ToString().ToLowerInvariant());
        if (r.CloseType is { } close) w.WriteString("close_type", close.ToName());
        else w.WriteNull("close_type");
        if (r.CloseReason is null) w.WriteNull("close_reason");
        else w.WriteString("close_reason", r.CloseReason);
        w.Money("position", r.Position);
        if (r.AverageEntryPrice is { } entry) w.Money("average_entry_price", entry);
        else w.WriteNull("average_entry_price");
        w.Money("filled_amount_quote", r.FilledAmountQuote);
        w.Money("cum_fees_quote", r.CumFeesQuote);
        w.Money("net_pnl_quote", r.NetPnlQuote);
        w.Money("net_pnl_pct", r.NetPnlPct * 100m);
        w.WriteStartArray("info");
        foreach (string line in r.Info) w.WriteStringValue(line);
        w.WriteEndArray();
    }

    public static string Summary(ExecutorReport r) => string.Create(CultureInfo.InvariantCulture,
        $"Executor {r.Id} ({r.Type}): {r.Status.ToString().ToLowerInvariant()}{(r.CloseType is { } c ? $", {c.ToName()}" : "")}" +
        $"{(r.CloseReason is { } why ? $" ({why})" : "")}; net P&L {decimal.Round(r.NetPnlQuote, 8)} {r.Pair.Quote} after {decimal.Round(r.CumFeesQuote, 8)} fees; position {r.Position} {r.Pair.Base}");

    /// <summary>The <c>executor</c> block (or a controller's <c>executors</c>) of <c>status.json</c> as lines for <c>status</c>; nothing when there is none.</summary>
    public static IEnumerable<IRenderable> Render(JsonElement doc)
    {
        if (doc.TryGetProperty("executor", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            foreach (var line in Lines(e)) yield return line;
        }

        if (doc.TryGetProperty("executors", out var all) && all.ValueKind == JsonValueKind.Array)
        {
            foreach (var executor in all.EnumerateArray())
            {
                foreach (var line in Lines(executor)) yield return line;
            }
        }
    }

    private static IEnumerable<IRenderable> Lines(JsonElement e)
    {
        string? close = e.GetProperty("close_type").GetString();
        string? reason = e.GetProperty("close_reason").GetString();
        yield return new Markup(Markup.Escape(
            $"Executor {e.GetProperty("id").GetString()} ({e.GetProperty("type").GetString()}): {e.GetProperty("status").GetString()}" +
            (close is null ? "" : $", {close}") + (reason is null ? "" : $" ({reason})") +
            $"; net P&L {e.GetProperty("net_pnl_quote").GetString()} ({e.GetProperty("net_pnl_pct").GetString()} %), fees {e.GetProperty("cum_fees_quote").GetString()}, " +
            $"position {e.GetProperty("position").GetString()}"));
        foreach (var line in e.GetProperty("info").EnumerateArray())
            yield return new Markup(Markup.Escape("  " + line.GetString()));
    }
}
