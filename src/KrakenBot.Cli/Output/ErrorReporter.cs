using System.Net.Sockets;
using KrakenBot.Connector.Storage;
using KrakenBot.Connector.Trading.Errors;
using Spectre.Console;

namespace KrakenBot.Cli.Output;

/// <summary>Turns any failure into one category, one message and one exit code, and prints it the way the user asked.</summary>
internal static class ErrorReporter
{
    public static (string Category, string Message) Classify(Exception e) => e switch
    {
        CliException cli => (cli.Category, cli.Message),
        ExchangeException x => (CliErrorKind.Of(x.Category), x.Message),
        OperationCanceledException => ("cancelled", "Cancelled."),
        HttpRequestException or SocketException => ("network", $"The exchange could not be reached: {e.Message}"),
        JournalException => ("internal", e.Message),
        IOException or UnauthorizedAccessException => ("configuration", e.Message),
        _ => ("internal", $"Unexpected {e.GetType().Name}: {e.Message}"),
    };

    /// <summary>Prints the error (JSON envelope on stdout, or a line on stderr) and returns the exit code.</summary>
    public static int Report(Terminal terminal, bool json, string category, string message)
    {
        if (json)
        {
            terminal.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("error", category);
                w.WriteString("message", message);
                w.WriteEndObject();
            });
        }
        else if (terminal.StdoutIsTerminal)
        {
            terminal.Error.WriteLine($"\u001b[31merror ({category}):\u001b[0m {message}");
        }
        else
        {
            terminal.Error.WriteLine($"error ({category}): {message}");
        }
        terminal.Error.Flush();
        return CliErrorKind.ExitCode(category);
    }

    public static int Report(Terminal terminal, bool json, Exception e)
    {
        var (category, message) = Classify(e);
        return Report(terminal, json, category, message);
    }

    /// <summary>Markup-safe text for Spectre.</summary>
    public static string Safe(string text) => Markup.Escape(text);
}
