using System.Globalization;
using System.Text.Json;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Trading;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>krakenbot demo</c>: the whole client offline in under a minute. Starts the embedded sandbox with market activity
/// on a free loopback port, points the Kraken connector at it exactly as at live Kraken (URLs and a key), then runs
/// the real commands: status, live book, a limit order placed and cancelled, a market order filled, balances,
/// history, and a paper-trading round. State goes to a fresh <c>DATA_DIR/demo</c>.
/// </summary>
internal static class DemoCommand
{
    private const string Pair = "BTC-USD";
    private const decimal Amount = 0.01m;

    public static async Task<int> RunAsync(CommandContext ctx, int bookUpdates, CancellationToken ct)
    {
        var demoDir = Path.Combine(ctx.Settings.DataDirectory, "demo");
        if (Directory.Exists(demoDir)) Directory.Delete(demoDir, recursive: true);
        var steps = new List<(string Name, JsonElement? Result, string? Note)>();

        await using var sandbox = await ConnectorSession.StartEmbeddedSandboxAsync(demoDir, marketActivity: true, port: 0, ct);
        var outer = ctx.Settings.Environment;
        var settings = ctx.Settings with
        {
            Connector = ConnectorKind.Kraken,
            RestUrl = sandbox.RestUri,
            WsUrl = sandbox.WebSocketUri,
            WsAuthUrl = sandbox.WebSocketAuthUri,
            DataDirectory = demoDir,
            // The sandbox account's key, handed over the same way a script hands over a live key.
            Environment = name => name switch
            {
                CliSettings.ApiKeyVariable => SandboxDefaults.ApiKey,
                CliSettings.ApiSecretVariable => SandboxDefaults.ApiSecret,
                _ => outer(name),
            },
        };
        await using var session = await ConnectorSession.OpenAsync(settings, ctx.Terminal, ct);

        // Each step runs the real command handler; in JSON mode its document is collected into one result.
        async Task<JsonElement> Capture(Func<CommandContext, Task<int>> handler, ConnectorKind connector = ConnectorKind.Kraken)
        {
            var buffer = new StringWriter(CultureInfo.InvariantCulture);
            var quiet = new Terminal(buffer, ctx.Terminal.Error, TextReader.Null, stdinIsTerminal: false, stdoutIsTerminal: false);
            await handler(new CommandContext(quiet, settings with { Format = OutputFormat.Json, Connector = connector }, _ => Task.FromResult(session)));
            // One document, or JSON Lines (book --watch): a list of documents.
            var lines = buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var text = lines.Length > 1 && lines.All(l => l.StartsWith('{') && l.EndsWith('}')) ? "[" + string.Join(",", lines) + "]" : buffer.ToString();
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        async Task Step(string title, Func<CommandContext, Task<int>> handler, string? note = null, ConnectorKind connector = ConnectorKind.Kraken)
        {
            if (ctx.Json)
            {
                steps.Add((title, await Capture(handler, connector), note));
                return;
            }
            ctx.Terminal.Console.Write(new Rule($"[bold]{Markup.Escape(title)}[/]").LeftJustified());
            await handler(new CommandContext(ctx.Terminal, settings with { Format = OutputFormat.Table, Connector = connector }, _ => Task.FromResult(session)));
            if (note is not null) ctx.Terminal.Console.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        }

        await Step($"Sandbox running at {sandbox.RestUri.GetLeftPart(UriPartial.Authority)}; Kraken connector pointed at it", c => MarketCommands.StatusAsync(c, ct));
        await Step($"Live {Pair} order book", c => MarketCommands.BookAsync(c, Pair, 5, watch: true, updates: bookUpdates, ct),
            "The live WebSocket book (checksum-verified), redrawn in place every second on a terminal.");

        var market = await session.PairAsync(Pair, ct);
        var depth = await session.Public.GetDepthAsync(market.Id, 1, ct);
        if (depth.Bids.Count == 0) throw new CliException("service_unavailable", $"The sandbox {Pair} book has no bids to price the demo order from.");
        var bestBid = depth.Bids[0].Price;
        var restingPrice = market.Rule.QuantizePrice(bestBid * 0.95m, RoundingDirection.Down);
        var limit = await Capture(c => TradingCommands.PlaceAsync(c, OrderSide.Buy, Pair, Fmt.Num(Amount), Fmt.Num(restingPrice), "limit", "gtc", null, ct));
        var limitId = limit.GetProperty("order_id").GetString()!;
        if (ctx.Json) steps.Add(($"Limit buy {Amount} {Pair} @ {restingPrice} (5% under the bid): resting", limit, null));
        else ctx.Terminal.Console.Write(new Rule($"[bold]Limit buy {Amount} {Pair} @ {restingPrice} placed: order {limitId}[/]").LeftJustified());
        await Step("Open orders", c => AccountCommands.OrdersAsync(c, ct));
        await Step($"Cancel {limitId}", c => TradingCommands.CancelAsync(c, limitId, ct));
        await Step($"Market buy {Amount} {Pair}: fills against the book", c => TradingCommands.PlaceAsync(c, OrderSide.Buy, Pair, Fmt.Num(Amount), null, "market", "gtc", null, ct));
        await Step("Balances", c => AccountCommands.BalanceAsync(c, ct));
        await Step("History", c => AccountCommands.HistoryAsync(c, 10, ct));
        // Paper trading: the connector's PaperExchange, simulating fills against the same (sandbox) market data.
        const ConnectorKind paper = ConnectorKind.KrakenPaperTrade;
        await Step("Paper trading (kraken_paper_trade): a fresh paper account", c => PaperCommands.InitAsync(c, ["USD=10000", "BTC=1"], reset: true, ct), connector: paper);
        await Step($"Paper market buy {Amount} {Pair}: filled by walking the live book", c => TradingCommands.PlaceAsync(c, OrderSide.Buy, Pair, Fmt.Num(Amount), null, "market", "gtc", null, ct), connector: paper);
        await Step("Paper balances", c => AccountCommands.BalanceAsync(c, ct), connector: paper);

        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("demo", "ok");
                w.WriteString("sandbox", sandbox.RestUri.GetLeftPart(UriPartial.Authority));
                w.WriteStartArray("steps");
                foreach (var (name, result, note) in steps)
                {
                    w.WriteStartObject();
                    w.WriteString("step", name);
                    if (result is { } r) { w.WritePropertyName("result"); r.WriteTo(w); }
                    if (note is not null) w.WriteString("note", note);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            ctx.Terminal.Console.MarkupLine("[green]Demo finished.[/] Everything above ran against the embedded sandbox on 127.0.0.1; nothing left this machine.");
        }
        return 0;
    }
}
