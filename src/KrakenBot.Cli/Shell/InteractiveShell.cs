using System.Text;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Keys;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Shell;

/// <summary>
/// The Hummingbot-style prompt (<c>krakenbot</c> with no command, optionally with global options such as
/// <c>--connector sandbox</c> that apply to every line): one command per line, the same names as the one-shot commands
/// (plus <c>order_book</c>, <c>help</c>, <c>exit</c>). The exchange session stays open between lines, so the embedded
/// sandbox keeps running until <c>exit</c>.
/// </summary>
/// <param name="app">Runs each line.</param>
/// <param name="launch">The global options the shell was started with.</param>
/// <param name="askForSandbox">No connector was chosen at launch: offer the sandbox when no keys are found.</param>
internal sealed class InteractiveShell(CliApp app, CliSettings launch, bool askForSandbox)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var terminal = app.Terminal;
        terminal.Notice("krakenbot interactive shell. Type 'help' for commands, 'exit' to leave.");
        app.EnterShell();
        try
        {
            if (askForSandbox) OfferSandboxWhenUnconfigured(terminal);
            else if (app.ShellConnector is { } chosen) terminal.Notice($"Connector: {ConnectorNames.Name(chosen)}. 'connect kraken', 'connect kraken_paper_trade' or 'connect sandbox' switches.");
            var last = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                terminal.Error.Write(">>> ");
                terminal.Error.Flush();
                var line = terminal.In.ReadLine();
                if (line is null) break;
                var args = Split(line);
                if (args.Count == 0) continue;
                if (args[0] is "exit" or "quit") break;
                if (args[0] == "help") args = ["--help"];
                last = await app.InvokeLineAsync(args, cancellationToken).ConfigureAwait(false);
            }
            return last;
        }
        finally
        {
            await app.LeaveShellAsync().ConfigureAwait(false);
        }
    }

    /// <summary>No keys and no endpoint: say so, and offer the sandbox rather than failing on the first private command.</summary>
    private void OfferSandboxWhenUnconfigured(Terminal terminal)
    {
        if (!string.IsNullOrEmpty(launch.Environment(CliSettings.ApiKeyVariable))) return;
        if (File.Exists(KeyFile.PathFor(launch.DataDirectory, ConnectorNames.Kraken))) return;
        terminal.Notice("No Kraken API keys found (run 'connect kraken', or set KRAKEN_API_KEY/KRAKEN_API_SECRET) and no endpoint given.");
        var answer = terminal.Prompt("Use the local sandbox exchange instead? (Yes/No) >>>", secret: false);
        if (answer is not null && answer.Trim().StartsWith('y'))
        {
            app.SelectShellConnector(ConnectorKind.Sandbox);
            terminal.Notice("Using the embedded sandbox. 'connect kraken' switches to Kraken.");
        }
    }

    /// <summary>Splits a line into arguments; double or single quotes group words.</summary>
    internal static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var inArg = false;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'') { quote = c; inArg = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inArg) { args.Add(current.ToString()); current.Clear(); inArg = false; }
            }
            else { current.Append(c); inArg = true; }
        }
        if (inArg) args.Add(current.ToString());
        return args;
    }
}
