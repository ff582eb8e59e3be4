using System.Globalization;
using System.Text.Json;
using KrakenBot.Cli.Output;
using KrakenBot.Strategies.Arbitrage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace KrakenBot.Cli.Bots;

/// <summary>Triangular arbitrage in a bot's status: the <c>arbitrage</c> block of <c>status.json</c> and its table.</summary>
internal static class ArbitrageStatusJson
{
    public static void Write(Utf8JsonWriter w, TriangularArbitrageStatus s)
    {
        w.WriteStartObject("arbitrage");
        w.WriteString("start_asset", s.StartAsset);
        var t = s.Tally;
        w.WriteNumber("found", t.Found);
        w.WriteNumber("fired", t.Fired);
        w.WriteNumber("captured", t.Captured);
        w.WriteNumber("unwound", t.Unwound);
        w.WriteNumber("missed", t.Missed);
        w.WriteNumber("stuck", t.Stuck);
        w.Money("expected_edge", t.ExpectedEdge);
        w.Money("realized_edge", t.RealizedEdge);
        if (s.Active is null) w.WriteNull("active");
        else w.WriteString("active", s.Active);
        w.WriteStartArray("quotes");
        foreach (var q in s.Quotes)
        {
            w.WriteStartObject();
            w.WriteString("route", q.Route);
            w.Money("edge", q.Edge);
            w.Money("edge_bps", decimal.Round(q.EdgeBps, 2));
            if (q.Problem is null) w.WriteNull("problem");
            else w.WriteString("problem", q.Problem);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("cycles");
        foreach (var c in s.Recent)
        {
            w.WriteStartObject();
            w.WriteNumber("number", c.Number);
            w.WriteString("route", c.Route);
            w.WriteString("outcome", c.Outcome.ToString().ToLowerInvariant());
            w.Time("started_at", c.StartedAt);
            w.Money("expected_edge", c.ExpectedEdge);
            w.Money("expected_edge_bps", decimal.Round(c.ExpectedEdgeBps, 2));
            w.Money("realized_edge", c.RealizedEdge);
            w.Money("realized_edge_bps", c.RealizedEdgeBps is { } bps ? decimal.Round(bps, 2) : null);
            w.WriteStartArray("notes");
            foreach (var note in c.Notes) w.WriteStringValue(note);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One line: the tally and the edges, e.g. at the end of a backtest.</summary>
    public static string Summary(TriangularArbitrageStatus s)
    {
        var t = s.Tally;
        return $"Cycles: found {t.Found}, fired {t.Fired}, captured {t.Captured}, unwound {t.Unwound}, missed {t.Missed}, stuck {t.Stuck}; " +
            $"edge expected {Fmt.Fixed(t.ExpectedEdge, 4, MidpointRounding.AwayFromZero)} {s.StartAsset}, realized {Fmt.Fixed(t.RealizedEdge, 4, MidpointRounding.AwayFromZero)} {s.StartAsset}";
    }

    /// <summary>The lines <c>status</c> shows for the block, or none when the document has no arbitrage.</summary>
    public static IEnumerable<IRenderable> Render(JsonElement doc)
    {
        if (!doc.TryGetProperty("arbitrage", out var a) || a.ValueKind != JsonValueKind.Object) yield break;
        string asset = a.GetProperty("start_asset").GetString() ?? "";
        yield return new Markup(Markup.Escape(
            $"Cycles: found {a.GetProperty("found").GetInt32()}, fired {a.GetProperty("fired").GetInt32()}, captured {a.GetProperty("captured").GetInt32()}, " +
            $"unwound {a.GetProperty("unwound").GetInt32()}, missed {a.GetProperty("missed").GetInt32()}, stuck {a.GetProperty("stuck").GetInt32()}; " +
            $"edge expected {Edge(a, "expected_edge")} {asset}, realized {Edge(a, "realized_edge")} {asset}" +
            (a.GetProperty("active").GetString() is { } active ? $"; now {active}" : "")));
        var quotes = new Table().AddColumns("Route", $"Edge ({asset})", "Edge (bps)", "Problem").Title("Cycles on the books now");
        foreach (var q in a.GetProperty("quotes").EnumerateArray())
            quotes.AddRow(Markup.Escape(q.GetProperty("route").GetString() ?? ""), Edge(q, "edge"), q.GetProperty("edge_bps").GetString() ?? "",
                Markup.Escape(q.GetProperty("problem").GetString() ?? ""));
        yield return quotes;
        var cycles = new Table().AddColumns("#", "Route", "Outcome", $"Expected ({asset})", "bps", $"Realized ({asset})", "bps").Title("Last cycles");
        foreach (var c in a.GetProperty("cycles").EnumerateArray())
            cycles.AddRow(c.GetProperty("number").GetInt32().ToString(CultureInfo.InvariantCulture), Markup.Escape(c.GetProperty("route").GetString() ?? ""),
                c.GetProperty("outcome").GetString() ?? "", Edge(c, "expected_edge"), c.GetProperty("expected_edge_bps").GetString() ?? "",
                Edge(c, "realized_edge"), c.GetProperty("realized_edge_bps").GetString() ?? "-");
        yield return cycles;
    }

    private static string Edge(JsonElement e, string name) =>
        decimal.TryParse(e.GetProperty(name).GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
            ? Fmt.Fixed(v, 4, MidpointRounding.AwayFromZero) : "-";
}
