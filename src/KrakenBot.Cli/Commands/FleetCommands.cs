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
/// as each bot last saved them, and whether its process still runs. <c>krakenbot fleet cancel --bot ID</c>: the orders
/// of a bot that ended without stopping (kill -9, a crash, a lost machine) cancelled from any machine; no bot ever
/// touches another's orders by itself. To take a bot over instead, start it again (same id) on any machine.
/// </summary>
internal static class FleetCommands
{
    public static void Add(CliApp app, Action<Command, Func<ParseResult, CommandContext, CancellationToken, Task<int>>> add)
    {
        var fleet = new Command("fleet", "The bots that share this journal (--journal postgres://… for a fleet on one account).");
        var status = new Command("status", "Every bot in the journal: id, kind, pair, status, open orders and P&L as it last saved them.");
        status.SetAction((r, ct) => app.ExecuteAsync(r, (ctx, t) => StatusAsync(ctx, t), ct));
        fleet.Subcommands.Add(status);
        var bot = new Option<string>("--bot") { Description = "The bot whose orders to cancel (its id).", Required = true };
        var cancel = new Command("cancel", "Cancel the orders of a bot that ended without stopping (refused while it runs). To take it over instead, start it again with the same id.") { bot };
        cancel.SetAction((r, ct) => app.ExecuteAsync(r, (ctx, t) => CancelAsync(ctx, r.GetValue(bot)!, t), ct));
        fleet.Subcommands.Add(cancel);
        add(fleet, (_, _, _) => throw CliException.Usage("Use 'fleet status' or 'fleet cancel --bot ID'."));
    }

    public static async Task<int> CancelAsync(CommandContext ctx, string id, CancellationToken ct)
    {
        string journalPath = ctx.Settings.Journal ?? throw CliException.Usage(
            "'fleet cancel' works on the journal a fleet shares: give it with --journal postgres://… (or KRAKENBOT_JOURNAL). " +
            $"For a bot of this data directory, 'krakenbot stop --bot {id}' cancels its orders.");
        string runsAs;
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = journalPath, ReadOnly = true }, ct))
        {
            var bots = await StoredStrategy.ReadAllAsync(new JournalStrategyStateStore(journal), ct);
            if (bots.All(b => b.StrategyId != id))
                throw CliException.Usage($"No bot '{id}' in {JournalName(journalPath)}: 'krakenbot fleet status' lists the bots there.");
            // A bot of a strategy group runs as the group: its orders are under the group's name, and the group's process
            // is the one that must be gone.
            runsAs = await BotFleetMember.ReadAsync(journal, id, ct);
            if (await journal.IsFleetMemberRunningAsync(runsAs, ct) is true)
            {
                throw CliException.Usage(runsAs == id
                    ? $"The bot '{id}' is running (its process holds its place in the journal): stop it with 'krakenbot stop --bot {id}' where it runs."
                    : $"The bot '{id}' is running in the strategy group '{runsAs}' (the group's process holds its place in the journal): " +
                      $"stop it with 'krakenbot stop --bot {id}' where the group runs.");
            }
        }

        // The connector runs as the bot, or its group (the place taken, so neither can start meanwhile), and so knows
        // exactly their orders; only the bot's own (by its tag) are cancelled.
        var session = await ctx.SessionAsync(ct);
        session.FleetMember = runsAs;
        var exchange = await ExchangeTradingCommands.LiveExchangeAsync(ctx, ct);
        var outcome = await BotOrderCancellation.CancelAsync(exchange, id, ctx.Terminal.Error.WriteLine, TimeProvider.System, ct);
        var live = await session.LiveAsync(ct);
        await StoredStrategy.RecordEndedAsync(new JournalStrategyStateStore(live.Journal!), id,
            $"ended without stopping; {BotCommands.Describe(outcome)} by 'krakenbot fleet cancel'", DateTimeOffset.UtcNow, ct);
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteNumber("cancelled", outcome.Cancelled);
                w.WriteNumber("never_placed", outcome.NeverPlaced);
                w.WriteEndObject();
            });
        }
        else
        {
            ctx.Terminal.Out.WriteLine($"Bot '{id}': {BotCommands.Describe(outcome)}.");
        }

        return 0;
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
        var alive = new Dictionary<string, bool?>(StringComparer.Ordinal);
        await using (var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = path, ReadOnly = true }, ct))
        {
            bots = await StoredStrategy.ReadAllAsync(new JournalStrategyStateStore(journal), ct);
            foreach (var bot in bots)
                alive[bot.StrategyId] = await journal.IsFleetMemberRunningAsync(await BotFleetMember.ReadAsync(journal, bot.StrategyId, ct), ct);
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
                    // Whether its process runs now (PostgreSQL journal only): a bot saved as running whose process is
                    // gone ended without stopping, and its orders wait for 'fleet cancel' or a restart.
                    if (alive[bot.StrategyId] is { } running) w.WriteBoolean("process_running", running);
                    else w.WriteNull("process_running");
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
            .AddColumns("Bot", "Kind", "Pair", "Status", "Process", "Open orders", "Realized P&L", "Fees", "Trades", "Saved (UTC)");
        foreach (var bot in bots)
        {
            table.AddRow(Markup.Escape(bot.StrategyId), Markup.Escape(bot.Run?.Kind ?? "-"), Markup.Escape(bot.Run?.Pair ?? "-"),
                bot.Run is { } run ? BotStatusDocument.StatusName(run.Status) : "-",
                alive[bot.StrategyId] switch { true => "running", false => "gone", null => "-" }, bot.OpenOrders.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
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
