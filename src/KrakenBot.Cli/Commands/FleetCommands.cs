using System.CommandLine;
using KrakenBot.Cli.Bots;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Storage;
using KrakenBot.Strategies.State;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// <c>krakenbot fleet status</c>: every bot that keeps its state in the journal (with <c>--journal postgres://…</c>, the
/// one a fleet on an account shares, whichever machine each bot runs on): id, kind, pair, status, open orders and P&amp;L,
/// as each bot last saved them.
/// </summary>
internal static class FleetCommands
{
    public static void Add(CliApp app, Action<Command, Func<ParseResult, CommandContext, CancellationToken, Task<int>>> add)
    {
        var fleet = new Command("fleet", "The bots that share this journal (--journal postgres://… for a fleet on one account).");
        var status = new Command("status", "Every bot in the journal: id, kind, pair, status, open orders and P&L as it last saved them.");
        status.SetAction((r, ct) => app.ExecuteAsync(r, (ctx, t) => StatusAsync(ctx, t), ct));
        fleet.Subcommands.Add(status);
        add(fleet, (_, _, _) => throw CliException.Usage("Use 'fleet status'."));
    }

    public static async Task<int> StatusAsync(CommandContext ctx, CancellationToken ct)
    {
        string path = ctx.Settings.Journal ?? Path.Combine(ctx.Settings.DataDirectory, "journal.db");
        if (ctx.Settings.Journal is null && !File.Exists(path))
        {
            throw CliException.Configuration($"No journal at {path}: no bot has run with this data directory. Give the fleet's journal with " +
                "--journal postgres://user@host:5432/database (or KRAKENBOT_JOURNAL).");
        }

        IReadOnlyList<StoredStrategy> bots;
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path, ReadOnly = true }, ct))
        {
            bots = await StoredStrategy.ReadAllAsync(new JournalStrategyStateStore(journal), ct);
        }

        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("bots");
                foreach (var bot in bots)
                {
                    w.WriteStartObject();
                    w.WriteString("id", bot.StrategyId);
                    w.WriteString("kind", bot.Run?.Kind);
                    w.WriteString("exchange", bot.Run?.Exchange);
                    w.WriteString("pair", bot.Run?.Pair);
                    w.WriteString("status", bot.Run is { } run ? BotStatusDocument.StatusName(run.Status) : null);
                    w.WriteString("reason", bot.Run?.Reason);
                    w.Time("started_at", bot.Run?.StartedAt);
                    w.Time("stopped_at", bot.Run?.StoppedAt);
                    w.WriteStartArray("open_orders");
                    foreach (var order in bot.OpenOrders) w.WriteStringValue(order.ClientOrderId);
                    w.WriteEndArray();
                    w.Time("orders_saved_at", bot.OrdersSavedAt);
                    if (bot.Pnl is { } pnl)
                    {
                        w.WriteStartObject("pnl");
                        w.Money("realized", pnl.Realized);
                        w.Money("fees_in_quote", pnl.FeesInQuote);
                        w.WriteNumber("trades", pnl.Trades);
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WriteNull("pnl");
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
            return 0;
        }

        if (bots.Count == 0)
        {
            ctx.Terminal.Console.MarkupLine($"No bot has saved its state in {Markup.Escape(JournalName(path))} yet.");
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("Fleet")
            .AddColumns("Bot", "Kind", "Pair", "Status", "Open orders", "Realized P&L", "Fees", "Trades", "Saved (UTC)");
        foreach (var bot in bots)
        {
            table.AddRow(Markup.Escape(bot.StrategyId), Markup.Escape(bot.Run?.Kind ?? "-"), Markup.Escape(bot.Run?.Pair ?? "-"),
                bot.Run is { } run ? BotStatusDocument.StatusName(run.Status) : "-", bot.OpenOrders.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
                bot.Pnl?.Realized.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                bot.Pnl?.FeesInQuote.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                bot.Pnl?.Trades.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                bot.OrdersSavedAt is { } saved ? Fmt.Time(saved) : "-");
        }
        ctx.Terminal.Console.Write(table);
        return 0;
    }

    // Never the password of a connection string.
    private static string JournalName(string path) =>
        path.Contains("://", StringComparison.Ordinal) || path.Contains("Host=", StringComparison.OrdinalIgnoreCase) ? "the PostgreSQL journal" : path;
}
