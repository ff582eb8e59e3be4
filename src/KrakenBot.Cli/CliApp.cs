using System.CommandLine;
using System.CommandLine.Parsing;
using KrakenBot.Cli.Commands;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Metrics;
using KrakenBot.Cli.Output;
using KrakenBot.Cli.Shell;

namespace KrakenBot.Cli;

/// <summary>
/// The <c>krakenbot</c> program: parses a command line (or, with no command, runs the interactive shell with the
/// global options given), runs the command, and turns every failure into an error category and exit code.
/// </summary>
internal sealed class CliApp
{
    private readonly Terminal _terminal;
    private readonly Func<string, string?> _environment;
    private readonly GlobalOptions _global = new();
    private readonly RootCommand _root;
    private ConnectorSession? _shellSession;
    private bool _inShell;
    private ParseResult? _shellOptions;
    private bool _shellOnSandbox;
    private MetricsEndpoint? _metrics;

    public CliApp(Terminal terminal, Func<string, string?> environment)
    {
        _terminal = terminal;
        _environment = environment;
        _root = CommandTree.Build(this, _global);
    }

    public Terminal Terminal => _terminal;

    public static Task<int> RunProcessAsync(string[] args, CancellationToken cancellationToken) =>
        new CliApp(Terminal.FromProcess(), Environment.GetEnvironmentVariable).RunAsync(args, cancellationToken);

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        try
        {
            return await RunLinesAsync(args, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics?.Dispose();
            _metrics = null;
        }
    }

    private async Task<int> RunLinesAsync(string[] args, CancellationToken cancellationToken)
    {
        var result = _root.Parse(args);
        if (args.Length > 0 && !IsShellLaunch(result, args)) return await InvokeLineAsync(args, cancellationToken).ConfigureAwait(false);

        CliSettings launch;
        try { launch = _global.Resolve(result, _environment); }
        catch (CliException e) { return ErrorReporter.Report(_terminal, GlobalOptions.SniffFormat(args) == OutputFormat.Json, e); }
        _shellOptions = result;
        if (result.GetResult(_global.Connector) is { Implicit: false }) SelectShellConnector(launch.Connector);
        return await new InteractiveShell(this, launch, askForSandbox: ShellConnector is null && !launch.HasEndpoint)
            .RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Global options and no command (<c>krakenbot --connector sandbox</c>): the shell, with those options for every
    /// line. Anything else the parser did not accept stays a usage error.
    /// </summary>
    private bool IsShellLaunch(ParseResult result, IReadOnlyList<string> args) =>
        result.CommandResult.Command == _root && result.UnmatchedTokens.Count == 0 && !IsHelpRequest(args)
        && result.CommandResult.Children.All(c => c is OptionResult o && _global.All.Contains(o.Option))
        && result.Errors.All(e => e.SymbolResult is CommandResult);

    /// <summary>Parses and runs one command line (from the process arguments or a shell line).</summary>
    public async Task<int> InvokeLineAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = _root.Parse(args);
        if (result.Errors.Count > 0 && !IsHelpRequest(args))
        {
            var message = string.Join(" ", result.Errors.Select(e => e.Message));
            return ErrorReporter.Report(_terminal, GlobalOptions.SniffFormat(args) == OutputFormat.Json, "usage",
                message + " Run 'krakenbot --help' (or 'krakenbot COMMAND --help') for usage.");
        }
        var config = new InvocationConfiguration
        {
            Output = _terminal.Out,
            Error = _terminal.Error,
            EnableDefaultExceptionHandler = false,
            // Program handles Ctrl+C/SIGTERM itself and cancels this token: the command then shuts down cleanly however
            // long that takes (a bot cancels its orders). System.CommandLine's own handler would give up after 2 s and
            // exit 130 with the shutdown cut short.
            ProcessTerminationTimeout = null,
        };
        return await result.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsHelpRequest(IReadOnlyList<string> args) => args.Any(a => a is "-h" or "--help" or "-?");

    /// <summary>Enters shell mode: one exchange session is kept open across commands (the sandbox stays up).</summary>
    public void EnterShell() => _inShell = true;

    public async ValueTask LeaveShellAsync()
    {
        _inShell = false;
        if (_shellSession is not null) await _shellSession.DisposeAsync().ConfigureAwait(false);
        _shellSession = null;
    }

    /// <summary>Drops the shell's session (after <c>connect kraken</c> saved new credentials).</summary>
    public async ValueTask ResetShellSessionAsync()
    {
        if (_shellSession is not null) await _shellSession.DisposeAsync().ConfigureAwait(false);
        _shellSession = null;
    }

    /// <summary>Connector the shell switched to with <c>connect</c>, overriding <c>--connector</c> for later lines.</summary>
    public ConnectorKind? ShellConnector { get; private set; }

    /// <summary>
    /// Switches the shell's connector (<c>connect</c>, the sandbox offer, <c>--connector</c> at launch). Choosing
    /// <c>sandbox</c> or <c>kraken</c> also chooses the market; paper trading keeps the market chosen last, so after
    /// <c>connect sandbox</c>, <c>connect kraken_paper_trade</c> paper trades on the sandbox's market.
    /// </summary>
    public void SelectShellConnector(ConnectorKind kind)
    {
        ShellConnector = kind;
        if (kind != ConnectorKind.KrakenPaperTrade) _shellOnSandbox = kind == ConnectorKind.Sandbox;
    }

    /// <summary>Runs a command handler with the global options resolved and every failure reported.</summary>
    public async Task<int> ExecuteAsync(ParseResult parseResult, Func<CommandContext, CancellationToken, Task<int>> handler, CancellationToken cancellationToken)
    {
        var json = GlobalOptions.SniffFormat(parseResult.Tokens.Select(t => t.Value).ToArray()) == OutputFormat.Json;
        ConnectorSession? oneShot = null;
        CliSettings? settings = null;
        try
        {
            settings = _global.Resolve(parseResult, _environment, _inShell ? _shellOptions : null);
            json = settings.Json;
            // One endpoint for the process (the shell's later lines keep it).
            if (settings.MetricsPort is { } port && _metrics is null) _metrics = MetricsEndpoint.Start(port);
            if (_inShell)
            {
                if (ShellConnector is { } chosen && parseResult.GetResult(_global.Connector) is not { Implicit: false })
                    settings = settings with { Connector = chosen };
                settings = settings with { PaperOnSandbox = _shellOnSandbox };
            }
            async Task<ConnectorSession> Session(CancellationToken ct)
            {
                if (_inShell)
                {
                    // One session per market: switching between the sandbox and paper trading on it keeps the sandbox running.
                    if (_shellSession is not null && !_shellSession.Serves(settings)) await ResetShellSessionAsync().ConfigureAwait(false);
                    return _shellSession ??= await ConnectorSession.OpenAsync(settings, _terminal, ct).ConfigureAwait(false);
                }
                return oneShot ??= await ConnectorSession.OpenAsync(settings, _terminal, ct).ConfigureAwait(false);
            }
            return await handler(new CommandContext(_terminal, settings, Session), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (category, message) = ErrorReporter.Classify(e);
            if (category == "network" && settings is { UsesEmbeddedSandbox: false, HasEndpoint: false })
                message += " No endpoint was given, so this went to live Kraken. Offline? Add '--connector sandbox' (or run 'krakenbot demo').";
            return ErrorReporter.Report(_terminal, json, category, message);
        }
        finally
        {
            if (oneShot is not null) await oneShot.DisposeAsync().ConfigureAwait(false);
        }
    }
}
