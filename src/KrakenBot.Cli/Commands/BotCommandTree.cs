using System.CommandLine;
using KrakenBot.Cli.Hosting;

namespace KrakenBot.Cli.Commands;

/// <summary>The bot's commands: create, start, stop (status and history are shared with the account views).</summary>
internal static class BotCommandTree
{
    public static void Add(Action<Command, Func<ParseResult, CommandContext, CancellationToken, Task<int>>> add)
    {
        var strategy = new Argument<string>("strategy") { Description = "pmm (pure market making) or avellaneda (Avellaneda–Stoikov market making)." };
        var outPath = new Option<string?>("--out") { Description = "Where to write the config (default DATA_DIR/strategies/conf_pmm_N.yml or conf_avellaneda_N.yml)." };
        add(new Command("create", "Write a strategy config by answering its parameters (defaults and ranges shown).") { strategy, outPath },
            (r, ctx, ct) => BotCommands.CreateAsync(ctx, r.GetValue(strategy)!, r.GetValue(outPath), ct));

        var config = new Option<string>("--config", "-c") { Description = "The strategy config (a path, or a file name under DATA_DIR/strategies).", Required = true };
        var id = new Option<string?>("--id") { Description = "The bot's id (names its state and tags its orders); default: the config file's name." };
        var headless = new Option<bool>("--headless") { Description = "No live panel and no prompts (services): password from KRAKENBOT_PASSWORD, log in DATA_DIR/bots/ID/bot.log, non-zero exit on a fatal error." };
        var reset = new Option<bool>("--reset") { Description = "Start a fresh run: forget the stored P&L, start balances and strategy state of this id." };
        var dashboard = DashboardCommand.AddressOption();
        var dashboardControls = DashboardCommand.ControlsOption();
        var strategyAssembly = new Option<string?>("--strategy-assembly")
        {
            Description = "Your own compiled strategy (.dll from its build output): the config's 'strategy:' names its class, its other keys set the class's settings.",
        };
        add(new Command("start", "Run a strategy in the foreground until Ctrl+C, 'krakenbot stop' or its kill switch.") { config, id, headless, reset, dashboard, dashboardControls, strategyAssembly },
            (r, ctx, ct) => BotCommands.StartAsync(ctx, r.GetValue(config)!, r.GetValue(id), r.GetValue(headless), r.GetValue(reset), ct,
                DashboardCommand.Request(r, dashboard, dashboardControls), r.GetValue(strategyAssembly)));

        DashboardCommand.Add(add);

        var stopBot = new Option<string?>("--bot") { Description = "The bot to stop (default: every running bot of this data directory)." };
        var keepOrders = new Option<bool>("--keep-orders") { Description = "Leave the bot's orders on the book." };
        add(new Command("stop", "Stop a running bot (its orders cancelled unless --keep-orders); with --bot, also cancels the orders of a bot that ended without stopping.") { stopBot, keepOrders },
            (r, ctx, ct) => BotCommands.StopAsync(ctx, r.GetValue(stopBot), r.GetValue(keepOrders), ct));
    }
}
