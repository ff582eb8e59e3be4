using System.CommandLine;
using KrakenBot.Cli.Commands;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;
using KrakenBot.Cli.Shell;

namespace KrakenBot.Cli;

/// <summary>
/// The <c>krakenbot</c> program: parses a command line (or, with no arguments on a terminal, runs the interactive
/// shell), runs the command, and turns every failure into an error category and exit code.
/// </summary>
internal sealed class CliApp
{
    private readonly Terminal _terminal;
    private readonly Func<string, string?> _environment;
    private readonly GlobalOptions _global = new();
    private readonly RootCommand _root;
    private ConnectorSession? _shellSession;
    private bool _inShell;

    public CliApp(Terminal terminal, Func<string, string?> environment)
    {
        _terminal = terminal;
        _environment = environment;
        _root = CommandTree.Build(this, _global);
    }

    public Terminal Terminal => _terminal;

    public Func<string, string?> EnvironmentVariables => _environment;

    public static Task<int> RunProcessAsync(string[] args, CancellationToken cancellationToken) =>
        new CliApp(Terminal.FromProcess(), Environment.GetEnvironmentVariable).RunAsync(args, cancellationToken);

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            return await new InteractiveShell(this, _global).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        return await InvokeLineAsync(args, cancellationToken).ConfigureAwait(false);
    }

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

    /// <summary>Drops the shell's session (after <c>connect</c> changes credentials or connector).</summary>
    public async ValueTask ResetShellSessionAsync()
    {
        if (_shellSession is not null) await _shellSession.DisposeAsync().ConfigureAwait(false);
        _shellSession = null;
    }

    /// <summary>Connector the shell switched to with <c>connect</c>, overriding <c>--connector</c> for later lines.</summary>
    public ConnectorKind? ShellConnector { get; set; }

    /// <summary>Runs a command handler with the global options resolved and every failure reported.</summary>
    public async Task<int> ExecuteAsync(ParseResult parseResult, Func<CommandContext, CancellationToken, Task<int>> handler, CancellationToken cancellationToken)
    {
        var json = GlobalOptions.SniffFormat(parseResult.Tokens.Select(t => t.Value).ToArray()) == OutputFormat.Json;
        ConnectorSession? oneShot = null;
        CliSettings? settings = null;
        try
        {
            settings = _global.Resolve(parseResult, _environment);
            json = settings.Json;
            if (_inShell && ShellConnector is { } chosen && parseResult.GetResult(_global.Connector) is not { Implicit: false })
                settings = settings with { Connector = chosen };
            async Task<ConnectorSession> Session(CancellationToken ct)
            {
                if (_inShell)
                {
                    if (_shellSession is not null && _shellSession.Kind != settings.Connector) await ResetShellSessionAsync().ConfigureAwait(false);
                    return _shellSession ??= await ConnectorSession.OpenAsync(settings, _terminal, ct).ConfigureAwait(false);
                }
                return oneShot ??= await ConnectorSession.OpenAsync(settings, _terminal, ct).ConfigureAwait(false);
            }
            return await handler(new CommandContext(_terminal, settings, Session), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var (category, message) = ErrorReporter.Classify(e);
            if (category == "network" && settings is { Connector: not ConnectorKind.Sandbox, HasEndpoint: false })
                message += " No endpoint was given, so this went to live Kraken. Offline? Add '--connector sandbox' (or run 'krakenbot demo').";
            return ErrorReporter.Report(_terminal, json, category, message);
        }
        finally
        {
            if (oneShot is not null) await oneShot.DisposeAsync().ConfigureAwait(false);
        }
    }
}
