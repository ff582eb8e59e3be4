using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace KrakenBot.Cli.Output;

/// <summary>
/// The process's streams as the commands see them: a Spectre console for tables, raw stdout for JSON, stderr for
/// notices and errors, stdin for prompts. Tests and the shell swap them; nothing else touches <see cref="Console"/>.
/// </summary>
internal sealed class Terminal
{
    public Terminal(TextWriter stdout, TextWriter stderr, TextReader stdin, bool stdinIsTerminal, bool stdoutIsTerminal)
    {
        var isInteractive = stdinIsTerminal && stdoutIsTerminal;
        StdinIsTerminal = stdinIsTerminal;
        Out = stdout;
        Error = stderr;
        In = stdin;
        IsInteractive = isInteractive;
        StdoutIsTerminal = stdoutIsTerminal;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = stdoutIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = stdoutIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!stdoutIsTerminal) Console.Profile.Width = 160;
        // Prompts go to stderr so that stdout carries only the command's output (JSON stays parseable).
        _prompts = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Interactive = stdinIsTerminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }

    private readonly IAnsiConsole _prompts;

    /// <summary>The real process streams.</summary>
    public static Terminal FromProcess() => new(
        System.Console.Out, System.Console.Error, System.Console.In,
        stdinIsTerminal: !System.Console.IsInputRedirected,
        stdoutIsTerminal: !System.Console.IsOutputRedirected);

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public TextReader In { get; }

    /// <summary>Tables, live views and prompts.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>A person is at the keyboard and watching stdout: prompts with masking, spinners and live redraws are allowed.</summary>
    public bool IsInteractive { get; }

    /// <summary>stdin is a terminal: prompts can mask what is typed.</summary>
    public bool StdinIsTerminal { get; }

    /// <summary>stdout is a terminal (redrawing in place works).</summary>
    public bool StdoutIsTerminal { get; }

    /// <summary>Writes one JSON document (and a newline) to stdout.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            write(writer);
        Out.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        Out.Flush();
    }

    /// <summary>A notice for people: stderr, so that stdout stays clean for JSON and pipes.</summary>
    public void Notice(string text)
    {
        Error.WriteLine(text);
        Error.Flush();
    }

    /// <summary>
    /// Reads one line after showing <paramref name="prompt"/> on stderr. Secrets are masked when stdin is a terminal;
    /// from redirected stdin nothing is echoed at all. Returns null at end of input.
    /// </summary>
    public string? Prompt(string prompt, bool secret)
    {
        if (StdinIsTerminal)
        {
            var text = new TextPrompt<string>(prompt + " ").AllowEmpty();
            if (secret) text = text.Secret();
            return _prompts.Prompt(text);
        }
        // Prompt to stderr: stdout may be JSON. The answer comes from redirected stdin and is never echoed.
        Error.Write(prompt + " ");
        Error.Flush();
        var line = In.ReadLine();
        Error.WriteLine();
        return line;
    }
}
