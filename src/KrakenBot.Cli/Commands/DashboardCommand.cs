using System.CommandLine;
using KrakenBot.Cli.Bots;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Connector.PaperTrade;
using KrakenBot.Connector.Trading;
using KrakenBot.Dashboard.Hosting;
using KrakenBot.Dashboard.State;
using KrakenBot.Strategies.Hosting;
using Microsoft.Extensions.Logging;

namespace KrakenBot.Cli.Commands;

/// <summary>What <c>--dashboard [ADDRESS:PORT]</c> and <c>--dashboard-controls</c> asked for.</summary>
internal sealed record DashboardRequest(DashboardAddress Address, bool Controls);

/// <summary>
/// The web dashboard from the command line: <c>start --dashboard</c> serves the running bot's, <c>dashboard</c> an
/// account's (book, open orders, fills, balances, health) without a strategy. Both print the URL to open; beyond
/// loopback the URL carries the token, printed once to the terminal and written nowhere else.
/// </summary>
internal static class DashboardCommand
{
    public static Option<string?> AddressOption() => new("--dashboard")
    {
        Description = "Serve a live web dashboard at ADDRESS:PORT (default 127.0.0.1 on a free port; any other address needs the token printed at start).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Option<bool> ControlsOption() => new("--dashboard-controls")
    {
        Description = "Show the dashboard's controls (pause, resume, cancel all, stop); each asks for confirmation and is logged.",
    };

    /// <summary>The request, or null when <c>--dashboard</c> was not given.</summary>
    public static DashboardRequest? Request(ParseResult result, Option<string?> address, Option<bool> controls)
    {
        if (result.GetResult(address) is null)
        {
            if (result.GetValue(controls)) throw CliException.Usage("--dashboard-controls needs --dashboard: add --dashboard [ADDRESS:PORT].");
            return null;
        }
        return new DashboardRequest(ParseAddress(result.GetValue(address)), result.GetValue(controls));
    }

    public static void Add(Action<Command, Func<ParseResult, CommandContext, CancellationToken, Task<int>>> add)
    {
        var address = new Argument<string?>("address") { Description = "ADDRESS:PORT to serve on (default 127.0.0.1 on a free port).", Arity = ArgumentArity.ZeroOrOne };
        var pair = new Option<string?>("--pair") { Description = "The pair whose book, orders and fills are shown (default: every pair's orders and fills, no book)." };
        var controls = ControlsOption();
        controls.Description = "Show the cancel-all control (pause, resume and stop need a running strategy: use start --dashboard).";
        add(new Command("dashboard", "Serve a live web dashboard of the account (book, open orders, fills, balances, health) until Ctrl+C, without running a strategy.") { address, pair, controls },
            (r, ctx, ct) => RunAccountAsync(ctx, new DashboardRequest(ParseAddress(r.GetValue(address)), r.GetValue(controls)), r.GetValue(pair), ct));
    }

    /// <summary>Serves the running bot's dashboard; disposed (stopped) before the runner.</summary>
    public static async Task<IAsyncDisposable> StartForBotAsync(CommandContext ctx, DashboardRequest request, IExchange exchange, StrategyRunner runner,
        BotRun run, ILoggerFactory loggers, CancellationToken ct)
    {
        var source = new DashboardSource { Exchange = exchange, Mode = Mode(ctx.Settings, exchange), Runner = runner };
        var controls = new StrategyControls(runner, reason =>
        {
            run.RequestStop(reason);
            return Task.CompletedTask;
        });
        return await StartAsync(ctx, request, source, controls, loggers.CreateLogger("dashboard"), ct);
    }

    private static async Task<int> RunAccountAsync(CommandContext ctx, DashboardRequest request, string? pairName, CancellationToken ct)
    {
        var exchange = await ExchangeTradingCommands.ExchangeAsync(ctx, ct);
        TradingPair? pair = null;
        if (pairName is not null)
        {
            var session = await ctx.SessionAsync(ct);
            pair = (await session.PairAsync(pairName, ct)).Pair;
        }

        IReadOnlyList<Fill> earlier = exchange is PaperExchange paper ? await paper.GetTradeHistoryAsync(50, ct) : [];
        if (pair is not null) earlier = [.. earlier.Where(f => f.Pair == pair)];
        var source = new DashboardSource { Exchange = exchange, Mode = Mode(ctx.Settings, exchange), Pair = pair, EarlierFills = earlier };
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
            .AddFilter((category, _) => category == "dashboard"));
        await using var dashboard = await StartAsync(ctx, request, source, new AccountControls(exchange, pair), loggers.CreateLogger("dashboard"), ct);
        ctx.Terminal.Notice("Serving until Ctrl+C.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        return 0;
    }

    private static async Task<IAsyncDisposable> StartAsync(CommandContext ctx, DashboardRequest request, DashboardSource source, IDashboardControls controls,
        ILogger logger, CancellationToken ct)
    {
        var feed = new DashboardFeed(source, TimeProvider.System, logger);
        DashboardServer? server = null;
        try
        {
            await feed.StartAsync(ct);
            server = await DashboardServer.StartAsync(feed, new DashboardOptions { Address = request.Address, ControlsEnabled = request.Controls }, controls, logger, ct);
        }
        catch (IOException e)
        {
            await feed.DisposeAsync();
            throw CliException.Usage($"The dashboard cannot listen on {request.Address}: {e.Message}. Choose another address or port (0 picks a free one).");
        }
        catch
        {
            await feed.DisposeAsync();
            throw;
        }

        // The token goes to the terminal only: the log gets the address without it.
        logger.LogInformation("Dashboard serving {Mode} at {Url} (controls {Controls}, token {Token})", source.Mode, server.Url,
            request.Controls ? "on" : "off", server.Token is null ? "not required on loopback" : "required");
        ctx.Terminal.Notice($"Dashboard ({source.Mode.ToString().ToLowerInvariant()}): {server.LaunchUrl}");
        if (server.Token is not null)
            ctx.Terminal.Notice("The dashboard listens beyond loopback: every request needs the token in this URL (keep it private).");
        return new Running(server, feed);
    }

    /// <summary>Paper when nothing reaches an exchange; live on Kraken's own endpoint; sandbox on any other.</summary>
    internal static TradingMode Mode(CliSettings settings, IExchange exchange)
    {
        if (exchange.IsPaper) return TradingMode.Paper;
        if (settings.UsesEmbeddedSandbox) return TradingMode.Sandbox;
        return settings.RestUrl is { } url && !url.Host.EndsWith("kraken.com", StringComparison.OrdinalIgnoreCase) ? TradingMode.Sandbox : TradingMode.Live;
    }

    private static DashboardAddress ParseAddress(string? text)
    {
        try
        {
            return DashboardAddress.Parse(text);
        }
        catch (FormatException e)
        {
            throw CliException.Usage(e.Message);
        }
    }

    private sealed class Running(DashboardServer server, DashboardFeed feed) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await server.DisposeAsync();
            await feed.DisposeAsync();
        }
    }

    /// <summary>Without a strategy only cancel-all means something.</summary>
    private sealed class AccountControls(IExchange exchange, TradingPair? pair) : IDashboardControls
    {
        private const string NoStrategy = "No strategy runs in this process: start one with 'krakenbot start --config FILE --dashboard'.";

        public Task<string> PauseAsync(CancellationToken cancellationToken) => Task.FromResult(NoStrategy);

        public Task<string> ResumeAsync(CancellationToken cancellationToken) => Task.FromResult(NoStrategy);

        public Task<string> StopAsync(CancellationToken cancellationToken) => Task.FromResult(NoStrategy);

        public async Task<string> CancelAllAsync(CancellationToken cancellationToken)
        {
            int cancelled = await exchange.CancelAllAsync(pair, cancellationToken);
            return $"{cancelled} order(s) on {pair?.ToString() ?? "every pair"} cancelled.";
        }
    }
}
