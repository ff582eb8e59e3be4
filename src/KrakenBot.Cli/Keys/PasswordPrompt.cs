using KrakenBot.Cli.Hosting;
using KrakenBot.Cli.Output;

namespace KrakenBot.Cli.Keys;

/// <summary>The key-file password: <c>KRAKENBOT_PASSWORD</c> for scripts, otherwise a masked prompt.</summary>
internal static class PasswordPrompt
{
    private const int MinimumLength = 8;

    public static string Existing(CliSettings settings, Terminal terminal) =>
        FromEnvironment(settings) ?? Ask(terminal, "Enter your password to unlock your keys >>>");

    /// <summary>A password for a new key file: from the environment, or typed twice.</summary>
    public static string New(CliSettings settings, Terminal terminal)
    {
        var password = FromEnvironment(settings);
        if (password is null)
        {
            password = Ask(terminal, "Enter a password to protect your keys >>>");
            var again = Ask(terminal, "Please reenter your password >>>");
            if (!string.Equals(password, again, StringComparison.Ordinal))
                throw CliException.Usage("The two passwords differ; nothing was saved. Run the command again.");
        }
        if (password.Length < MinimumLength)
            throw CliException.Usage($"The password must have at least {MinimumLength} characters; nothing was saved.");
        return password;
    }

    private static string? FromEnvironment(CliSettings settings)
    {
        var value = settings.Environment(CliSettings.PasswordVariable);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static string Ask(Terminal terminal, string prompt) =>
        terminal.Prompt(prompt, secret: true) is { Length: > 0 } answer
            ? answer
            : throw CliException.Usage($"No password given: type it at the prompt or set {CliSettings.PasswordVariable}.");
}
