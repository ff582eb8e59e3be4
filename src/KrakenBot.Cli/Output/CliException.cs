namespace KrakenBot.Cli.Output;

/// <summary>A failure the command reports to the user as-is: a category (see <see cref="CliErrorKind"/>) and a message that says what to do.</summary>
internal sealed class CliException(string category, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Category { get; } = category;

    public static CliException Usage(string message) => new("usage", message);
    public static CliException Configuration(string message) => new("configuration", message);
}
