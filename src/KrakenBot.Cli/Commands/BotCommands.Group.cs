using System.Text;
using KrakenBot.Cli.Bots;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Strategies.Controllers.Config;
using KrakenBot.Strategies.Hosting;
using KrakenBot.Strategies.MarketMaking.Config;
using KrakenBot.Strategies.State;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Cli.Commands;

// krakenbot start with a strategy group: several bots in one process on one exchange connection, one drawdown stop.
internal static partial class BotCommands
{
    private static async Task<int> StartGroupAsync(CommandContext ctx, string path, bool reset, CancellationToken ct)
    {
        LoadedStrategyGroup group;
        try
        {
            group = StrategyGroupFile.Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (ConfigException e)
        {
            throw CliException.Configuration($"{path}: {e.Message}");
        }

        var members = group.Members.Select(member => LoadConfig(member, null)).ToList();
        if (members.FirstOrDefault(m => m.Exchange != group.Exchange) is { } other)
            throw CliException.Configuration($"{path}: strategies: {other.StrategyId} runs on {other.Exchange}, the group on {group.Exchange}: give them one exchange.");

        var disposables = new Stack<IDisposable>();
        var runners = new List<StrategyRunner>();
        var locks = new List<IDisposable>(); // each released when its member ends: 'stop' waits for that
        try
        {
            var files = new List<BotFiles>();
            foreach (var member in members)
            {
                var memberFiles = BotFiles.For(ctx.Settings.DataDirectory, member.StrategyId);
                locks.Add(memberFiles.TryLock() ?? throw CliException.Usage(
                    $"The bot '{member.StrategyId}' is already running in another process. Stop it with 'krakenbot stop --bot {member.StrategyId}' first."));
                memberFiles.ClearStopRequest();
                files.Add(memberFiles);
            }

            var time = TimeProvider.System;
            var logs = files.Select(f => new BotLogFile(f.LogPath, time)).ToList();
            logs.ForEach(disposables.Push);
            // The group's own messages go to every member's log; each member's to its own.
            var groupLoggers = LoggerFactory.Create(b => { foreach (var log in logs) b.AddProvider(log); b.SetMinimumLevel(LogLevel.Information); });
            disposables.Push(groupLoggers);
            var groupLogger = groupLoggers.CreateLogger("group." + Path.GetFileNameWithoutExtension(path));

            // One connection for the group: on a journal a fleet shares, its members' orders are the group's (by its name).
            var (exchange, journal) = await OpenExchangeAsync(ctx, group.Exchange, Path.GetFileNameWithoutExtension(path),
                members.Select(m => m.StrategyId).ToList(), ct);
            var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            disposables.Push(http);
            var running = new List<(StrategyRunner Runner, BotRun Run)>();
            for (int i = 0; i < members.Count; i++)
            {
                var member = members[i];
                var loggers = LoggerFactory.Create(b => b.AddProvider(logs[i]).SetMinimumLevel(LogLevel.Information));
                disposables.Push(loggers);
                var logger = loggers.CreateLogger("bot." + member.StrategyId);
                var (runner, run) = await StartBotAsync(ctx, new BotStart(member, group.Members[i], null, files[i], reset, exchange.Name, Group: path),
                    exchange, journal, http, metrics: null, time, logger, ct);
                runners.Add(runner);
                running.Add((runner, run));
            }

            ctx.Terminal.Notice($"Group '{Path.GetFileNameWithoutExtension(path)}' running {members.Count} bots on {exchange.Name}: " +
                                $"{string.Join(", ", members.Select(m => $"{m.StrategyId} ({m.Kind}, {m.Market})"))}. " +
                                "Stop one: 'krakenbot stop --bot ID'; all: Ctrl+C or 'krakenbot stop'.");
            var runs = running.Select(async (member, i) =>
            {
                try
                {
                    return await member.Run.RunAsync(null, ct);
                }
                finally
                {
                    locks[i].Dispose();
                }
            }).ToList();
            var all = Task.WhenAll(runs);
            var watch = group.MaxGlobalDrawdownQuote is { } limit
                ? new StrategyGroupWatch(running, limit, time, groupLogger).RunAsync(all, ct)
                : Task.CompletedTask;
            var finals = await all;
            await watch;

            if (ctx.Json)
            {
                ctx.Terminal.Out.WriteLine("{\"bots\": [" + string.Join(",", files.Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f.StatusPath)).TrimEnd())) + "]}");
            }
            else
            {
                foreach (var final in finals)
                    ctx.Terminal.Notice($"Bot '{final.StrategyId}' {BotStatusDocument.StatusName(final.Status)}{(final.Reason is { } r ? ": " + r : "")}.");
            }

            if (finals.FirstOrDefault(f => f.Status == StrategyStatus.Failed) is { } failed)
            {
                throw new CliException("strategy_failed",
                    $"The bot '{failed.StrategyId}' of the group failed: {failed.Reason}. Its orders were cancelled; details in its bot.log.");
            }

            return 0;
        }
        finally
        {
            foreach (var runner in runners) await runner.DisposeAsync();
            while (disposables.Count > 0) disposables.Pop().Dispose();
            foreach (var held in locks) held.Dispose();
        }
    }
}
