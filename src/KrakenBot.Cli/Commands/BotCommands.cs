using System.Text;
using System.Text.Json;
using KrakenBot.Cli.Bots;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Metrics;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading;
using KrakenBot.Strategies.Avellaneda.Config;
using KrakenBot.Strategies.Controllers.Config;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking;
using KrakenBot.Strategies.MarketMaking.Config;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace KrakenBot.Cli.Commands;

/// <summary>
/// The bot: <c>create pmm</c> writes a config by asking each parameter; <c>start --config</c> runs it in the foreground;
/// <c>status</c>, <c>stop</c> and <c>history</c> look at and steer bots of this data directory from any process, without
/// touching the network or the journal the running bot holds (see <see cref="BotFiles"/>).
/// </summary>
internal static partial class BotCommands
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Where <c>create</c> puts configs and where <c>start</c> looks for a bare file name.</summary>
    public static string ConfigDirectory(CliSettings settings) => Path.Combine(settings.DataDirectory, "strategies");

    public static bool AnyBot(CliSettings settings) => BotFiles.All(settings.DataDirectory).Count > 0;

    public static Task<int> CreateAsync(CommandContext ctx, string strategy, string? outPath, CancellationToken ct)
    {
        bool avellaneda = strategy is "avellaneda" or AvellanedaConfigFile.StrategyName;
        if (!avellaneda && strategy is not ("pmm" or PureMarketMakingConfigFile.StrategyName))
            throw CliException.Usage($"Unknown strategy '{strategy}': use 'pmm' (pure market making) or 'avellaneda' (Avellaneda–Stoikov market making).");

        var path = outPath ?? NextConfigPath(ctx.Settings, avellaneda ? "avellaneda" : "pmm");
        if (File.Exists(path)) throw CliException.Usage($"'{path}' already exists: choose another file with --out, or delete it first.");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (avellaneda)
        {
            WriteAvellaneda(ctx.Terminal, path, ct);
        }
        else
        {
            var answers = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var parameter in PureMarketMakingParameters.All)
            {
                ct.ThrowIfCancellationRequested();
                if (!parameter.PromptOnNew && !parameter.IsRequired(answers)) continue;
                answers[parameter.Key] = Ask(ctx.Terminal, parameter);
            }

            try
            {
                PureMarketMakingConfigFile.Write(path, answers);
            }
            catch (ConfigException e)
            {
                throw CliException.Configuration($"The answers make no valid config: {e.Message}");
            }
        }
        // Load it back: what start will see, checked now rather than at start.
        var loaded = LoadConfig(path, null);
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("config", Path.GetFullPath(path));
                w.WriteString("id", loaded.StrategyId);
                w.WriteString("strategy", avellaneda ? AvellanedaConfigFile.StrategyName : PureMarketMakingConfigFile.StrategyName);
                w.WriteEndObject();
            });
        }
        else
        {
            ctx.Terminal.Out.WriteLine($"Config written to {Path.GetFullPath(path)}. Every other parameter has Hummingbot's default; edit the file to change them.");
            ctx.Terminal.Out.WriteLine($"Run it with: krakenbot start --config {path}");
        }
        return Task.FromResult(0);
    }

    private static string Ask(Terminal terminal, StrategyParameter parameter)
    {
        while (true)
        {
            string hint = parameter.DefaultText is { } d ? $" [{d}]" : "";
            string range = parameter.RangeText.Length > 0 ? $" ({parameter.RangeText})" : "";
            var answer = terminal.Prompt($"{parameter.Prompt.TrimEnd(' ', '>')}{range}{hint} >>>", secret: false)
                ?? throw CliException.Usage($"Input ended before '{parameter.Key}' was answered.");
            answer = answer.Trim();
            if (answer.Length == 0 && parameter.DefaultText is { } fallback) answer = fallback;
            if (answer.Length == 0)
            {
                terminal.Notice($"{parameter.Key}: a value is required{(parameter.RangeText.Length > 0 ? $" ({parameter.RangeText})" : "")}.");
                continue;
            }
            if (parameter.Validate(answer) is not { } problem) return answer;
            terminal.Notice(problem);
        }
    }

    // Each question until its answer is one the config reader accepts; the file holds the answers, the rest defaults.
    private static void WriteAvellaneda(Terminal terminal, string path, CancellationToken ct)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in AvellanedaQuestions.All)
        {
            ct.ThrowIfCancellationRequested();
            if (!AvellanedaQuestions.IsAsked(question, answers)) continue;
            while (true)
            {
                string hint = question.Default is { } d ? $" [{d}]" : "";
                var answer = terminal.Prompt($"{question.Prompt}{hint} >>>", secret: false)?.Trim()
                    ?? throw CliException.Usage($"Input ended before '{question.Key}' was answered.");
                if (answer.Length == 0 && question.Default is { } fallback) answer = fallback;
                string? problem = answer.Length == 0 ? $"{question.Key}: a value is required." : AvellanedaQuestions.Problem(question, answer, answers);
                if (problem is null)
                {
                    answers[question.Key] = answer;
                    break;
                }

                terminal.Notice(problem);
            }
        }

        File.WriteAllText(path, AvellanedaQuestions.Yaml(answers));
    }

    private static string NextConfigPath(CliSettings settings, string kind)
    {
        var directory = ConfigDirectory(settings);
        for (int n = 1; ; n++)
        {
            var path = Path.Combine(directory, $"conf_{kind}_{n}.yml");
            if (!File.Exists(path)) return path;
        }
    }

    internal static LoadedStrategy LoadConfig(string path, string? id, string? strategyAssembly = null) =>
        StrategyConfigs.Load(path, id, strategyAssembly: strategyAssembly);

    internal static string ResolveConfig(CliSettings settings, string config)
    {
        if (File.Exists(config)) return config;
        var inConfigs = Path.Combine(ConfigDirectory(settings), config);
        if (File.Exists(inConfigs)) return inConfigs;
        throw CliException.Usage($"The config file '{config}' does not exist (nor under {ConfigDirectory(settings)}). Create one with 'krakenbot create pmm'.");
    }

    public static async Task<int> StartAsync(CommandContext ctx, string config, string? id, bool headless, bool reset, CancellationToken ct,
        DashboardRequest? dashboardRequest = null, string? strategyAssembly = null)
    {
        var path = ResolveConfig(ctx.Settings, config);
        if (StrategyGroupFile.IsFor(File.ReadAllText(path)))
        {
            if (id is not null || strategyAssembly is not null || dashboardRequest is not null)
                throw CliException.Usage("A strategy group runs each member under its file's name: --id, --strategy-assembly and --dashboard do not apply to it.");
            return await StartGroupAsync(ctx, path, reset, ct);
        }

        var loaded = LoadConfig(path, id, strategyAssembly);
        var files = BotFiles.For(ctx.Settings.DataDirectory, loaded.StrategyId);
        using var running = files.TryLock() ?? throw CliException.Usage(
            $"The bot '{loaded.StrategyId}' is already running in another process. Look at it with 'krakenbot status --bot {loaded.StrategyId}', stop it with 'krakenbot stop --bot {loaded.StrategyId}'.");
        files.ClearStopRequest();

        var time = TimeProvider.System;
        using var log = new BotLogFile(files.LogPath, time);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        var logger = loggers.CreateLogger("bot." + loaded.StrategyId);
        // Listening before the exchange starts: the status shows the connector's figures from its first call.
        using var keyMetrics = new KeyMetrics();

        var (exchange, journal) = await OpenExchangeAsync(ctx, loaded.Exchange, loaded.StrategyId, [loaded.StrategyId], ct);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var where = ctx.Settings.UsesEmbeddedSandbox ? $"{exchange.Name} (embedded sandbox)" : exchange.Name;
        var (runner, run) = await StartBotAsync(ctx, new BotStart(loaded, Path.GetFullPath(path), strategyAssembly, files, reset, where, Group: null),
            exchange, journal, http, keyMetrics, time, logger, ct);
        await using var stopsRunner = runner;
        ctx.Terminal.Notice($"Bot '{loaded.StrategyId}' running {loaded.Kind} on {where}, {loaded.Market}. " +
            $"Stop: Ctrl+C or 'krakenbot stop --bot {loaded.StrategyId}'. Log: {files.LogPath}");

        await using var dashboard = dashboardRequest is null ? null
            : await DashboardCommand.StartForBotAsync(ctx, dashboardRequest, exchange, runner, run, loggers, ct);
        StrategySnapshot final;
        if (ctx.Terminal.IsInteractive && !headless && !ctx.Json)
        {
            final = default!;
            await ctx.Terminal.Console.Live(new Text("Starting…")).StartAsync(async live =>
            {
                final = await run.RunAsync(document =>
                {
                    using var doc = JsonDocument.Parse(document);
                    live.UpdateTarget(BotStatusView.Status(doc.RootElement, running: true, DisplayFormat.Exact));
                    live.Refresh();
                }, ct);
            });
        }
        else
        {
            final = await run.RunAsync(null, ct);
        }

        logger.LogInformation("Bot {Bot} ended: {Status} {Reason}", loaded.StrategyId, final.Status, final.Reason);
        if (ctx.Json) ctx.Terminal.Out.WriteLine(Encoding.UTF8.GetString(File.ReadAllBytes(files.StatusPath)).TrimEnd());
        else ctx.Terminal.Notice($"Bot '{loaded.StrategyId}' {BotStatusDocument.StatusName(final.Status)}{(final.Reason is { } r ? ": " + r : "")}.");
        if (final.Status == StrategyStatus.Failed)
        {
            throw new CliException("strategy_failed",
                $"The bot '{loaded.StrategyId}' failed: {final.Reason}. Its orders were cancelled; details in {files.LogPath}.");
        }
        return 0;
    }

    /// <summary>What starts one bot: its loaded config, where the config lives, its files, and where it runs.</summary>
    private sealed record BotStart(LoadedStrategy Bot, string ConfigPath, string? StrategyAssembly, BotFiles Files, bool Reset,
        string Where, string? Group);

    /// <summary>
    /// Starts one bot on an exchange already open (books, stored state, own orders), for <c>start</c> and for each member
    /// of a strategy group alike; a start that fails leaves no runner behind. The caller disposes the runner.
    /// </summary>
    private static async Task<(StrategyRunner Runner, BotRun Run)> StartBotAsync(CommandContext ctx, BotStart start, IExchange exchange,
        TradingJournal journal, HttpClient http, KeyMetrics? metrics, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var bot = start.Bot;
        var driver = new StrategyDriver(exchange, bot.Create(http), bot.HostOptions(start.Reset), new JournalStrategyStateStore(journal), time, logger);
        var runner = new StrategyRunner(driver, time, logger);
        try
        {
            await ctx.BusyAsync($"Starting {bot.StrategyId} (books, stored state, own orders)…", async () =>
            {
                await runner.StartAsync(cancellationToken: ct);
                return 0;
            });
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }

        if (start.Group is null)
            logger.LogInformation("Bot {Bot} started on {Exchange} {Pair} from {Config}", bot.StrategyId, start.Where, bot.Market, start.ConfigPath);
        else
            logger.LogInformation("Bot {Bot} started on {Exchange} {Pair} from {Config}, in group {Group}", bot.StrategyId, start.Where, bot.Market,
                start.ConfigPath, start.Group);
        var run = new BotRun(start.Files, exchange, runner, time, logger, start.ConfigPath)
        {
            Metrics = metrics, Reloader = new ConfigReloader(start.ConfigPath, bot, start.StrategyAssembly, http, time, logger),
        };
        return (runner, run);
    }

    // The exchange a bot trades on (paper or live, as its config says) and the journal its state is kept in.
    /// <summary>
    /// The exchange a bot (or a group of bots in one process) trades on. <paramref name="fleetMember"/> names whose orders
    /// the live connector handles on a journal a fleet shares: the bot's (or the group's) own only; it is recorded as the
    /// member each of <paramref name="botIds"/> runs as.
    /// </summary>
    private static async Task<(IExchange Exchange, TradingJournal Journal)> OpenExchangeAsync(CommandContext ctx, string exchangeName,
        string fleetMember, IReadOnlyList<string> botIds, CancellationToken ct)
    {
        var session = await ctx.SessionAsync(ct);
        if (exchangeName == ConnectorNames.KrakenPaperTrade)
        {
            var paper = await ctx.BusyAsync("Starting paper trading…", () => session.PaperAsync(PaperCommands.DefaultStartingBalances(), ct));
            return (paper, await session.JournalAsync(ct));
        }

        session.RequireCredentials();
        session.FleetMember = fleetMember;
        var live = await ctx.BusyAsync("Connecting to the exchange…", () => session.LiveAsync(ct));
        var journal = live.Journal ?? throw new InvalidOperationException("The live connector runs without a journal.");
        await BotFleetMember.RecordAsync(journal, botIds, fleetMember, ct); // 'fleet' commands find the bots' orders under this name
        return (live, journal);
    }

    public static async Task<int> StopAsync(CommandContext ctx, string? id, bool keepOrders, CancellationToken ct)
    {
        var bots = BotFiles.Select(ctx.Settings.DataDirectory, id);
        if (bots.Count == 0) throw CliException.Usage("No bot has run in this data directory: nothing to stop.");
        var results = new List<(BotFiles Bot, string Outcome)>();
        foreach (var bot in bots)
        {
            if (bot.IsRunning())
            {
                bot.RequestStop(keepOrders);
                var deadline = DateTimeOffset.UtcNow + StopTimeout;
                while (bot.IsRunning())
                {
                    if (DateTimeOffset.UtcNow > deadline)
                        throw new CliException("outcome_unknown", $"The bot '{bot.Id}' was asked to stop {StopTimeout.TotalSeconds:0} s ago and still runs. Look at it with 'krakenbot status --bot {bot.Id}'; Ctrl+C in its terminal (or SIGTERM) stops it too.");
                    await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
                }
                results.Add((bot, keepOrders ? "stopped, orders kept" : "stopped, orders cancelled"));
            }
            else if (id is not null)
            {
                // Not running (ended by kill -9, a crash or a reboot): its orders may still rest. Cancel them here.
                results.Add((bot, keepOrders ? "was not running; orders kept" : "was not running; " + Describe(await CancelBotOrdersAsync(ctx, bot, ct))));
            }
        }

        if (results.Count == 0) throw CliException.Usage("No bot is running in this data directory. Name one with --bot ID to cancel the orders of a bot that ended without stopping.");
        if (ctx.Json)
        {
            ctx.Terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("bots");
                foreach (var (bot, outcome) in results)
                {
                    w.WriteStartObject();
                    w.WriteString("id", bot.Id);
                    w.WriteString("outcome", outcome);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            foreach (var (bot, outcome) in results) ctx.Terminal.Out.WriteLine($"Bot '{bot.Id}': {outcome}.");
        }
        return 0;
    }

    /// <summary>"2 order(s) cancelled", and how many were never placed when any.</summary>
    internal static string Describe(BotOrdersCancelled outcome) =>
        $"{outcome.Cancelled} order(s) cancelled" + (outcome.NeverPlaced > 0 ? $", {outcome.NeverPlaced} never placed (Kraken never received them)" : "");

    private static async Task<BotOrdersCancelled> CancelBotOrdersAsync(CommandContext ctx, BotFiles bot, CancellationToken ct)
    {
        // The bot's own exchange (from its last status), not this command's --connector: a paper bot's orders are in the
        // paper account, a live bot's on Kraken.
        // On a journal a fleet shares: the bot's orders, under the name it ran as (its own, or its strategy group's).
        (await ctx.SessionAsync(ct)).FleetMember = await RunsAsAsync(ctx, bot.Id, ct);
        var exchange = BotExchange(bot) == ConnectorNames.KrakenPaperTrade
            ? await (await ctx.SessionAsync(ct)).PaperAsync(PaperCommands.DefaultStartingBalances(), ct)
            : await ExchangeTradingCommands.LiveExchangeAsync(ctx, ct);
        return await BotOrderCancellation.CancelAsync(exchange, bot.Id, ctx.Terminal.Error.WriteLine, TimeProvider.System, ct);
    }

    private static async Task<string> RunsAsAsync(CommandContext ctx, string id, CancellationToken ct)
    {
        if (ctx.Settings.Journal is not { } shared) return id; // this data directory's own journal: no fleet
        await using var journal = await TradingJournal.OpenAsync(new TradingJournalOptions { Path = shared, ReadOnly = true }, ct);
        return await BotFleetMember.ReadAsync(journal, id, ct);
    }

    private static string? BotExchange(BotFiles bot)
    {
        if (bot.ReadStatus() is not { } text) return null;
        using var status = JsonDocument.Parse(text);
        return status.RootElement.TryGetProperty("exchange", out var exchange) ? exchange.GetString() : null;
    }

    public static Task<int> StatusAsync(CommandContext ctx, string? id) => ShowAsync(ctx, id, BotStatusView.Status);

    public static Task<int> HistoryAsync(CommandContext ctx, string? id) => ShowAsync(ctx, id, BotStatusView.History);

    private static Task<int> ShowAsync(CommandContext ctx, string? id, Func<JsonElement, bool, DisplayFormat, Spectre.Console.Rendering.IRenderable> view)
    {
        var bots = BotFiles.Select(ctx.Settings.DataDirectory, id);
        var documents = new List<(bool Running, JsonDocument Doc)>();
        try
        {
            foreach (var bot in bots)
            {
                if (bot.ReadStatus() is { } text) documents.Add((bot.IsRunning(), JsonDocument.Parse(text)));
            }

            if (ctx.Json)
            {
                ctx.Terminal.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("bots");
                    foreach (var (running, doc) in documents)
                    {
                        w.WriteStartObject();
                        w.WriteBoolean("running", running);
                        foreach (var property in doc.RootElement.EnumerateObject()) property.WriteTo(w);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return Task.FromResult(0);
            }

            foreach (var (running, doc) in documents)
            {
                ctx.Terminal.Console.Write(view(doc.RootElement, running, DisplayFormat.Exact));
                ctx.Terminal.Console.WriteLine();
            }
            return Task.FromResult(0);
        }
        finally
        {
            foreach (var (_, doc) in documents) doc.Dispose();
        }
    }
}
