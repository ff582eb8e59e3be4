using System.Text;
using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Keys;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Shell;

/// <summary>
/// The Hummingbot-style prompt (<c>krakenbot</c> with no arguments): one command per line, the same names as the
/// one-shot commands (plus <c>order_book</c>, <c>help</c>, <c>exit</c>). The exchange session stays open between
/// lines, so the embedded sandbox keeps running until <c>exit</c>.
/// </summary>
internal sealed class InteractiveShell(CliApp app, GlobalOptions global)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _ = global;
        var terminal = app.Terminal;
        terminal.Notice("krakenbot interactive shell. Type 'help' for commands, 'exit' to leave.");
        app.EnterShell();
        try
        {
            OfferSandboxWhenUnconfigured(terminal);
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
        var env = app.EnvironmentVariables;
        if (!string.IsNullOrEmpty(env(CliSettings.ApiKeyVariable)) || !string.IsNullOrEmpty(env(CliSettings.RestUrlVariable))) return;
        var dataDir = env(CliSettings.DataDirVariable) is { Length: > 0 } d ? d : CliSettings.DefaultDataDirectory();
        if (File.Exists(KeyFile.PathFor(dataDir, ConnectorNames.Kraken))) return;
        terminal.Notice("No Kraken API keys found (run 'connect kraken', or set KRAKEN_API_KEY/KRAKEN_API_SECRET) and no endpoint given.");
        var answer = terminal.Prompt("Use the local sandbox exchange instead? (Yes/No) >>>", secret: false);
        if (answer is not null && answer.Trim().StartsWith('y'))
        {
            app.ShellConnector = ConnectorKind.Sandbox;
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
